"""Follow-up rounds: who was asked, with which link, what they answered and when reminded.

Only a SHA-256 of each personal link's token is stored. Answers are kept as a draft on the
invitation and as one immutable `Submission` per "send", so every submitted version stays as
history and exports read the latest.
"""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import relationship

from intake.clock import add_local_days
from intake.columns import JSONType, UTCDateTime, created_at_column, enum_column
from intake.extensions import db

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
        "intake.rounds.models.Invitation", back_populates="round", cascade="all, delete-orphan",
        order_by="intake.rounds.models.Invitation.id",
    )

    @property
    def link_valid_until(self):
        """The deadline plus `grace_days` Copenhagen calendar days, same wall clock time."""
        return add_local_days(self.deadline_at, self.grace_days)

    @property
    def is_started(self) -> bool:
        return self.state == RoundState.STARTED


class Invitation(db.Model):
    """One owner asked in one round: their link, their draft and their progress."""

    __tablename__ = "followup_invitations"
    __table_args__ = (sa.UniqueConstraint("round_id", "owner_id"),)

    id = sa.Column(sa.Integer, primary_key=True)
    round_id = sa.Column(
        sa.ForeignKey("followup_rounds.id", ondelete="CASCADE"), nullable=False, index=True
    )
    owner_id = sa.Column(
        sa.ForeignKey("goal_owners.id", ondelete="CASCADE"), nullable=False, index=True
    )
    invited_at = sa.Column(UTCDateTime)
    message_id = sa.Column(
        sa.ForeignKey("outbox.id", ondelete="SET NULL")
    )  # latest invitation mail
    opened_at = sa.Column(UTCDateTime)
    last_opened_at = sa.Column(UTCDateTime)
    draft_answers = sa.Column(JSONType)
    draft_saved_at = sa.Column(UTCDateTime)
    submitted_at = sa.Column(UTCDateTime)  # of the latest version
    reminder_count = sa.Column(sa.Integer, nullable=False, default=0)
    last_reminded_at = sa.Column(UTCDateTime)
    created_at = created_at_column()

    round = relationship("Round", back_populates="invitations")
    owner = relationship("Owner")
    message = relationship("OutboxMessage")
    submissions = relationship(
        "Submission", back_populates="invitation", cascade="all, delete-orphan",
        order_by="Submission.version",
    )
    reminders = relationship(
        "intake.rounds.models.Reminder",
        back_populates="invitation",
        cascade="all, delete-orphan",
        order_by="intake.rounds.models.Reminder.id",
    )
    tokens = relationship(
        "intake.rounds.models.LinkToken",
        back_populates="invitation",
        cascade="all, delete-orphan",
        order_by="intake.rounds.models.LinkToken.id",
    )
    late_answers = relationship(
        "LateAnswer", back_populates="invitation", cascade="all, delete-orphan",
        order_by="LateAnswer.id",
    )

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


class TokenPurpose(enum.Enum):
    INVITATION = "invitation"
    REMINDER = "reminder"
    LOST_LINK = "lost_link"


class LinkToken(db.Model):
    """One personal link. Every mail carries a fresh token, so an older mail's link keeps
    working until the round's link deadline; revoking (or changing the owner's e-mail) kills
    them all. Only the SHA-256 of the token is stored."""

    __tablename__ = "followup_link_tokens"

    id = sa.Column(sa.Integer, primary_key=True)
    invitation_id = sa.Column(
        sa.ForeignKey("followup_invitations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    token_hash = sa.Column(sa.String(64), nullable=False, unique=True)
    purpose = enum_column(TokenPurpose, nullable=False)
    issued_at = sa.Column(UTCDateTime, nullable=False)
    revoked_at = sa.Column(UTCDateTime)

    invitation = relationship("intake.rounds.models.Invitation", back_populates="tokens")


class LinkMail(db.Model):
    """An outbox message that carries a personal link. Once it is sent (or has failed) the
    worker replaces the link in the stored copy, so the outbox, like the token table, keeps
    no usable token."""

    __tablename__ = "followup_link_mails"

    outbox_id = sa.Column(sa.ForeignKey("outbox.id", ondelete="CASCADE"), primary_key=True)

    message = relationship("OutboxMessage")


class Reminder(db.Model):
    """A reminder sent; the unique (invitation, Copenhagen day) stops two workers, or a
    worker and a staff click, from reminding the same owner twice on one day."""

    __tablename__ = "followup_reminders"
    __table_args__ = (sa.UniqueConstraint("invitation_id", "local_day"),)

    id = sa.Column(sa.Integer, primary_key=True)
    invitation_id = sa.Column(
        sa.ForeignKey("followup_invitations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    local_day = sa.Column(sa.Date, nullable=False)
    is_manual = sa.Column(sa.Boolean, nullable=False, default=False)
    sent_at = sa.Column(UTCDateTime, nullable=False)
    message_id = sa.Column(sa.ForeignKey("outbox.id", ondelete="SET NULL"))

    invitation = relationship("intake.rounds.models.Invitation", back_populates="reminders")
    message = relationship("OutboxMessage")


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

    invitation = relationship("intake.rounds.models.Invitation", back_populates="submissions")

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

    invitation = relationship("intake.rounds.models.Invitation", back_populates="late_answers")
    submission = relationship("Submission")

    def goal_answers(self, goal_id: int) -> dict:
        return (self.answers.get("goals") or {}).get(str(goal_id)) or {}
