"""Counts for the staff overview: per form and per bucket, from grouped, indexed queries."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from intake.extensions import db
from intake.formdefs.schema import FormDef
from intake.outbox.models import MailStatus, OutboxMessage
from intake.signups import buckets, capacity
from intake.signups.models import Booking, BookingStatus, CapacityBucket, Signup


@dataclass
class BucketRow:
    bucket: str
    label: str
    limit: int | None
    default_limit: int | None
    override: int | None
    seats_used: int = 0
    confirmed: int = 0
    waiting: int = 0
    waiting_seats: int = 0
    over: int = 0

    @property
    def fill(self) -> str:
        """"11/12", or "11" when there is no limit."""
        return f"{self.seats_used}/{self.limit}" if self.limit is not None else str(self.seats_used)

    @property
    def is_full(self) -> bool:
        return self.limit is not None and self.seats_used >= self.limit


@dataclass
class FormSummary:
    form: FormDef
    total: int
    active: int
    cancelled: int
    waiting: int  # sign-ups with at least one booking on a waiting list
    over: int  # bookings flagged over capacity


def bucket_rows(form: FormDef) -> list[BucketRow]:
    grouped = db.session.execute(
        sa.select(Booking.bucket, Booking.status, sa.func.count(Booking.id), sa.func.sum(Booking.seats),
                  sa.func.sum(sa.case((Booking.is_over_capacity.is_(True), 1), else_=0)))
        .where(Booking.form_slug == form.slug)
        .group_by(Booking.bucket, Booking.status)
    ).all()
    overrides = dict(db.session.execute(
        sa.select(CapacityBucket.bucket, CapacityBucket.seats_override)
        .where(CapacityBucket.form_slug == form.slug)
    ).all())
    rows = {}
    for bucket in buckets.known(form):
        limit = capacity.limit_for(form, bucket)
        override = overrides.get(bucket)
        default = capacity.definition_limit(form, bucket)
        rows[bucket] = BucketRow(bucket, buckets.label(form, bucket), limit, default, override)
    for bucket, status, count, seats, over in grouped:
        row = rows.get(bucket)
        if row is None:
            continue
        if status == BookingStatus.CONFIRMED:
            row.confirmed, row.seats_used, row.over = count, int(seats or 0), int(over or 0)
        elif status == BookingStatus.WAITLISTED:
            row.waiting, row.waiting_seats = count, int(seats or 0)
    return list(rows.values())


def form_summary(form: FormDef) -> FormSummary:
    total, cancelled = db.session.execute(
        sa.select(sa.func.count(Signup.id),
                  sa.func.sum(sa.case((Signup.cancelled_at.is_not(None), 1), else_=0)))
        .where(Signup.form_slug == form.slug)
    ).one()
    waiting = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Booking.signup_id)))
        .where(Booking.form_slug == form.slug, Booking.status == BookingStatus.WAITLISTED)
    )
    over = db.session.scalar(
        sa.select(sa.func.count(Booking.id))
        .where(Booking.form_slug == form.slug, Booking.status == BookingStatus.CONFIRMED,
               Booking.is_over_capacity.is_(True))
    )
    cancelled = int(cancelled or 0)
    return FormSummary(form, total, total - cancelled, cancelled, waiting or 0, over or 0)


def mail_counts() -> dict[MailStatus, int]:
    counts = dict(db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count(OutboxMessage.id)).group_by(OutboxMessage.status)
    ).all())
    return {status: counts.get(status, 0) for status in MailStatus}
