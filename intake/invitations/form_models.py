"""Invitations to one of intake's sign-up forms by personal link (issue 13 §3).

A `FormSending` is one batch staff sent: which form, the mail's subject and text, the
deadline and the reminder days. Each person in it is a `FormInvitation`, a kind of the
engine's `Invitation` (joined-table inheritance, intake/invitations/models.py): the base row
holds who (a person record, or a name and e-mail key), when invited, answered and reminded;
`form_invitations` adds the sending and the sign-up the answer made.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import relationship

from intake.columns import JSONType, UTCDateTime, created_at_column
from intake.extensions import db
from intake.invitations.models import Invitation, InvitationKind

DEFAULT_REMINDER_DAYS = [7, 2]


class FormSending(db.Model):
    """Who sent which form, when, with which text, and until when people may answer."""

    __tablename__ = "form_sendings"

    id = sa.Column(sa.Integer, primary_key=True)
    form_slug = sa.Column(sa.String(50), nullable=False, index=True)
    subject = sa.Column(sa.String(300), nullable=False)
    body = sa.Column(sa.Text, nullable=False)
    deadline_at = sa.Column(UTCDateTime, nullable=False)
    reminder_days = sa.Column(JSONType, nullable=False, default=lambda: list(DEFAULT_REMINDER_DAYS))
    sent_by = sa.Column(sa.String(254))  # the staff member's e-mail, as in the audit log
    created_at = created_at_column()

    invitations = relationship(
        "FormInvitation", back_populates="sending", order_by="FormInvitation.id",
        passive_deletes=True,
    )


class FormInvitation(Invitation):
    """One person sent a personal link to the sending's form; `signup_id` once they answered
    (SET NULL if the sign-up is erased, so the response rate still counts them)."""

    __tablename__ = "form_invitations"

    id = sa.Column(sa.ForeignKey("invitations.id", ondelete="CASCADE"), primary_key=True)
    sending_id = sa.Column(
        sa.ForeignKey("form_sendings.id", ondelete="CASCADE"), nullable=False, index=True
    )
    signup_id = sa.Column(sa.ForeignKey("signups.id", ondelete="SET NULL"), index=True)

    sending = relationship("FormSending", back_populates="invitations")
    signup = relationship("Signup")

    __mapper_args__ = {"polymorphic_identity": InvitationKind.FORM}

    @property
    def is_withdrawn(self) -> bool:
        return self.revoked_at is not None
