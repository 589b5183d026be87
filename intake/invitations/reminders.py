"""Reminders of every kind of invitation, sent by the mail worker (worker_task) or by staff.

The schedule is in Copenhagen calendar days: "7 days before" means 7 local days before the
deadline's local date, at the local reminder hour, so a reminder stays at 09.00 across a
daylight-saving change (`slots_before`). Rules, checked for every invitation each time (the
follow-up rounds' rules of issue 10, now the engine's for every kind):

- never to a revoked or not yet invited invitation, and never when the kind's policy does
  not want one (answered, past the deadline, said "Nej", ...: `Policy.wants_reminder`);
- never more than the policy's maximum (automatic and manual together);
- never on the day of the invitation, and never twice to the same invitation on the same
  local day, enforced by a unique row per (invitation, day), so two workers, or a worker
  and a staff click, cannot both send;
- a slot before the person was invited does not count (someone invited late gets no
  instant reminder), and a missed slot (worker down) is caught up once, when it runs again.
"""

from __future__ import annotations

import logging
import time as monotonic
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app

from intake.clock import local_date, local_time_on, now
from intake.extensions import db
from intake.invitations import linkmail, tokens
from intake.invitations.models import Invitation, Reminder, TokenPurpose
from intake.invitations.policies import all_policies, policy_for
from intake.transactions import unit_of_work

log = logging.getLogger(__name__)
_last_run: dict[int, float] = {}


def slots_before(deadline_at: datetime, days: Iterable[int], hour: int) -> list[datetime]:
    """Aware UTC moments, earliest first: for each n in `days`, n Copenhagen calendar days
    before the deadline's local date at local `hour`.00; only those before the deadline."""
    deadline_day = local_date(deadline_at)
    moments = set()
    for count in set(days or []):
        day = deadline_day - timedelta(days=int(count))
        moment = local_time_on(day, time(int(hour))).astimezone(UTC)
        if moment < deadline_at:
            moments.add(moment)
    return sorted(moments)


def may_remind(invitation: Invitation, moment: datetime) -> bool:
    """The rules every reminder obeys, automatic or manual (see the module docstring)."""
    if invitation.invited_at is None or invitation.revoked_at is not None:
        return False
    policy = policy_for(invitation.kind)
    today = local_date(moment)
    return (
        policy.wants_reminder(invitation, moment)
        and (invitation.reminder_count or 0) < policy.max_reminders(invitation)
        and local_date(invitation.invited_at) != today
        and all(r.local_day != today for r in invitation.reminders)
    )


def is_due(invitation: Invitation, moment: datetime) -> bool:
    """An automatic reminder is due: allowed, and a slot after the invitation has passed
    that no automatic reminder has answered yet."""
    if not may_remind(invitation, moment):
        return False
    slots = [
        s for s in policy_for(invitation.kind).reminder_slots(invitation)
        if invitation.invited_at < s <= moment
    ]
    automatic = sum(1 for r in invitation.reminders if not r.is_manual)
    return automatic < len(slots)


def send_one(invitation: Invitation, moment: datetime, manual: bool) -> bool:
    """Claim today's reminder row first; if another process has it, send nothing."""
    reminder = Reminder(local_day=local_date(moment), is_manual=manual, sent_at=moment)
    try:
        with db.session.begin_nested():
            invitation.reminders.append(reminder)
            db.session.flush()
    except sa.exc.IntegrityError:
        if reminder in invitation.reminders:
            invitation.reminders.remove(reminder)
        return False
    token = tokens.issue(invitation, TokenPurpose.REMINDER)
    reminder.message = policy_for(invitation.kind).send_reminder(invitation, token)
    invitation.reminder_count = (invitation.reminder_count or 0) + 1
    invitation.last_reminded_at = moment
    db.session.flush()
    return True


def send_due() -> int:
    """Send every reminder of every registered kind that is due now, in one unit of work;
    returns how many. Safe to run from several workers.

    A read first (each policy's candidates), so the usual loop, with nothing due, takes no
    writer lock; only then does it start again as a writer and check afresh."""
    moment = now()
    due = {
        policy.kind for policy in all_policies()
        if any(is_due(inv, moment) for inv in policy.open_invitations(moment))
    }
    db.session.rollback()  # end the read; the sending below starts as a writer
    if not due:
        return 0
    sent = 0
    with unit_of_work(write=True):
        for policy in all_policies():
            if policy.kind not in due:
                continue
            for invitation in policy.open_invitations(moment):
                if is_due(invitation, moment) and send_one(invitation, moment, manual=False):
                    sent += 1
    if sent:
        log.info("invitations: %d reminders queued", sent)
    return sent


def send_now(invitations: Iterable[Invitation]) -> int:
    """Staff's "send a reminder now to those who haven't answered": the same rules except
    the schedule; returns how many were sent. Flushes; the view commits."""
    moment = now()
    return sum(
        1 for invitation in invitations
        if may_remind(invitation, moment) and send_one(invitation, moment, manual=True)
    )


def worker_task() -> None:
    """Run from the mail worker's loop: scrub delivered links every time (a small table), and
    look for due reminders at most every FOLLOWUP_REMINDER_CHECK_SECONDS (default 60)."""
    linkmail.run()
    app = current_app._get_current_object()
    interval = float(app.config.get("FOLLOWUP_REMINDER_CHECK_SECONDS", 60))
    last = _last_run.get(id(app))
    if last is not None and monotonic.monotonic() - last < interval:
        return
    _last_run[id(app)] = monotonic.monotonic()
    send_due()
