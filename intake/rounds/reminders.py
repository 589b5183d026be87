"""A follow-up round's reminders: the engine's (intake.invitations.reminders) for the ROUND
kind. The rules are the engine's, for every kind (see that module); the round supplies its
schedule (`schedule`: its reminder days before the deadline at its local reminder hour), its
maximum, and who is still open (`candidates`), through its Policy (policy.py).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, selectinload

from intake.clock import local_date, now
from intake.extensions import db
from intake.invitations import reminders as engine
from intake.invitations.reminders import is_due, may_remind, send_due, send_one, worker_task
from intake.rounds.models import Invitation, Round, RoundState
from intake.rounds.policy import schedule

__all__ = ["candidates", "is_due", "local_day", "may_remind", "rounds_with_a_passed_slot",
           "schedule", "send_due", "send_now", "worker_task", "send_one"]


def local_day(moment: datetime):
    return local_date(moment)


def candidates(round_ids: list[int]) -> list[Invitation]:
    """Open invitations of these rounds, with their round and reminders in two more queries."""
    if not round_ids:
        return []
    return list(db.session.scalars(
        sa.select(Invitation).join(Round)
        .where(Round.id.in_(round_ids), Round.state == RoundState.STARTED,
               Round.deadline_at > now(), Invitation.revoked_at.is_(None),
               Invitation.answered_at.is_(None), Invitation.invited_at.is_not(None),
               Invitation.reminder_count < Round.max_reminders)
        .options(contains_eager(Invitation.round), selectinload(Invitation.reminders))
        .order_by(Invitation.id)
    ).unique())


_candidates = candidates  # the name tests and older callers use


def rounds_with_a_passed_slot(moment: datetime) -> list[int]:
    """Cheap first look: most of the time no open round has reached a reminder moment yet."""
    rounds_ = db.session.scalars(
        sa.select(Round).where(Round.state == RoundState.STARTED, Round.deadline_at > moment)
    )
    return [r.id for r in rounds_ if any(slot <= moment for slot in schedule(r))]


def send_now(round_: Round) -> int:
    """Staff's "send reminder now to those who haven't answered" (flushes; the view commits)."""
    return engine.send_now(candidates([round_.id]))
