"""Reminders that go out by themselves, from the mail worker (see add_worker_task).

The schedule is in Copenhagen calendar days: "7 days before" means 7 local days before the
deadline's local date, at the round's reminder hour, so a reminder stays at 09.00 across a
daylight-saving change. Rules, checked for every owner each time:

- never to an owner who has submitted, and never after the deadline;
- never more than the round's maximum (automatic and manual together);
- never twice to the same owner on the same local day, enforced by a unique row per
  (invitation, day), so two workers, or a worker and a staff click, cannot both send;
- a slot before the owner was invited does not count (a late owner gets no instant reminder),
  and a missed slot (worker down) is caught up once, when the worker runs again.
"""

from __future__ import annotations

import logging
import time as monotonic
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import contains_eager, selectinload

from intake.clock import local_date, local_time_on, now
from intake.extensions import db
from intake.rounds import mails, tokens
from intake.rounds import service as rounds
from intake.rounds.models import Invitation, Reminder, Round, RoundState, TokenPurpose
from intake.transactions import unit_of_work

log = logging.getLogger(__name__)
_last_run: dict[int, float] = {}


def schedule(round_: Round) -> list[datetime]:
    """The automatic reminder moments (aware, UTC), earliest first, all before the deadline."""
    deadline_day = local_day(round_.deadline_at)
    moments = []
    for days in sorted(set(round_.reminder_days or []), reverse=True):
        day = deadline_day - timedelta(days=int(days))
        moment = local_time_on(day, time(int(round_.reminder_hour))).astimezone(UTC)
        if moment < round_.deadline_at:
            moments.append(moment)
    return sorted(moments)


def local_day(moment: datetime) -> date:
    return local_date(moment)


def may_remind(invitation: Invitation, moment: datetime) -> bool:
    """The rules every reminder obeys, automatic or manual."""
    round_ = invitation.round
    today = local_day(moment)
    return (
        round_.state == RoundState.STARTED
        and moment < round_.deadline_at
        and invitation.invited_at is not None
        and not invitation.is_submitted
        and invitation.reminder_count < round_.max_reminders
        and local_day(invitation.invited_at) != today
        and all(r.local_day != today for r in invitation.reminders)
    )


def is_due(invitation: Invitation, moment: datetime) -> bool:
    if not may_remind(invitation, moment):
        return False
    slots = [s for s in schedule(invitation.round) if invitation.invited_at < s <= moment]
    automatic = sum(1 for r in invitation.reminders if not r.is_manual)
    return automatic < len(slots)


def _send(invitation: Invitation, moment: datetime, manual: bool) -> bool:
    """Claim today's reminder row first; if another process has it, send nothing."""
    reminder = Reminder(local_day=local_day(moment), is_manual=manual, sent_at=moment)
    try:
        with db.session.begin_nested():
            invitation.reminders.append(reminder)
            db.session.flush()
    except sa.exc.IntegrityError:
        if reminder in invitation.reminders:
            invitation.reminders.remove(reminder)
        return False
    token = tokens.issue(invitation, TokenPurpose.REMINDER)
    reminder.message = mails.owner_reminded(invitation, rounds.goals_for(invitation), token)
    invitation.reminder_count += 1
    invitation.last_reminded_at = moment
    db.session.flush()
    return True


def _candidates(round_ids: list[int]) -> list[Invitation]:
    """Open invitations of these rounds, with their round and reminders in two more queries."""
    return list(db.session.scalars(
        sa.select(Invitation).join(Round)
        .where(Round.id.in_(round_ids), Round.state == RoundState.STARTED,
               Round.deadline_at > now(),
               Invitation.submitted_at.is_(None), Invitation.invited_at.is_not(None),
               Invitation.reminder_count < Round.max_reminders)
        .options(contains_eager(Invitation.round), selectinload(Invitation.reminders))
        .order_by(Invitation.id)
    ).unique())


def _rounds_with_a_passed_slot(moment: datetime) -> list[int]:
    """Cheap first look: most of the time no open round has reached a reminder moment yet."""
    rounds_ = db.session.scalars(
        sa.select(Round).where(Round.state == RoundState.STARTED, Round.deadline_at > moment)
    )
    return [r.id for r in rounds_ if any(slot <= moment for slot in schedule(r))]


def send_due() -> int:
    """Send every reminder that is due now, in one unit of work. Safe to run from several
    workers."""
    moment = now()
    round_ids = _rounds_with_a_passed_slot(moment)
    db.session.rollback()  # end the read; the sending below starts as a writer
    if not round_ids:
        return 0
    sent = 0
    with unit_of_work(write=True):
        for invitation in _candidates(round_ids):
            if is_due(invitation, moment) and _send(invitation, moment, manual=False):
                sent += 1
    if sent:
        log.info("follow-up: %d reminders queued", sent)
    return sent


def send_now(round_: Round) -> int:
    """Staff's "send reminder now to those who haven't answered" (flushes; the view commits)."""
    moment = now()
    return sum(
        1 for invitation in _candidates([round_.id])
        if may_remind(invitation, moment) and _send(invitation, moment, manual=True)
    )


def worker_task() -> None:
    """Run from the mail worker's loop: scrub delivered links every time (a small table), and
    look for due reminders at most every FOLLOWUP_REMINDER_CHECK_SECONDS."""
    from intake.rounds import scrub

    scrub.run()
    app = current_app._get_current_object()
    interval = float(app.config.get("FOLLOWUP_REMINDER_CHECK_SECONDS", 60))
    last = _last_run.get(id(app))
    if last is not None and monotonic.monotonic() - last < interval:
        return
    _last_run[id(app)] = monotonic.monotonic()
    send_due()
