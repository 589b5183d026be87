"""Confirmation first: what a staff action will do, computed by the real service and undone.

`dry_run(action)` runs the very service the confirmed action will run, inside a SAVEPOINT,
notes every mail it queues (kind, recipients, subject, sign-up reference) and what it
returns, and rolls the SAVEPOINT back, so nothing is written. The preview therefore cannot
drift from what the action does: the same capacity rules pick the same people from the
waiting list. Its `digest` goes into the confirmation form; if the world changed before
staff confirm (somebody else cancelled meanwhile), the digest no longer matches and staff
see the new preview instead of an action they did not agree to.

Run it only in a request that may write (a POST): on SQLite that request began with
BEGIN IMMEDIATE, so the SAVEPOINT's writes cannot fail on a lock upgrade.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Session

from intake.extensions import db
from intake.gdpr import logfile
from intake.outbox.kinds import kind_label
from intake.outbox.models import OutboxMessage
from intake.signups.models import Signup
from intake.transactions import WAKE_WORKER

T = TypeVar("T")
CONFIRM_FIELD = "confirm"
DIGEST_FIELD = "preview"


@dataclass(frozen=True)
class PlannedMail:
    kind: str
    recipients: tuple[str, ...]
    subject: str
    reference: str | None = None

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


@dataclass
class Preview:
    """What an action will do. `lines` are Danish sentences (the consequences that are not
    mails), `mails` every message it will queue, `result` what the summarise function made of
    the service's return value while it was still readable."""

    mails: list[PlannedMail] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    result: Any = None

    @property
    def digest(self) -> str:
        data = [
            sorted((m.kind, m.recipients, m.subject, m.reference or "") for m in self.mails),
            [str(line) for line in self.lines],
        ]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:32]


_collecting: ContextVar[list | None] = ContextVar("intake_preview_mails", default=None)


@event.listens_for(Session, "after_attach")
def _note_mail(_session, instance) -> None:
    bucket = _collecting.get()
    if bucket is not None and isinstance(instance, OutboxMessage):
        bucket.append(instance)


def dry_run(
    action: Callable[[], T], summarise: Callable[[T], Any] = lambda value: value
) -> Preview:
    """Run `action` in a SAVEPOINT, note what it did, and undo it.

    `summarise(result)` turns the service's return value into plain data (references,
    labels) before the rollback expires the ORM objects it holds.
    """
    session = db.session()
    pending_log = list(session.info.get(logfile.PENDING, []))
    wake_noted = session.info.get(WAKE_WORKER, False)
    collected: list[OutboxMessage] = []
    token = _collecting.set(collected)
    savepoint = session.begin_nested()
    try:
        value = action()
        session.flush()
        preview = Preview(result=summarise(value))
        references = _references({m.signup_id for m in collected if m.signup_id})
        for message in collected:
            preview.mails.append(
                PlannedMail(
                    message.kind,
                    tuple(message.recipients or ()),
                    message.subject,
                    references.get(message.signup_id),
                )
            )
    finally:
        _collecting.reset(token)
        savepoint.rollback()
        # A rolled-back SAVEPOINT is not a transaction rollback: drop deletion-log lines the
        # dry run queued for after the commit, or an erasure preview would be logged.
        session.info[logfile.PENDING] = pending_log
        if not pending_log:
            session.info.pop(logfile.PENDING, None)
        if not wake_noted:  # the mails it queued are undone: nothing for the worker
            session.info.pop(WAKE_WORKER, None)
    return preview


def _references(signup_ids: set[int]) -> dict[int, str]:
    if not signup_ids:
        return {}
    rows = db.session.execute(
        sa.select(Signup.id, Signup.reference).where(Signup.id.in_(signup_ids))
    )
    return dict(rows.all())


def is_confirmed() -> bool:
    """The POST carries the confirmation form's field: the preview was seen."""
    return request.form.get(CONFIRM_FIELD) == "1"


def still_current(preview: Preview) -> bool:
    """The preview staff confirmed is the one the action would have now."""
    return request.form.get(DIGEST_FIELD, "") == preview.digest


CHANGED = _l("Noget har ændret sig, siden du så oversigten. Se den nye oversigt, og bekræft igen.")


def render_confirmation(
    *,
    title: str,
    action: str,
    button: str,
    back: str,
    preview: Preview,
    intro: str = "",
    fields: dict[str, str] | None = None,
    changed: bool = False,
    danger: bool = True,
    status: int = 200,
):
    """The confirmation page: what will happen, and a form that posts the same action again
    with `confirm=1`, the preview's digest and the original `fields` (hidden)."""
    return render_template(
        "staff/confirm.html",
        title=title,
        action=action,
        button=button,
        back=back,
        preview=preview,
        intro=intro,
        fields=fields or {},
        changed=changed,
        danger=danger,
        confirm_field=CONFIRM_FIELD,
        digest_field=DIGEST_FIELD,
        changed_message=CHANGED,
    ), status
