"""Seats and waiting lists, decided in one place.

Every decision runs with the buckets it touches locked: a row lock on PostgreSQL, and on
SQLite the write transaction that the request opened with BEGIN IMMEDIATE. The lock is
taken before seats are counted, so two requests can never both see the last seat free.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from intake.clock import now
from intake.extensions import db
from intake.formdefs import occasions as occasion_rules
from intake.formdefs.schema import FormDef
from intake.signups import availability, buckets
from intake.signups.buckets import Bucket
from intake.signups.models import Booking, BookingStatus, CapacityBucket


@dataclass(frozen=True)
class Claim:
    bucket: str  # the stored string of a Bucket
    occasion_key: str | None
    seats: int


def claims_for(definition: FormDef, answers: dict) -> list[Claim]:
    """Which buckets a sign-up with these answers takes seats in, and how many."""
    capacity = definition.capacity
    seats = 1
    if capacity and capacity.people_field:
        seats = max(len(answers.get(capacity.people_field) or []), 1)
    chosen = occasion_rules.chosen(definition, answers)
    single_occasion = chosen[0].key if len(chosen) == 1 else None
    if capacity is None or capacity.count_by == buckets.FORM:
        return [Claim(str(Bucket.whole_form()), single_occasion, seats)]
    if capacity.count_by == buckets.OPTION:
        code = str(answers.get(capacity.field))
        return [Claim(str(Bucket.option(code)), single_occasion, seats)]
    return [Claim(str(Bucket.occasion(o.key)), o.key, seats) for o in chosen]


class Locked(dict):
    """What `lock_buckets` read under the lock: bucket → staff seat override (None: none),
    and `approval`: bucket → `is_approval_required`, so `decide` queries neither again."""

    def __init__(self):
        super().__init__()
        self.approval: dict[str, bool] = {}


def lock_buckets(form_slug: str, buckets: list[str]) -> Locked:
    """Lock the buckets; returns each one's staff override and approval flag, read under the
    lock, so that `decide` need not query the same row again."""
    session = db.session
    locked_rows = Locked()
    for bucket in sorted(set(buckets)):  # one order everywhere, so two locks cannot deadlock
        locked = (
            sa.select(CapacityBucket.seats_override, CapacityBucket.is_approval_required)
            .where(CapacityBucket.form_slug == form_slug, CapacityBucket.bucket == bucket)
            .with_for_update()
        )
        row = session.execute(locked).first()
        if row is None:
            insert = _insert(session)(CapacityBucket).values(
                form_slug=form_slug, bucket=bucket, version=0)
            session.execute(insert.on_conflict_do_nothing())
            row = session.execute(locked).first()
        locked_rows[bucket] = row[0] if row is not None else None
        locked_rows.approval[bucket] = bool(row[1]) if row is not None else False
    return locked_rows


def _insert(session):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def limit_for(definition: FormDef, bucket: str) -> int | None:
    """Seats in a bucket: a staff override first, then the option, occasion or form."""
    override = db.session.scalar(
        sa.select(CapacityBucket.seats_override)
        .where(CapacityBucket.form_slug == definition.slug, CapacityBucket.bucket == bucket)
    )
    if override is not None:
        return override
    return definition_limit(definition, bucket)


def definition_limit(definition: FormDef, bucket: str) -> int | None:
    """Seats as the form definition sets them, ignoring any staff override."""
    return Bucket.parse(bucket).defined_seats(definition)


def used(form_slug: str, bucket: str) -> int:
    """Seats taken in a stored bucket, counted by the read model's one query."""
    return availability.seats_taken(form_slug, [bucket])[bucket]


def waiting(form_slug: str, bucket: str) -> list[Booking]:
    return db.session.scalars(
        sa.select(Booking)
        .where(Booking.form_slug == form_slug, Booking.bucket == bucket,
               Booking.status == BookingStatus.WAITLISTED)
        .order_by(Booking.created_at, Booking.id)
    ).all()


