"""The deletion log: what was erased, when and by whom, never whose data it was."""

from __future__ import annotations

import enum

import sqlalchemy as sa

from intake.columns import JSONType, created_at_column, enum_column
from intake.extensions import db


class DeletionReason(enum.Enum):
    ERASURE = "erasure"  # a person asked (GDPR art. 17), staff erased
    RETENTION = "retention"  # `flask gdpr purge`: older than the form's retention period


class DeletionLog(db.Model):
    """One erasure or purge run.

    `payload` holds, per provider, only identifiers that mean nothing without the deleted
    rows (sign-up references, outbox ids, repeat row numbers) so that `gdpr reapply-deletions`
    can repeat the deletion on a restored backup. No names, addresses or answers, ever.
    `staff_user_id` has no foreign key: the log must outlive accounts and restores.
    """

    __tablename__ = "deletion_log"

    id = sa.Column(sa.Integer, primary_key=True)
    entry_id = sa.Column(sa.String(32), nullable=False, unique=True)
    created_at = created_at_column()
    reason = enum_column(DeletionReason, nullable=False)
    actor = sa.Column(sa.String(40), nullable=False)  # "staff" or "cli"
    staff_user_id = sa.Column(sa.Integer)
    counts = sa.Column(JSONType, nullable=False, default=dict)
    payload = sa.Column(JSONType, nullable=False, default=dict)

    @property
    def total(self) -> int:
        return sum(int(v) for v in (self.counts or {}).values())
