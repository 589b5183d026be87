"""The invitation engine's rules for meeting invitations (intake/invitations/policies.py).

- Links: valid until 14 Copenhagen days after the meeting ends (`link_valid_until`); a
  cancelled meeting's link still opens and says so.
- Reminders to those who have not answered, 7 and 2 local days before the RSVP deadline's
  date at 09.00 Copenhagen time (`slots_before`), as follow-up rounds remind.
- "Husk mødet": one reminder at 09.00 the day before the meeting to those who answered Ja or
  Måske. Someone who answered Nej never gets a reminder; a cancelled meeting sends none.
- Retention: an invitation (name, e-mail, RSVP and its changes, attendance) is deleted by
  `flask gdpr purge` RETENTION_DAYS Copenhagen days after the meeting started (`expired`).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, selectinload

from intake.clock import add_local_days, local_date, local_time_on
from intake.extensions import db
from intake.invitations.models import InvitationKind
from intake.invitations.policies import Policy, register
from intake.invitations.reminders import slots_before
from intake.meetings import mails
from intake.meetings.models import Meeting, MeetingInvitation, MeetingState

LINK_DAYS_AFTER = 14  # the link opens this many days after the meeting, then is "not valid"
REMINDER_DAYS = [7, 2]  # before the RSVP deadline's local date
REMINDER_HOUR = 9  # local time
MAX_RSVP_REMINDERS = 3  # automatic and manual together, as follow-up rounds
# Attendance is counted in the report on the meeting's period (a calendar year), written early
# the following year; two years after the meeting that report is done and any question about
# it answered, so name, e-mail and RSVP have no further use (GDPR art. 5(1)(e)).
RETENTION_DAYS = 2 * 365


def attending_slot(meeting: Meeting) -> datetime:
    """09.00 Copenhagen time on the day before the meeting's local date (aware UTC)."""
    day = local_date(meeting.starts_at) - timedelta(days=1)
    return local_time_on(day, time(REMINDER_HOUR)).astimezone(UTC)


def rsvp_slots(meeting: Meeting) -> list[datetime]:
    return slots_before(meeting.rsvp_deadline_at, REMINDER_DAYS, REMINDER_HOUR)


class MeetingPolicy(Policy):
    kind = InvitationKind.MEETING

    def link_valid_until(self, invitation: MeetingInvitation) -> datetime:
        return add_local_days(invitation.meeting.ends_at, LINK_DAYS_AFTER)

    def is_live(self, invitation: MeetingInvitation) -> bool:
        return invitation.meeting.state != MeetingState.PLANNED

    def reminder_slots(self, invitation: MeetingInvitation) -> list[datetime]:
        meeting = invitation.meeting
        return sorted({*rsvp_slots(meeting), attending_slot(meeting)})

    def wants_reminder(self, invitation: MeetingInvitation, moment: datetime) -> bool:
        meeting = invitation.meeting
        if meeting.state != MeetingState.INVITED or moment >= meeting.starts_at:
            return False
        slot = attending_slot(meeting)
        if moment >= slot:  # the day before: only "husk mødet", once, to Ja and Måske
            return (
                invitation.answer is not None
                and invitation.answer.is_attending
                and not any(r.sent_at >= slot for r in invitation.reminders)
            )
        return not invitation.is_answered and moment < meeting.rsvp_deadline_at

    def max_reminders(self, invitation: MeetingInvitation) -> int:
        # "Husk mødet" comes on top of the RSVP reminders.
        attending = invitation.answer is not None and invitation.answer.is_attending
        return MAX_RSVP_REMINDERS + (1 if attending else 0)

    def send_reminder(self, invitation: MeetingInvitation, token: str):
        if invitation.is_answered:
            return mails.meeting_reminder_attending(invitation, token)
        return mails.meeting_reminded(invitation, token)

    def open_invitations(self, moment: datetime) -> list[MeetingInvitation]:
        return list(db.session.scalars(
            sa.select(MeetingInvitation)
            .join(Meeting, Meeting.id == MeetingInvitation.meeting_id)
            .where(
                Meeting.state == MeetingState.INVITED,
                Meeting.starts_at > moment,
                MeetingInvitation.invited_at.is_not(None),
                MeetingInvitation.revoked_at.is_(None),
            )
            .options(contains_eager(MeetingInvitation.meeting),
                     selectinload(MeetingInvitation.reminders))
            .order_by(MeetingInvitation.id)
        ).unique())

    def expired(self, moment: datetime) -> sa.Select:
        cutoff = add_local_days(moment, -RETENTION_DAYS)  # Copenhagen days, as sign-ups
        return (
            sa.select(MeetingInvitation.id, Meeting.starts_at)
            .join(Meeting, Meeting.id == MeetingInvitation.meeting_id)
            .where(Meeting.starts_at < cutoff)
        )


POLICY = register(MeetingPolicy())