def decide(definition: FormDef, claim: Claim,
           overrides: dict[str, int | None] | None = None,
           approval: bool = True) -> BookingStatus | None:
    """CONFIRMED if the seats are free, WAITLISTED if there is a list, None if full.
    Locked by caller.

    In a bucket that requires approval (`CapacityBucket.is_approval_required`, a group's
    "Kræv godkendelse") a claim that would get a seat or a waiting place is PENDING
    instead: staff decide later (intake/signups/approval.py), and the seat or place is
    decided then, so a pending sign-up never jumps the waiting list. `approval=False`: staff
    made this claim themselves (added by hand, moved), so it needs nobody's approval.
    `overrides` is what `lock_buckets` returned, when the caller has it.
    """
    status = _decide_seat(definition, claim, overrides)
    if status is not None and approval and _approval(definition.slug, claim.bucket, overrides):
        return BookingStatus.PENDING
    return status


def _approval(form_slug: str, bucket: str, overrides) -> bool:
    flags = getattr(overrides, "approval", None)
    if flags is not None and bucket in flags:
        return flags[bucket]
    return requires_approval(form_slug, bucket)


def requires_approval(form_slug: str, bucket: str) -> bool:
    """Whether staff approve each new sign-up in this bucket (False for a bucket with no row)."""
    return bool(db.session.scalar(
        sa.select(CapacityBucket.is_approval_required)
        .where(CapacityBucket.form_slug == form_slug, CapacityBucket.bucket == bucket)
    ))


def _decide_seat(definition: FormDef, claim: Claim,
                 overrides: dict[str, int | None] | None) -> BookingStatus | None:
    if overrides is not None and claim.bucket in overrides:
        override = overrides[claim.bucket]
        limit = override if override is not None else definition_limit(definition, claim.bucket)
    else:
        limit = limit_for(definition, claim.bucket)
    has_list = bool(definition.capacity and definition.capacity.waiting_list)
    if limit is None:
        return BookingStatus.CONFIRMED
    # Seats left over because the next party in line is too big are not up for grabs:
    # a newcomer queues behind the waiting list, in the same strict order as promotion.
    queue = has_list and _anyone_waiting(definition.slug, claim.bucket)
    if not queue and used(definition.slug, claim.bucket) + claim.seats <= limit:
        return BookingStatus.CONFIRMED
    return BookingStatus.WAITLISTED if has_list else None


def _anyone_waiting(form_slug: str, bucket: str) -> bool:
    return db.session.scalar(
        sa.select(Booking.id)
        .where(Booking.form_slug == form_slug, Booking.bucket == bucket,
               Booking.status == BookingStatus.WAITLISTED)
        .limit(1)
    ) is not None


def fill_from_waiting_list(definition: FormDef, bucket: str) -> list[Booking]:
    """Promote in order of sign-up while the next in line fits. Locked by caller."""
    limit = limit_for(definition, bucket)
    promoted: list[Booking] = []
    taken = used(definition.slug, bucket)
    for booking in waiting(definition.slug, bucket):
        if limit is not None and taken + booking.seats > limit:
            break  # strict order: nobody jumps the queue because their party is smaller
        booking.status = BookingStatus.CONFIRMED
        booking.confirmed_at = now()
        taken += booking.seats
        promoted.append(booking)
    db.session.flush()
    flag_over_capacity(definition, bucket)
    return promoted


def flag_over_capacity(definition: FormDef, bucket: str) -> list[Booking]:
    """Flag the confirmed bookings beyond the bucket's limit (the most recently confirmed).

    Lowering a capacity never cancels anyone; staff see the flag and decide. The flags are
    recomputed whenever a bucket changes, so they clear once seats free up. Locked by caller.
    """
    limit = limit_for(definition, bucket)
    in_bucket = (Booking.form_slug == definition.slug, Booking.bucket == bucket)
    if limit is None or used(definition.slug, bucket) <= limit:  # the common case: nothing to scan
        db.session.execute(sa.update(Booking).where(*in_bucket, Booking.is_over_capacity.is_(True))
                           .values(is_over_capacity=False))
        return []
    confirmed = db.session.scalars(
        sa.select(Booking).where(*in_bucket, Booking.status == BookingStatus.CONFIRMED)
        .order_by(Booking.confirmed_at, Booking.id)
    ).all()
    flagged, taken = [], 0
    for booking in confirmed:
        taken += booking.seats
        booking.is_over_capacity = taken > limit
        if booking.is_over_capacity:
            flagged.append(booking)
    db.session.execute(sa.update(Booking).where(
        *in_bucket, Booking.status != BookingStatus.CONFIRMED, Booking.is_over_capacity.is_(True),
    ).values(is_over_capacity=False))
    db.session.flush()
    return flagged
