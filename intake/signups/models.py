from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import relationship

from intake import matching
from intake.columns import JSONType, UTCDateTime, created_at_column, enum_column
from intake.extensions import db
from intake.signups.buckets import Bucket


class BookingStatus(enum.Enum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    # "afventer godkendelse": staff approve or decline it (intake/signups/approval.py);
    # holds no seat and is not counted by availability.
    PENDING = "pending"


def _definition(slug: str | None):
    """The sign-up's form definition, or None (no app, or the form is gone). Called inside a
    flush (column default, before_update), so it never reads the catalogue from the database
    (FormRegistry.known)."""
    from flask import current_app, has_app_context

    if not slug or not has_app_context():
        return None
    registry = current_app.extensions.get("intake.forms")
    return registry.known(slug) if registry is not None else None


def _search_text_default(context) -> str:
    """Also for bulk inserts that bypass the ORM: derived from the row's own answers."""
    params = context.get_current_parameters()
    return matching.search_text(_definition(params.get("form_slug")), params.get("answers"))


class Signup(db.Model):
    """What a person submitted, exactly as given, with the form version that asked for it.

    `email` is the address's key (`matching.email_key`); `search_text` holds the keys of
    the answers that staff search and GDPR find look in (see intake.matching), kept in step
    with `answers` on every insert and update.
    """

    __tablename__ = "signups"
    # The staff list per form reads in index order with LIMIT at 100,000 rows instead of
    # sorting the whole table.
    __table_args__ = (sa.Index("ix_signups_form_created", "form_slug", "created_at", "id"),)

    id = sa.Column(sa.Integer, primary_key=True)
    reference = sa.Column(sa.String(12), nullable=False, unique=True)
    form_slug = sa.Column(sa.String(50), nullable=False, index=True)
    form_version = sa.Column(sa.Integer, nullable=False)
    answers = sa.Column(JSONType, nullable=False)
    email = sa.Column(sa.String(254), index=True)
    phone = sa.Column(sa.String(20), index=True)
    locale = sa.Column(sa.String(5), nullable=False, default="da")
    submission_key = sa.Column(sa.String(32), nullable=False, unique=True)
    source = sa.Column(sa.String(20), nullable=False, default="public")
    created_at = created_at_column()
    cancelled_at = sa.Column(UTCDateTime)
    search_text = sa.Column(sa.Text, nullable=False, default=_search_text_default,
                            server_default="")

    bookings = relationship(
        "Booking", back_populates="signup", cascade="all, delete-orphan", order_by="Booking.id"
    )

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def active_bookings(self) -> list[Booking]:
        return [b for b in self.bookings if b.status != BookingStatus.CANCELLED]


@sa.event.listens_for(Signup, "before_update")
def _answers_changed(_mapper, _connection, target: Signup) -> None:
    """A GDPR redaction or a staff edit changes the answers: their keys follow."""
    if sa.inspect(target).attrs.answers.history.has_changes():
        target.search_text = matching.search_text(_definition(target.form_slug), target.answers)


class Booking(db.Model):
    """One sign-up's claim on one capacity bucket (the form, an option, or an occasion);
    `bucket` is the stored string of an intake.signups.buckets.Bucket (`place`)."""

    __tablename__ = "bookings"
    __table_args__ = (
        sa.Index("ix_bookings_bucket_status", "form_slug", "bucket", "status"),
        # The staff list's status filter per form, in index order.
        sa.Index("ix_bookings_form_status_signup", "form_slug", "status", "signup_id"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    signup_id = sa.Column(sa.ForeignKey("signups.id", ondelete="CASCADE"), nullable=False,
                          index=True)
    form_slug = sa.Column(sa.String(50), nullable=False)
    bucket = sa.Column(sa.String(80), nullable=False)
    occasion_key = sa.Column(sa.String(40))
    seats = sa.Column(sa.Integer, nullable=False, default=1)
    status = enum_column(BookingStatus, nullable=False)
    is_over_capacity = sa.Column(sa.Boolean, nullable=False, default=False)
    created_at = created_at_column()
    confirmed_at = sa.Column(UTCDateTime)
    cancelled_at = sa.Column(UTCDateTime)

    signup = relationship("Signup", back_populates="bookings")

    @property
    def place(self) -> Bucket:
        """The bucket this booking holds a seat or a waiting place in."""
        return Bucket.parse(self.bucket)


class CapacityBucket(db.Model):
    """The row that is locked while seats are counted; also holds a staff override of seats."""

    __tablename__ = "capacity_buckets"

    form_slug = sa.Column(sa.String(50), primary_key=True)
    bucket = sa.Column(sa.String(80), primary_key=True)
    seats_override = sa.Column(sa.Integer)
    version = sa.Column(sa.Integer, nullable=False, default=0)
    # Staff approve each new sign-up in this bucket (a group's "Kræv godkendelse"): it waits
    # as PENDING (intake/signups/capacity.decide, intake/signups/approval.py).
    is_approval_required = sa.Column(sa.Boolean, nullable=False, default=False,
                                     server_default=sa.false())
