"""gunicorn's access log without secrets: no query strings, no token-like path segments.

Cancel links (/afmeld/<token>) and personal follow-up links carry a bearer token in the
path; an access log that kept them would let anyone who reads the log act as that person.
Path segments that look like tokens become "…", and a query string is logged as "?…".
The same applies to the Referer, which repeats such paths.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

# Reference numbers (HE-ABC123), slugs and dates stay readable; signed tokens are longer.
SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_.~+=-]{20,}(?=/|$)")
SLUG = re.compile(r"[a-z0-9-]{20,31}")


def _mask(match: re.Match) -> str:
    return match.group(0) if SLUG.fullmatch(match.group(0)) else "…"


def redact(target: str | None) -> str:
    path, has_query, _ = str(target or "").partition("?")
    path = SEGMENT.sub(_mask, path)
    return path + ("?…" if has_query else "")


def _redact_url(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if not sep:
        return redact(url)
    host, slash, target = rest.partition("/")
    return f"{scheme}://{host}{redact(slash + target)}"


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = redact(atoms.get("U"))
        atoms["q"] = "…" if atoms.get("q") else ""
        method, _, rest = str(atoms.get("r", "")).partition(" ")
        target, _, protocol = rest.rpartition(" ")
        atoms["r"] = f"{method} {redact(target)} {protocol}" if target else atoms.get("r", "")
        if atoms.get("f") and atoms["f"] != "-":
            atoms["f"] = _redact_url(str(atoms["f"]))
        for key in list(atoms):
            if key.lower() in ("{referer}i", "{cookie}i", "{authorization}i"):
                atoms[key] = "…"
        return atoms
