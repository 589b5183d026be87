"""Personal links leave the outbox once their mail is delivered (or has failed for good).

Only a SHA-256 of each token is kept in the token table; without this step the stored copy
of the mail would still hold the raw link, readable in the mail log or a database dump.
A failed mail is not resent from the mail log with its link: staff send a new invitation,
which makes a new link. One scrub for every kind: /opfoelgning/, /moeder/, /inviteret/,
and the unsubscribe link of a news mail (/nyheder/afmeld/), also in the stored extra headers
(List-Unsubscribe, intake/news/mails.py).
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from intake.extensions import db
from intake.invitations.models import LinkMail
from intake.outbox.models import MailStatus, OutboxMessage
from intake.outbox.service import enqueue
from intake.transactions import unit_of_work

PREFIXES = ("opfoelgning", "moeder", "inviteret", "nyheder/afmeld")
LINK = re.compile(r"/(opfoelgning|moeder|inviteret|nyheder/afmeld)/[A-Za-z0-9_-]{43}")
REMOVED = r"/\1/[personligt link fjernet efter afsendelse]"


def enqueue_with_link(kind: str, to: list[str], subject: str, text: str,
                      html: str | None, headers: dict[str, str] | None = None) -> OutboxMessage:
    """Queue a mail (outbox kind `kind`) and mark it for scrubbing once it has gone;
    both rows go in with the caller's flush. `headers`: extra headers as
    `intake.outbox.service.enqueue` takes them (ValueError for any it refuses)."""
    message = enqueue(kind, to, subject, text, html, flush=False, headers=headers)
    db.session.add(LinkMail(message=message))
    return message


def remove_links(text: str | None) -> str | None:
    return LINK.sub(REMOVED, text) if text else text


def remove_header_links(headers: dict | None) -> dict | None:
    """The stored extra headers with their links replaced (a new dict, so the JSON column
    sees the change)."""
    if not headers:
        return headers
    return {name: remove_links(value) for name, value in headers.items()}


def run() -> int:
    """Scrub every finished link mail, in one unit of work (intake/transactions.py); returns
    how many. Idempotent, so several workers may run it.

    It runs on every loop of the mail worker, so the usual case (nothing to scrub) is a
    read that takes no writer lock; only when there is work does it start again as a writer
    and read the rows afresh (another worker may have scrubbed them, or GDPR erased them).
    """
    finished = OutboxMessage.status.in_([MailStatus.SENT, MailStatus.FAILED])
    pending = db.session.scalar(sa.select(sa.exists().where(
        LinkMail.outbox_id == OutboxMessage.id, finished)))
    db.session.rollback()
    if not pending:
        return 0
    with unit_of_work(write=True) as session:
        rows = session.execute(
            sa.select(OutboxMessage, LinkMail)
            .join(LinkMail, LinkMail.outbox_id == OutboxMessage.id)
            .where(finished)
            .limit(500)
        ).all()
        for message, marker in rows:
            message.body_text = remove_links(message.body_text)
            message.body_html = remove_links(message.body_html)
            message.headers = remove_header_links(message.headers)
            session.delete(marker)
    return len(rows)
