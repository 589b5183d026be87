"""A news sending and its recipients (issue 14 §4).

`NewsSending` is one message staff sent: subject and text (plain Danish text), an optional
published inspiration sheet (`sheet_id`: a plain integer, resolved in code by
intake/news/sheets.py, since the inspiration_sheets table comes in a later migration; a
sheet removed since is simply not linked), the filters used (`areas`: FocusArea values,
`trade`: text) and how many it reached. Each recipient is a `NewsInvitation`, a kind of the
engine's `Invitation` (joined-table inheritance, intake/invitations/models.py): the base row
holds the name and e-mail key (no person record), when invited; `news_invitations` adds the
sending, the consent it was sent under and when the person unsubscribed through it.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import relationship

from intake.columns import JSONType, UTCDateTime, created_at_column
from intake.extensions import db
from intake.invitations.models import Invitation, InvitationKind


class NewsSending(db.Model):
    """Who sent what to whom (by filter), and when."""

    __tablename__ = "news_sendings"

    id = sa.Column(sa.Integer, primary_key=True)
    subject = sa.Column(sa.String(300), nullable=False)
    body = sa.Column(sa.Text, nullable=False)
    sheet_id = sa.Column(sa.Integer)  # intake.inspiration's sheet, no foreign key (see above)
    areas = sa.Column(JSONType, nullable=False, default=list)  # FocusArea values; [] = all
    trade = sa.Column(sa.String(200), nullable=False, default="")  # "" = any trade
    created_by = sa.Column(sa.String(254))  # the staff member's e-mail, as in the audit log
    created_at = created_at_column()
    sent_at = sa.Column(UTCDateTime)
    recipient_count = sa.Column(sa.Integer, nullable=False, default=0)

    invitations = relationship(
        "NewsInvitation", back_populates="sending", order_by="NewsInvitation.id",
        passive_deletes=True,
    )


class NewsInvitation(Invitation):
    """One recipient of a sending; its personal link unsubscribes. `consent_id` is the
    consent it was sent under (SET NULL when GDPR erases the consent)."""

    __tablename__ = "news_invitations"

    id = sa.Column(sa.ForeignKey("invitations.id", ondelete="CASCADE"), primary_key=True)
    sending_id = sa.Column(
        sa.ForeignKey("news_sendings.id", ondelete="CASCADE"), nullable=False, index=True
    )
    consent_id = sa.Column(sa.ForeignKey("consents.id", ondelete="SET NULL"), index=True)
    unsubscribed_at = sa.Column(UTCDateTime)

    sending = relationship("NewsSending", back_populates="invitations")
    consent = relationship("Consent")

    __mapper_args__ = {"polymorphic_identity": InvitationKind.NEWS}
