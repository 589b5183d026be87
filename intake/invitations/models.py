"""Invitations, their personal-link tokens, their reminders and the mails that carry links.

`Invitation` is the base of a joined-table hierarchy: the columns every kind needs (who, when
invited, when answered, reminders so far) live in `invitations`; each kind adds its own table
whose primary key is also a foreign key to `invitations.id` (rounds: `followup_invitations`,
meetings: `meeting_invitations`, forms: `form_invitations`). Queries on a kind's class read
both tables; `tokens.find` and the reminder scan read the base.

Only a SHA-256 of a token is stored (`LinkToken.token_hash`); a token is 256 random bits.
"""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import relationship

from intake.columns import UTCDateTime, created_at_column, enum_column
from intake.extensions import db


class InvitationKind(enum.Enum):
    ROUND = "round"  # a goal owner asked in a follow-up round (intake.rounds)
    MEETING = "meeting"  # a person invited to a meeting, answering by RSVP (intake.meetings)
    FORM = "form"  # a person sent a personal link to one of intake's forms
    NEWS = "news"  # a news mail to someone who consented; the link unsubscribes (intake.news)


class TokenPurpose(enum.Enum):
    """Which mail carried the link (kept for the audit of who got what, never for access)."""

    INVITATION = "invitation"
    REMINDER = "reminder"
    LOST_LINK = "lost_link"
    UPDATE = "update"  # a changed meeting's new calendar event


class Invitation(db.Model):
    """One person asked, by personal link, to answer something (a round, a meeting, a form).

    `person_id` points at the person record (`goal_owners`, intake.goals.models.Owner: one
    row per e-mail key) when there is one; an invitation to a pasted address may have only
    `name` and `email`. `answered_at` is the latest answer; None means "has not answered",
    which is what reminders look at (each kind's `Policy.wants_reminder` may add rules).
    """

    __tablename__ = "invitations"

    id = sa.Column(sa.Integer, primary_key=True)
    kind = enum_column(InvitationKind, nullable=False, index=True)
    person_id = sa.Column(sa.ForeignKey("goal_owners.id", ondelete="SET NULL"), index=True)
    name = sa.Column(sa.String(200))
    email = sa.Column(sa.String(254), index=True)  # matching.email_key of the address
    locale = sa.Column(sa.String(5), nullable=False, default="da")
    invited_at = sa.Column(UTCDateTime)
    message_id = sa.Column(sa.ForeignKey("outbox.id", ondelete="SET NULL"))  # latest invitation
    opened_at = sa.Column(UTCDateTime)
    last_opened_at = sa.Column(UTCDateTime)
    answered_at = sa.Column(UTCDateTime)
    reminder_count = sa.Column(sa.Integer, nullable=False, default=0)
    last_reminded_at = sa.Column(UTCDateTime)
    revoked_at = sa.Column(UTCDateTime)  # staff withdrew the invitation: every link is dead
    created_at = created_at_column()

    person = relationship("Owner")
    message = relationship("OutboxMessage")
    # Callables, not names: a kind's module may define classes with the same short names.
    tokens = relationship(
        lambda: LinkToken, back_populates="invitation", cascade="all, delete-orphan",
        order_by=lambda: LinkToken.id,
    )
    reminders = relationship(
        lambda: Reminder, back_populates="invitation", cascade="all, delete-orphan",
        order_by=lambda: Reminder.id,
    )

    __mapper_args__ = {"polymorphic_on": kind}

    @property
    def recipient_name(self) -> str:
        return (self.person.name if self.person is not None else self.name) or ""

    @property
    def recipient_email(self) -> str:
        return (self.person.email if self.person is not None else self.email) or ""

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class LinkToken(db.Model):
    """One personal link. Every mail carries a fresh token, so an older mail's link keeps
    working until the kind's link deadline; revoking kills them all."""

    __tablename__ = "invitation_tokens"

    id = sa.Column(sa.Integer, primary_key=True)
    invitation_id = sa.Column(
        sa.ForeignKey("invitations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    token_hash = sa.Column(sa.String(64), nullable=False, unique=True)
    purpose = enum_column(TokenPurpose, nullable=False)
    issued_at = sa.Column(UTCDateTime, nullable=False)
    revoked_at = sa.Column(UTCDateTime)

    invitation = relationship(Invitation, back_populates="tokens")


class Reminder(db.Model):
    """A reminder sent; the unique (invitation, Copenhagen day) stops two workers, or a
    worker and a staff click, from reminding the same person twice on one day."""

    __tablename__ = "invitation_reminders"
    __table_args__ = (sa.UniqueConstraint("invitation_id", "local_day"),)

    id = sa.Column(sa.Integer, primary_key=True)
    invitation_id = sa.Column(
        sa.ForeignKey("invitations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    local_day = sa.Column(sa.Date, nullable=False)
    is_manual = sa.Column(sa.Boolean, nullable=False, default=False)
    sent_at = sa.Column(UTCDateTime, nullable=False)
    message_id = sa.Column(sa.ForeignKey("outbox.id", ondelete="SET NULL"))

    invitation = relationship(Invitation, back_populates="reminders")
    message = relationship("OutboxMessage")


class LinkMail(db.Model):
    """An outbox message that carries a personal link. Once it is sent (or has failed) the
    worker replaces the link in the stored copy, so the outbox, like the token table, keeps
    no usable token."""

    __tablename__ = "invitation_link_mails"

    outbox_id = sa.Column(sa.ForeignKey("outbox.id", ondelete="CASCADE"), primary_key=True)

    message = relationship("OutboxMessage")
