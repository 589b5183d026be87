"""Sign-ups streamed from the database in keyset batches, never all in memory.

Each batch is one query for the sign-ups (id > last id, ordered by id) and one for their
bookings, read as plain column tuples: no ORM objects, so the session's identity map does
not grow while 100,000 rows go by. Times and statuses are read raw and converted here
(datetime.fromisoformat is C code): SQLAlchemy's per-value processing of the same columns
was a third of the export's database time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa

from intake.extensions import db
from intake.signups.models import Booking, Signup


@dataclass(slots=True)
class BookingRecord:
    status: str  # the BookingStatus value
    occasion_key: str | None
    bucket: str


@dataclass(slots=True)
class SignupRecord:
    id: int
    reference: str
    created_at: datetime
    cancelled_at: datetime | None
    answers: dict
    bookings: list[BookingRecord] = field(default_factory=list)


def stream(form_slug: str, batch_size: int = 1000, session=None) -> Iterator[SignupRecord]:
    session = session or db.session
    last_id = 0
    while True:
        batch = [
            SignupRecord(signup_id, reference, _utc(created_at), _utc(cancelled_at), answers)
            for signup_id, reference, created_at, cancelled_at, answers in session.execute(
                sa.select(
                    Signup.id,
                    Signup.reference,
                    _raw(Signup.created_at),
                    _raw(Signup.cancelled_at),
                    Signup.answers,
                )
                .where(Signup.form_slug == form_slug, Signup.id > last_id)
                .order_by(Signup.id)
                .limit(batch_size)
            )
        ]
        if not batch:
            return
        by_id = {record.id: record for record in batch}
        for signup_id, status, occasion_key, bucket in session.execute(
            sa.select(Booking.signup_id, _raw(Booking.status), Booking.occasion_key, Booking.bucket)
            .where(Booking.signup_id.in_(by_id))
            .order_by(Booking.id)
        ):
            by_id[signup_id].bookings.append(BookingRecord(status, occasion_key, bucket))
        yield from batch
        last_id = batch[-1].id
        if len(batch) < batch_size:
            return


def _raw(column):
    return sa.type_coerce(column, sa.String)


def _utc(value: str | datetime | None) -> datetime | None:
    """What UTCDateTime would return: SQLite gives text, PostgreSQL an aware datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def occasion_keys(form_slug: str, session=None) -> list[str]:
    """The occasions any sign-up of the form is booked on (past ones included)."""
    session = session or db.session
    return sorted(session.scalars(
        sa.select(Booking.occasion_key).distinct()
        .where(Booking.form_slug == form_slug, Booking.occasion_key.is_not(None))
    ))


def answered_versions(form_slug: str, session=None) -> list[int]:
    """The form versions the form's sign-ups were given under, oldest first (one query on
    the slug's index)."""
    session = session or db.session
    return sorted(session.scalars(
        sa.select(Signup.form_version).distinct().where(Signup.form_slug == form_slug)
    ))


def count(form_slug: str, session=None) -> int:
    session = session or db.session
    return (
        session.scalar(sa.select(sa.func.count(Signup.id)).where(Signup.form_slug == form_slug))
        or 0
    )
