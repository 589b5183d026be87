"""Meetings of the collaboration groups and the RSVP of everyone invited (issue 13 §2).

A `Meeting` is one dated meeting of a group (or of every group: a joint meeting) in a period.
Its calendar identity is `uid` (the same in every .ics about it) and `sequence` (raised by one
for every update or cancellation, RFC 5546 2.1.4). Each person invited is a
`MeetingInvitation`, a kind of the engine's `Invitation` (intake/invitations/models.py), whose
latest answer is on the invitation; every answer given is kept as an `RsvpChange`.
"""

from __future__ import annotations

import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import relationship

from intake.clock import now
from intake.columns import UTCDateTime, created_at_column, enum_column
from intake.extensions import db
from intake.goals.models import FocusArea
from intake.invitations.models import Invitation, InvitationKind


class MeetingKind(enum.Enum):
    MEETING_1 = "meeting_1"  # the period's goals are set
    MEETING_2 = "meeting_2"  # the goals are followed up
    JOINT = "joint"  # every group together (no focus area)
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])


KIND_LABELS = {
    MeetingKind.MEETING_1: _l("1. møde"),
    MeetingKind.MEETING_2: _l("2. møde"),
    MeetingKind.JOINT: _l("Fællesmøde"),
    MeetingKind.OTHER: _l("Andet møde"),
}


class MeetingState(enum.Enum):
    """"Held" is not a state: a meeting whose `ends_at` has passed is held (`is_held`)."""

    PLANNED = "planned"  # nobody invited yet
    INVITED = "invited"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    MeetingState.PLANNED: _l("Planlagt"),
    MeetingState.INVITED: _l("Inviteret"),
    MeetingState.CANCELLED: _l("Aflyst"),
}


class RsvpAnswer(enum.Enum):
    YES = "ja"
    NO = "nej"
    MAYBE = "maaske"

    @property
    def label(self) -> str:
        return str(ANSWER_LABELS[self])

    @property
    def is_attending(self) -> bool:
        """Ja or Måske: reminded the day before; Nej never gets a reminder."""
        return self is not RsvpAnswer.NO


ANSWER_LABELS = {
    RsvpAnswer.YES: _l("Ja"),
    RsvpAnswer.NO: _l("Nej"),
    RsvpAnswer.MAYBE: _l("Måske"),
}


class Meeting(db.Model):
    __tablename__ = "meetings"

    id = sa.Column(sa.Integer, primary_key=True)
    period_id = sa.Column(
        sa.ForeignKey("goal_periods.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    focus_area = enum_column(FocusArea, index=True)  # None for a joint meeting
    kind = enum_column(MeetingKind, nullable=False)
    title = sa.Column(sa.String(200), nullable=False)
    starts_at = sa.Column(UTCDateTime, nullable=False)
    ends_at = sa.Column(UTCDateTime, nullable=False)
    host_name = sa.Column(sa.String(200), nullable=False, default="")
    address = sa.Column(sa.String(300), nullable=False, default="")
    agenda = sa.Column(sa.Text, nullable=False, default="")
    rsvp_deadline_at = sa.Column(UTCDateTime, nullable=False)
    state = enum_column(MeetingState, nullable=False, default=MeetingState.PLANNED)
    uid = sa.Column(sa.String(255), nullable=False, unique=True)
    sequence = sa.Column(sa.Integer, nullable=False, default=0)
    minutes = sa.Column(sa.Text, nullable=False, default="")
    created_at = created_at_column()
    invited_at = sa.Column(UTCDateTime)
    cancelled_at = sa.Column(UTCDateTime)
    changed_at = sa.Column(UTCDateTime)  # the last change sent to the calendars

    period = relationship("Period")
    invitations = relationship(
        "MeetingInvitation", back_populates="meeting", cascade="all, delete-orphan",
        order_by="MeetingInvitation.id",
    )

    @property
    def is_cancelled(self) -> bool:
        return self.state == MeetingState.CANCELLED

    @property
    def is_held(self) -> bool:
        return not self.is_cancelled and self.ends_at <= now()

    @property
    def is_rsvp_open(self) -> bool:
        """Answers can be given or changed: not cancelled and before the RSVP deadline."""
        return not self.is_cancelled and now() < self.rsvp_deadline_at

    @property
    def group_label(self) -> str:
        return self.focus_area.label if self.focus_area is not None else str(_l("Alle grupper"))

    @property
    def place(self) -> str:
        """Host and address on one line, as the calendar's LOCATION."""
        return ", ".join(part for part in (self.host_name, self.address) if part)


class MeetingInvitation(Invitation):
    """One person invited to one meeting; the latest answer (None: not answered yet)."""

    __tablename__ = "meeting_invitations"

    id = sa.Column(sa.ForeignKey("invitations.id", ondelete="CASCADE"), primary_key=True)
    meeting_id = sa.Column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True
    )
    answer = enum_column(RsvpAnswer)
    comment = sa.Column(sa.Text, nullable=False, default="")
    attended = sa.Column(sa.Boolean)  # None until staff register attendance
    is_guest = sa.Column(sa.Boolean, nullable=False, default=False)  # added by staff

    meeting = relationship("Meeting", back_populates="invitations")
    changes = relationship(
        "RsvpChange", back_populates="invitation", cascade="all, delete-orphan",
        order_by="RsvpChange.id",
    )

    __mapper_args__ = {"polymorphic_identity": InvitationKind.MEETING}

    @property
    def is_live(self) -> bool:
        """Invited and not withdrawn: receives the meeting's mails."""
        return self.invited_at is not None and self.revoked_at is None


class RsvpChange(db.Model):
    """One answer as it was given (the first and every change), oldest first."""

    __tablename__ = "meeting_rsvp_changes"

    id = sa.Column(sa.Integer, primary_key=True)
    invitation_id = sa.Column(
        sa.ForeignKey("meeting_invitations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    answer = enum_column(RsvpAnswer, nullable=False)
    comment = sa.Column(sa.Text, nullable=False, default="")
    changed_at = sa.Column(UTCDateTime, nullable=False, default=now)

    invitation = relationship("MeetingInvitation", back_populates="changes")
