"""How full each bucket is: the one read model for the public page, the staff overview and
the seat map (pretix's `QuotaAvailability` plays this part for quotas).

Seats taken are counted here and nowhere else (`seats_taken`); the capacity decision in
intake/signups/capacity.py calls it too, under the bucket's lock. Everything else here reads
without locks, for display: a number shown may be stale by the time a sign-up is decided.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import sqlalchemy as sa

from intake.extensions import db
from intake.formdefs.schema import FormDef, Occasion
from intake.signups import buckets
from intake.signups.buckets import Bucket
from intake.signups.models import Booking, BookingStatus, CapacityBucket


@dataclass(frozen=True)
class BucketAvailability:
    """One bucket's seats. Counts are of bookings; `taken` and `waiting_seats` of seats
    (a team of three on one booking takes three)."""

    bucket: str  # the stored string (str(Bucket))
    limit: int | None  # seats: the staff override, else the form definition's; None: unlimited
    default_limit: int | None  # the form definition's seats, ignoring the override
    override: int | None  # the staff override, None: none
    taken: int = 0  # seats held by confirmed bookings
    # Counted only when asked for (`read(..., waiting=True)`):
    confirmed: int = 0  # confirmed bookings
    waiting: int = 0  # bookings on the waiting list
    waiting_seats: int = 0
    over: int = 0  # confirmed bookings flagged over capacity
    pending: int = 0  # bookings awaiting staff approval (no seat, not counted in `taken`)
    label: str = ""  # filled by `for_staff`

    @property
    def left(self) -> int | None:
        """Free seats, never below 0; None when unlimited."""
        return None if self.limit is None else max(self.limit - self.taken, 0)

    @property
    def fill(self) -> str:
        """"11/12", or "11" when there is no limit."""
        return f"{self.taken}/{self.limit}" if self.limit is not None else str(self.taken)

    @property
    def is_full(self) -> bool:
        return self.limit is not None and self.taken >= self.limit


def seats_taken(form_slug: str, bucket_keys: Iterable[str]) -> dict[str, int]:
    """Seats held by confirmed bookings, per stored bucket (0 for a bucket nobody holds).

    The one place seats taken are counted. It runs under the bucket lock for every claim of
    a sign-up, so it stays one lean aggregate (a sum per bucket, `=` for a single bucket).
    """
    keys = list(bucket_keys)
    if not keys:
        return {}
    bucket_is = Booking.bucket == keys[0] if len(keys) == 1 else Booking.bucket.in_(keys)
    taken = dict.fromkeys(keys, 0)
    taken.update((bucket, int(seats or 0)) for bucket, seats in db.session.execute(
        sa.select(Booking.bucket, sa.func.sum(Booking.seats))
        .where(Booking.form_slug == form_slug, bucket_is,
               Booking.status == BookingStatus.CONFIRMED)
        .group_by(Booking.bucket)
    ))
    return taken


def _queues(form_slug: str, keys: list[str]) -> dict[str, dict[str, int]]:
    """Per bucket: confirmed bookings, those flagged over capacity, the waiting list in
    bookings and in seats, and the bookings awaiting approval (staff pages)."""
    counted: dict[str, dict[str, int]] = {key: {} for key in keys}
    for bucket, status, count, seats, over in db.session.execute(
        sa.select(Booking.bucket, Booking.status, sa.func.count(Booking.id),
                  sa.func.sum(Booking.seats),
                  sa.func.sum(sa.case((Booking.is_over_capacity.is_(True), 1), else_=0)))
        .where(Booking.form_slug == form_slug, Booking.bucket.in_(keys),
               Booking.status.in_((BookingStatus.CONFIRMED, BookingStatus.WAITLISTED,
                                   BookingStatus.PENDING)))
        .group_by(Booking.bucket, Booking.status)
    ):
        if status == BookingStatus.CONFIRMED:
            counted[bucket].update(confirmed=count, over=int(over or 0))
        elif status == BookingStatus.PENDING:
            counted[bucket].update(pending=count)
        else:
            counted[bucket].update(waiting=count, waiting_seats=int(seats or 0))
    return counted


def read(definition: FormDef, bucket_keys: Iterable[str], *,
         waiting: bool = False) -> dict[str, BucketAvailability]:
    """Each bucket's availability, in the order given: two queries whatever the number of
    buckets (a form page is the most requested page when a newsletter goes out).

    `waiting`: also count bookings, flags and the waiting lists, one query more (staff
    pages; the public page shows seats left only, and `confirmed` stays 0 without it).
    """
    keys = list(dict.fromkeys(bucket_keys))
    if not keys:
        return {}
    overrides = dict(db.session.execute(
        sa.select(CapacityBucket.bucket, CapacityBucket.seats_override)
        .where(CapacityBucket.form_slug == definition.slug, CapacityBucket.bucket.in_(keys),
               CapacityBucket.seats_override.is_not(None))
    ).all())
    taken = seats_taken(definition.slug, keys)
    queues = _queues(definition.slug, keys) if waiting else {}
    result = {}
    for key in keys:
        default = Bucket.parse(key).defined_seats(definition)
        override = overrides.get(key)
        limit = override if override is not None else default
        result[key] = BucketAvailability(key, limit, default, override, taken[key],
                                         **queues.get(key, {}))
    return result


def known(definition: FormDef) -> list[str]:
    """Configured buckets plus any that hold bookings (past dates, options since removed)."""
    used = db.session.scalars(
        sa.select(Booking.bucket).where(Booking.form_slug == definition.slug).distinct()
    ).all()
    result = buckets.configured(definition)
    extra = sorted(b for b in used if b not in result)
    if definition.capacity and definition.capacity.count_by == buckets.OCCASION:
        return sorted(set(result) | set(extra))  # dates in date order
    return result + extra


def for_staff(definition: FormDef) -> list[BucketAvailability]:
    """Every known bucket with its waiting list and label, for the overview and seat map."""
    rows = read(definition, known(definition), waiting=True).values()
    return [replace(row, label=buckets.label(definition, row.bucket)) for row in rows]


def seats_left(definition: FormDef, occasions: list[Occasion] | None = None
               ) -> dict[str, int | None]:
    """Free seats per bucket a form page offers (None: unlimited), keyed by stored bucket;
    {} for a form without capacity. `occasions`: the dates the page offers."""
    if definition.capacity is None:
        return {}
    keys = buckets.configured(definition, occasions)
    return {key: row.left for key, row in read(definition, keys).items()}
