"""A consent given on a form, kept with the wording the person saw.

GDPR art. 7(1): the controller must be able to show that the person consented, so the row
keeps the time, the wording in the language shown, the form and its version. Art. 7(3):
withdrawing must be as easy as giving, so a withdrawal is one click (the unsubscribe link of
every news mail, RFC 8058) or unticking the box on "Min tilmelding"; the row then keeps when
and how (`withdrawn_at`, `withdrawn_via`) and is never mailed again.
"""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import relationship

from intake.columns import JSONType, UTCDateTime, created_at_column, enum_column
from intake.extensions import db


class ConsentPurpose(enum.Enum):
    NEWS = "news"  # news from the business office (intake.news)


class WithdrawnVia(enum.Enum):
    UNSUBSCRIBE = "unsubscribe"  # the link or the one-click header of a news mail (RFC 8058)
    ANSWER = "answer"  # the person unticked the box when changing their answer
    STAFF = "staff"  # a staff member, on the person's request


class Consent(db.Model):
    """One consent from one sign-up's `consent` field.

    `email` is intake.matching.email_key of the address, `name` the person's name as given
    (may be empty); `wording` the checkbox text exactly as shown, in `lang`; `form_slug`,
    `form_version` and `field_key` say where it was asked; `focus_areas` the FocusArea values
    the same answer named (a list, empty when the form asked none) and `trade` the trade
    ("branche") as typed, "" when not asked: the filters of a news sending. Current while
    `withdrawn_at` is None.
    """

    __tablename__ = "consents"

    id = sa.Column(sa.Integer, primary_key=True)
    purpose = enum_column(ConsentPurpose, nullable=False, default=ConsentPurpose.NEWS)
    email = sa.Column(sa.String(254), nullable=False, index=True)
    name = sa.Column(sa.String(200), nullable=False, default="")
    form_slug = sa.Column(sa.String(50), nullable=False)
    form_version = sa.Column(sa.Integer, nullable=False)
    field_key = sa.Column(sa.String(40), nullable=False)
    wording = sa.Column(sa.Text, nullable=False)
    lang = sa.Column(sa.String(5), nullable=False, default="da")
    given_at = sa.Column(UTCDateTime, nullable=False)
    withdrawn_at = sa.Column(UTCDateTime)
    withdrawn_via = enum_column(WithdrawnVia)
    signup_id = sa.Column(sa.ForeignKey("signups.id", ondelete="SET NULL"), index=True)
    focus_areas = sa.Column(JSONType, nullable=False, default=list)
    trade = sa.Column(sa.String(200), nullable=False, default="")
    created_at = created_at_column()

    signup = relationship("Signup")

    @property
    def is_current(self) -> bool:
        return self.withdrawn_at is None


from intake.consents import gdpr, service  # noqa: E402,F401  (provider, listener)
