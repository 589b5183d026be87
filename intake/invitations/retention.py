"""Retention for invitations of every kind but rounds, run by `flask gdpr purge`.

GDPR art. 5(1)(e) (storage limitation): an invitation keeps a name and an e-mail address, so
it goes once it has no use left. Each kind's `Policy.expired` states when that is and why
(meetings: intake/meetings/policy.py, forms: intake/invitations/form_policy.py, news:
intake/news/policy.py). Rounds are left to intake/rounds/retention.py, which de-identifies
answers instead of deleting them; their policy's `expired` is None.

Deleting goes through the ORM, so an invitation's own row (joined-table inheritance), its
links (`LinkToken`), reminders (`Reminder`) and a meeting's RSVP changes go with it; the
database's ON DELETE CASCADE covers the rest (files attached to an invitation).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from intake.extensions import db
from intake.invitations.models import Invitation, InvitationKind
from intake.invitations.policies import all_policies

# (kind, invitation ids, the oldest moment their storage time counted from)
PlanItem = tuple[InvitationKind, list[int], datetime]


def _register_kinds() -> None:
    """Import the kinds' policies (each registers itself), also in a command without views."""
    from intake.invitations import form_policy  # noqa: F401
    from intake.meetings import policy as meeting_policy  # noqa: F401
    from intake.news import policy as news_policy  # noqa: F401


def plan(moment: datetime) -> list[PlanItem]:
    """The invitations past their storage time at `moment` (aware UTC), kind by kind, in the
    order of `InvitationKind`; kinds with nothing to delete are left out. Reads only."""
    _register_kinds()
    found = []
    policies = {policy.kind: policy for policy in all_policies()}
    for kind in InvitationKind:
        query = policies[kind].expired(moment) if kind in policies else None
        if query is None:
            continue
        rows = db.session.execute(query).all()
        if rows:
            found.append((kind, sorted(row[0] for row in rows), min(row[1] for row in rows)))
    return found


def total(found: list[PlanItem]) -> int:
    return sum(len(ids) for _, ids, _ in found)


def purge(found: list[PlanItem], *, batch: int = 500) -> tuple[dict[str, int], dict]:
    """Delete the invitations `plan` found (flushes, never commits). Returns (counts per kind
    value, e.g. {"meeting": 3}; the payload for the deletion log: ids and creation times only,
    which intake/invitations/gdpr.py `InvitationData.reapply` repeats on a restored backup)."""
    counts: dict[str, int] = {}
    entries = []
    for kind, ids, _ in found:
        for start in range(0, len(ids), batch):
            invitations = db.session.scalars(
                sa.select(Invitation)
                .where(Invitation.id.in_(ids[start:start + batch]))
                .options(selectinload(Invitation.tokens), selectinload(Invitation.reminders))
                .order_by(Invitation.id)
            ).all()
            for invitation in invitations:
                entries.append(
                    {"id": invitation.id, "created_at": invitation.created_at.isoformat()}
                )
                db.session.delete(invitation)
            db.session.flush()
            counts[kind.value] = counts.get(kind.value, 0) + len(invitations)
    return counts, {"invitations": entries}
