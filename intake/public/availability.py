"""Whether a form is open, and how full its buckets are, for the public page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from intake import clock
from intake.extensions import db
from intake.formdefs.schema import FormDef
from intake.signups import capacity
from intake.signups.models import Booking, BookingStatus, CapacityBucket


@dataclass(frozen=True)
class Window:
    state: str  # open | not_yet | closed
    opens_at: datetime | None
    closes_at: datetime | None


def window(form: FormDef) -> Window:
    now = clock.now()
    if form.opens_at and now < form.opens_at:
        return Window("not_yet", form.opens_at, form.closes_at)
    if form.closes_at and now >= form.closes_at:
        return Window("closed", form.opens_at, form.closes_at)
    return Window("open", form.opens_at, form.closes_at)


def seats_left(form: FormDef, buckets: list[str]) -> dict[str, int | None]:
    """Free seats per bucket (None when unlimited); read without locks, for display only.

    Two queries for the whole page (staff overrides, seats taken per bucket), not two per
    group or date: a form page is the most requested page when a newsletter goes out.
    """
    if not buckets:
        return {}
    overrides = dict(db.session.execute(
        sa.select(CapacityBucket.bucket, CapacityBucket.seats_override)
        .where(CapacityBucket.form_slug == form.slug, CapacityBucket.bucket.in_(buckets),
               CapacityBucket.seats_override.is_not(None))
    ).all())
    taken = dict(db.session.execute(
        sa.select(Booking.bucket, sa.func.coalesce(sa.func.sum(Booking.seats), 0))
        .where(Booking.form_slug == form.slug, Booking.bucket.in_(buckets),
               Booking.status == BookingStatus.CONFIRMED)
        .group_by(Booking.bucket)
    ).all())
    result: dict[str, int | None] = {}
    for bucket in buckets:
        limit = overrides.get(bucket)
        if limit is None:
            limit = capacity.definition_limit(form, bucket)
        result[bucket] = None if limit is None else max(limit - int(taken.get(bucket) or 0), 0)
    return result
