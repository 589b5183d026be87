from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import relationship

from intake.columns import JSONType, UTCDateTime, created_at_column, enum_column
from intake.extensions import db


class MailStatus(enum.Enum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    RETRYING = "retrying"
    FAILED = "failed"


class OutboxMessage(db.Model):
    __tablename__ = "outbox"
    __table_args__ = (
        sa.Index("ix_outbox_due", "status", "next_attempt_at"),
        # The staff mail log reads in index order with LIMIT instead of sorting the table.
        sa.Index("ix_outbox_status_id", "status", "id"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    kind = sa.Column(sa.String(40), nullable=False)
    message_id = sa.Column(sa.String(200), nullable=False, unique=True)
    recipients = sa.Column(JSONType, nullable=False)
    reply_to = sa.Column(sa.String(320))  # one address (RFC 5322 Reply-To): who signed up
    subject = sa.Column(sa.String(300), nullable=False)
    body_text = sa.Column(sa.Text, nullable=False)
    body_html = sa.Column(sa.Text)
    attachments = sa.Column(JSONType, nullable=False, default=list)
    # Extra headers the transport adds ({"List-Unsubscribe": "<https://…>"}); only the names
    # in intake.outbox.service.EXTRA_HEADERS, checked when queued. None: no extra headers.
    headers = sa.Column(JSONType)
    status = enum_column(MailStatus, nullable=False, default=MailStatus.QUEUED, index=True)
    attempts = sa.Column(sa.Integer, nullable=False, default=0)
    next_attempt_at = sa.Column(UTCDateTime, nullable=False)
    claimed_at = sa.Column(UTCDateTime)
    sent_at = sa.Column(UTCDateTime)
    last_error = sa.Column(sa.Text)
    created_at = created_at_column()
    signup_id = sa.Column(sa.ForeignKey("signups.id", ondelete="CASCADE"), index=True)
    # Lets a new sign-up and its mails go in with one flush (the sign-up's id is not known
    # before it); nothing reads messages through it, so no collection on Signup.
    signup = relationship("Signup")
