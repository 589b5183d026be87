"""A queued piece of work: which kind, for which address, with what parameters."""

from __future__ import annotations

import enum

import sqlalchemy as sa

from intake.columns import JSONType, created_at_column, enum_column
from intake.extensions import db


class JobKind(enum.Enum):
    FOLLOWUP_LOST_LINK = "followup_lost_link"
    SIGNUP_RESEND = "signup_resend"


class Job(db.Model):
    """Deleted as soon as it is done: the address is kept only for the seconds in between."""

    __tablename__ = "jobs"

    id = sa.Column(sa.Integer, primary_key=True)
    kind = enum_column(JobKind, nullable=False)
    email = sa.Column(sa.String(254), nullable=False)
    params = sa.Column(JSONType, nullable=False, default=dict)
    created_at = created_at_column()
