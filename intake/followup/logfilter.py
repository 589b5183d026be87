"""Keeps personal-link tokens out of the development server's request log.

Werkzeug logs every request line ("GET /opfoelgning/<token> HTTP/1.1", and the same for
/moeder/<token>, /inviteret/<token> and /nyheder/afmeld/<token>); the filter masks
the token before any handler sees the record. gunicorn's access log is masked by
intake.accesslog. The application itself never logs a token.
"""

from __future__ import annotations

import logging
import re

TOKEN_PATH = re.compile(
    r"(/(?:opfoelgning|moeder|inviteret|nyheder/afmeld)/)"
    r"(?!svar\b|aabn\b|mistet-link\b|log-ud\b)[^\s/?\"]+"
)


def redact(text: str) -> str:
    return TOKEN_PATH.sub(r"\1…", text)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install() -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactTokens) for f in logger.filters):
        logger.addFilter(RedactTokens())
