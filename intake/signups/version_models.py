"""The earlier answers of a sign-up, kept each time they are changed (issue 13 §4).

One row per change: the answers, address and phone as they stood before it, the form
version they were given under, who changed them ("person", "staff" or "invitation") and
when they were replaced. Written only by intake/signups/edits.py; shown on the staff
sign-up page; covered by GDPR find, access and erase (intake/signups/versions_gdpr.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import relationship

from intake.columns import JSONType, UTCDateTime
from intake.extensions import db


class SignupVersion(db.Model):
    __tablename__ = "signup_versions"
    __table_args__ = (sa.UniqueConstraint("signup_id", "version"),)

    id = sa.Column(sa.Integer, primary_key=True)
    # The database removes the versions with their sign-up (erase, purge).
    signup_id = sa.Column(sa.ForeignKey("signups.id", ondelete="CASCADE"), nullable=False,
                          index=True)
    version = sa.Column(sa.Integer, nullable=False)  # 1 for the answers first given
    form_version = sa.Column(sa.Integer, nullable=False)
    answers = sa.Column(JSONType, nullable=False)
    email = sa.Column(sa.String(254), index=True)  # the e-mail key, as Signup.email
    phone = sa.Column(sa.String(20))
    changed_by = sa.Column(sa.String(20), nullable=False)  # person | staff | invitation
    replaced_at = sa.Column(UTCDateTime, nullable=False)

    signup = relationship("Signup")
