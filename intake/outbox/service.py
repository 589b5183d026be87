"""Putting mail in the outbox. Called by services inside their transaction; never sends.

Each queued message marks the transaction, so the boundary that commits it wakes the mail
worker after the commit (intake/transactions.py)."""

from __future__ import annotations

import re
from email.utils import make_msgid

from email_validator import EmailNotValidError, validate_email

from intake.clock import now
from intake.extensions import db
from intake.outbox.addresses import configured_sender
from intake.outbox.models import MailStatus, OutboxMessage
from intake.transactions import wake_after_commit

_HEADER_BREAK = re.compile(r"[\r\n\x00]+")

# The only extra headers a caller may add, by their canonical spelling (RFC 2369 list
# headers and RFC 8058's one-click unsubscribe). Anything else is refused: a header name
# chosen by a caller could otherwise add Bcc:, or override From: or the Message-ID.
EXTRA_HEADERS = ("List-Unsubscribe", "List-Unsubscribe-Post", "List-Id")
_EXTRA_BY_KEY = {name.lower(): name for name in EXTRA_HEADERS}
_HEADER_VALUE = re.compile(r"[\x20-\x7e]{1,900}")  # printable ASCII, one line, no folding


def one_line(value: str, limit: int = 250) -> str:
    """A header value can never carry a line break, so it can never add a header (Bcc:)."""
    return _HEADER_BREAK.sub(" ", value).strip()[:limit]


def clean_recipient(address: str) -> str:
    """The address in its normalized form; ValueError if it is not an address at all.

    An address that is valid but that intake cannot deliver (non-ASCII before the @, stored
    before the field refused it) is queued all the same: its own message then fails in the
    outbox with the reason, for staff to see, and the action that caused it still succeeds.
    """
    if _HEADER_BREAK.search(address):
        raise ValueError("recipient contains a line break")
    try:
        return validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(f"invalid recipient: {error}") from error


def clean_headers(headers: dict[str, str] | None) -> dict[str, str] | None:
    """The extra headers as stored: names in their canonical spelling (`EXTRA_HEADERS`),
    values printable ASCII on one line, at most 900 characters (RFC 5322 §2.1.1 allows 998
    per line). Raises ValueError for any other name, and for a value with a line break
    (header injection: "x\r\nBcc: …"), a control or non-ASCII character, or none at all.
    None or {} gives None."""
    if not headers:
        return None
    cleaned = {}
    for name, value in headers.items():
        canonical = _EXTRA_BY_KEY.get(str(name).lower())
        if canonical is None:
            raise ValueError(f"header not allowed: {name!r}")
        if not isinstance(value, str) or not _HEADER_VALUE.fullmatch(value):
            raise ValueError(f"header {canonical} has a value that is not one ASCII line")
        cleaned[canonical] = value
    return cleaned


def prepare(
    kind: str, to: list[str], subject: str, text: str, html: str | None = None,
    attachments: list[dict] | None = None, signup_id: int | None = None,
    reply_to: str | None = None, headers: dict[str, str] | None = None,
) -> OutboxMessage:
    """One message, made but not yet in the session: a caller that renders before it takes
    a lock (a sign-up, intake/signups/service.py) adds it with `add` in the transaction that
    writes its cause, so it is committed or rolled back with that work. Arguments as
    `enqueue`; raises ValueError for a recipient or reply-to that is not an e-mail address,
    and for extra headers `clean_headers` refuses."""
    return OutboxMessage(
        kind=kind, message_id=make_msgid(domain=configured_sender().domain),
        recipients=[clean_recipient(a) for a in to],
        reply_to=clean_recipient(reply_to) if reply_to else None,
        subject=one_line(subject, 300), body_text=text, body_html=html,
        attachments=attachments or [], headers=clean_headers(headers),
        status=MailStatus.QUEUED, attempts=0, next_attempt_at=now(), signup_id=signup_id,
    )


def add(message: OutboxMessage, flush: bool = True) -> OutboxMessage:
    """Put a prepared message in the current transaction; it leaves only after its commit."""
    message.next_attempt_at = now()  # due from the moment its cause is written
    db.session.add(message)
    wake_after_commit()
    if flush:
        db.session.flush()
    return message


def enqueue(
    kind: str, to: list[str], subject: str, text: str, html: str | None = None,
    attachments: list[dict] | None = None, signup_id: int | None = None, flush: bool = True,
    reply_to: str | None = None, headers: dict[str, str] | None = None,
) -> OutboxMessage:
    """Queue one message. `flush=False` is for callers that queue hundreds in one go (a
    follow-up round's invitations) and flush once, so the rows are inserted in batches.
    `reply_to`: one address for the Reply-To header (RFC 5322 §3.6.2). `headers`: extra
    headers the transport adds, only those in `EXTRA_HEADERS` (`clean_headers`), e.g.
    {"List-Unsubscribe": "<https://…>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    (RFC 2369, RFC 8058). Raises ValueError for a recipient or reply-to that is not an
    e-mail address, and for headers `clean_headers` refuses."""
    message = prepare(kind, to, subject, text, html, attachments=attachments,
                      signup_id=signup_id, reply_to=reply_to, headers=headers)
    db.session.add(message)
    wake_after_commit()
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
    wake_after_commit()
    return True
