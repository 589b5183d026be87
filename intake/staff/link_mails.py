"""Set-password links leave the outbox: the stored copy of the mail loses its link once the
mail is delivered (or has failed for good), and the mail log never shows it, even before.

Only a SHA-256 of each token is kept (intake/staff/accounts.py); without this the stored
mail would hold a working link, readable in the mail log by any staff member with the
sign-ups role, who could then take over a new (perhaps administrator) account.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from intake.extensions import db
from intake.outbox.models import MailStatus, OutboxMessage
from intake.transactions import unit_of_work

KINDS = ("staff_account_created",)
LINK = re.compile(r"/staff/adgangskode/[A-Za-z0-9_-]{20,100}")
REMOVED = "[engangslink fjernet]"


def remove_links(text: str | None) -> str | None:
    return LINK.sub(REMOVED, text) if text else text


def _finished_with_link():
    return sa.and_(
        OutboxMessage.kind.in_(KINDS),
        OutboxMessage.status.in_([MailStatus.SENT, MailStatus.FAILED]),
        OutboxMessage.body_text.like("%/staff/adgangskode/%"),
    )


def worker_task() -> int:
    """For add_worker_task: scrub finished link mails. A read first, so the usual loop takes
    no writer lock; idempotent, so several workers may run it."""
    pending = db.session.scalar(sa.select(sa.exists().where(_finished_with_link())))
    db.session.rollback()
    if not pending:
        return 0
    with unit_of_work(write=True) as session:
        rows = session.scalars(sa.select(OutboxMessage).where(_finished_with_link())).all()
        for message in rows:
            message.body_text = remove_links(message.body_text)
            message.body_html = remove_links(message.body_html)
    return len(rows)


def init_app(app) -> None:
    from intake.outbox.delivery import add_worker_task

    add_worker_task(app, worker_task)
    app.jinja_env.filters["without_staff_links"] = remove_links
