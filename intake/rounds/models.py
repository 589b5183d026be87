"""Follow-up rounds: who was asked, with which link, what they answered and when reminded.

Only a SHA-256 of each personal link's token is stored. Answers are kept as a draft on the
invitation and as one immutable `Submission` per "send", so every submitted version stays as
history and exports read the latest.
"""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import relationship, synonym, validates

from intake.clock import add_local_days
from intake.columns import JSONType, UTCDateTime, created_at_column, enum_column
from intake.extensions import db
from intake.invitations.models import Invitation as BaseInvitation
from intake.invitations.models import (  # noqa: F401  (importable from here, as before)
    InvitationKind,
    LinkMail,
    LinkToken,
    Reminder,
    TokenPurpose,
)

DEFAULT_REMINDER_DAYS = [7, 2]


class RoundState(enum.Enum):
    DRAFT = "draft"  # being prepared; nobody has been asked
    STARTED = "started"  # invitations sent; open until the deadline


class Round(db.Model):
    __tablename__ = "followup_rounds"

    id = sa.Column(sa.Integer, primary_key=True)
    period_id = sa.Column(
        sa.ForeignKey("goal_periods.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    title = sa.Column(sa.String(200), nullable=False)
    form_slug = sa.Column(sa.String(50), nullable=False)
    deadline_at = sa.Column(UTCDateTime, nullable=False)
    # After the deadline the link still opens (it says the round is closed and shows the
    # owner's answers) for this many days; then it is no longer valid.
    grace_days = sa.Column(sa.Integer, nullable=False, default=14)
    reminder_days = sa.Column(JSONType, nullable=False, default=lambda: list(DEFAULT_REMINDER_DAYS))
    reminder_hour = sa.Column(sa.Integer, nullable=False, default=9)  # local time, Copenhagen
    max_reminders = sa.Column(sa.Integer, nullable=False, default=3)
    contact_name = sa.Column(sa.String(200), nullable=False)  # the brand's unless staff change it
    contact_email = sa.Column(sa.String(254), nullable=False)
    invitation_subject = sa.Column(sa.String(300), nullable=False)
    invitation_body = sa.Column(sa.Text, nullable=False)
    reminder_subject = sa.Column(sa.String(300), nullable=False)
    reminder_body = sa.Column(sa.Text, nullable=False)
    state = enum_column(RoundState, nullable=False, default=RoundState.DRAFT)
    started_at = sa.Column(UTCDateTime)
    created_at = created_at_column()

    period = relationship("Period")
    invitations = relationship(
        "RoundInvitation", back_populates="round", cascade="all, delete-orphan",
        order_by="RoundInvitation.id",
    )

    @property
    def link_valid_until(self):
        """The deadline plus `grace_days` Copenhagen calendar days, same wall clock time."""
        return add_local_days(self.deadline_at, self.grace_days)

    @property
    def is_started(self) -> bool:
        return self.state == RoundState.STARTED


class RoundInvitation(BaseInvitation):
    """One owner asked in one round: their draft and their progress. The generic part (when
    invited, opened, answered, reminded; tokens and reminders) is the engine's `Invitation`
    (intake.invitations.models); `submitted_at` is its `answered_at`, and `person` is the
    owner (kept equal by `_same_person`)."""

    __tablename__ = "followup_invitations"
    __table_args__ = (sa.UniqueConstraint("round_id", "owner_id"),)

    id = sa.Column(sa.ForeignKey("invitations.id", ondelete="CASCADE"), primary_key=True)
    round_id = sa.Column(
        sa.ForeignKey("followup_rounds.id", ondelete="CASCADE"), nullable=False, index=True
    )
    owner_id = sa.Column(
        sa.ForeignKey("goal_owners.id", ondelete="CASCADE"), nullable=False, index=True
    )
    draft_answers = sa.Column(JSONType)
    draft_saved_at = sa.Column(UTCDateTime)
    submitted_at = synonym("answered_at")  # of the latest version

    round = relationship("Round", back_populates="invitations")
    owner = relationship("Owner", foreign_keys=[owner_id])
    submissions = relationship(
        "Submission", back_populates="invitation", cascade="all, delete-orphan",
        order_by="Submission.version",
    )
    late_answers = relationship(
        "LateAnswer", back_populates="invitation", cascade="all, delete-orphan",
        order_by="LateAnswer.id",
    )

    __mapper_args__ = {"polymorphic_identity": InvitationKind.ROUND}

    @validates("owner")
    def _same_person(self, key, owner):
        """The engine's person is the owner (GDPR and the engine read `person`)."""
        self.person = owner
        return owner

    @property
    def pending_late(self) -> LateAnswer | None:
        """The late answer staff have not yet taken into the round (at most one)."""
        return next((a for a in self.late_answers if a.state == LateAnswerState.PENDING), None)

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def latest(self) -> Submission | None:
        return self.submissions[-1] if self.submissions else None


class Submission(db.Model):
    """One submitted version: {"goals": {"<goal id>": {...}}, "general": {...}}."""

    __tablename__ = "followup_submissions"
    __table_args__ = (sa.UniqueConstraint("invitation_id", "version"),)

    id = sa.Column(sa.Integer, primary_key=True)
    invitation_id = sa.Column(
        sa.ForeignKey("followup_invitations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    version = sa.Column(sa.Integer, nullable=False)
    form_version = sa.Column(sa.Integer, nullable=False)
    answers = sa.Column(JSONType, nullable=False)
    submitted_at = sa.Column(UTCDateTime, nullable=False)

    invitation = relationship("RoundInvitation", back_populates="submissions")

    def goal_answers(self, goal_id: int) -> dict:
        return (self.answers.get("goals") or {}).get(str(goal_id)) or {}


class LateAnswerState(enum.Enum):
    PENDING = "pending"  # received after the deadline; not part of the round (yet)
    ACCEPTED = "accepted"  # staff took it into the round as a new submitted version


class LateAnswer(db.Model):
    """Answers sent after the round's deadline: kept, shown to staff, never silently counted.

    Staff accepting one turns it into a `Submission` (with the time it really arrived), so
    the round's figures and workbooks read it like any other version.
    """

    __tablename__ = "followup_late_answers"

    id = sa.Column(sa.Integer, primary_key=True)
    invitation_id = sa.Column(
        sa.ForeignKey("followup_invitations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    answers = sa.Column(JSONType, nullable=False)
    form_version = sa.Column(sa.Integer, nullable=False)
    received_at = sa.Column(UTCDateTime, nullable=False)
    state = enum_column(LateAnswerState, nullable=False, default=LateAnswerState.PENDING)
    accepted_at = sa.Column(UTCDateTime)
    accepted_by = sa.Column(sa.ForeignKey("staff_users.id", ondelete="SET NULL"))
    submission_id = sa.Column(sa.ForeignKey("followup_submissions.id", ondelete="SET NULL"))

    invitation = relationship("RoundInvitation", back_populates="late_answers")
    submission = relationship("Submission")

    def goal_answers(self, goal_id: int) -> dict:
        return (self.answers.get("goals") or {}).get(str(goal_id)) or {}


# The round's code, its tests and older imports say `Invitation`: in this package that is the
# round's kind. The engine's base class is intake.invitations.models.Invitation.
Invitation = RoundInvitation
