"""Putting mail in the outbox. Called by services inside their transaction; never sends."""

from __future__ import annotations

import re
from email.utils import make_msgid

from email_validator import EmailNotValidError, validate_email
from flask import current_app

from intake.clock import now
from intake.extensions import db
from intake.outbox.models import MailStatus, OutboxMessage

_HEADER_BREAK = re.compile(r"[\r\n\x00]+")


def one_line(value: str, limit: int = 250) -> str:
    """A header value can never carry a line break, so it can never add a header (Bcc:)."""
    return _HEADER_BREAK.sub(" ", value).strip()[:limit]


def clean_recipient(address: str) -> str:
    if _HEADER_BREAK.search(address):
        raise ValueError("recipient contains a line break")
    try:
        return validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(f"invalid recipient: {error}") from error


def enqueue(
    kind: str, to: list[str], subject: str, text: str, html: str | None = None,
    attachments: list[dict] | None = None, signup_id: int | None = None, flush: bool = True,
) -> OutboxMessage:
    """Queue one message. `flush=False` is for callers that queue hundreds in one go (a
    follow-up round's invitations) and flush once, so the rows are inserted in batches."""
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    domain = sender.rsplit("@", 1)[-1].strip(">").strip() or "intake.local"
    message = OutboxMessage(
        kind=kind, message_id=make_msgid(domain=domain), recipients=[clean_recipient(a) for a in to],
        subject=one_line(subject), body_text=text, body_html=html, attachments=attachments or [],
        status=MailStatus.QUEUED, attempts=0, next_attempt_at=now(), signup_id=signup_id,
    )
    db.session.add(message)
    if flush:
        db.session.flush()
    return message


def requeue(message: OutboxMessage) -> bool:
    """Staff resend: a failed message (or one waiting to retry) is due again now.

    The Message-ID stays, so a receiver that did get an earlier attempt sees a duplicate, not
    a new mail. Returns False when the message is not failed or retrying.
    """
    if message.status not in (MailStatus.FAILED, MailStatus.RETRYING):
        return False
    message.status = MailStatus.QUEUED
    message.next_attempt_at = now()
    message.claimed_at = None
    db.session.flush()
    return True
