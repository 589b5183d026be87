"""Counts for the staff overview: per form and per bucket, from grouped, indexed queries.

Per bucket they are the availability read model (intake/signups/availability.py)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from intake.extensions import db
from intake.formdefs.schema import FormDef
from intake.outbox.models import MailStatus, OutboxMessage
from intake.signups import availability
from intake.signups.availability import BucketAvailability
from intake.signups.models import Booking, BookingStatus, Signup


@dataclass
class FormSummary:
    definition: FormDef
    total: int
    active: int
    cancelled: int
    waiting: int  # sign-ups with at least one booking on a waiting list
    over: int  # bookings flagged over capacity
    pending: int = 0  # sign-ups with a booking awaiting approval (intake/signups/approval.py)


def bucket_rows(definition: FormDef) -> list[BucketAvailability]:
    """Every bucket of the form with seats, waiting list and label (the availability model)."""
    return availability.for_staff(definition)


def form_summary(definition: FormDef) -> FormSummary:
    total, cancelled = db.session.execute(
        sa.select(sa.func.count(Signup.id),
                  sa.func.sum(sa.case((Signup.cancelled_at.is_not(None), 1), else_=0)))
        .where(Signup.form_slug == definition.slug)
    ).one()
    queued = dict(db.session.execute(
        sa.select(Booking.status, sa.func.count(sa.distinct(Booking.signup_id)))
        .where(Booking.form_slug == definition.slug,
               Booking.status.in_((BookingStatus.WAITLISTED, BookingStatus.PENDING)))
        .group_by(Booking.status)
    ).all())
    over = db.session.scalar(
        sa.select(sa.func.count(Booking.id))
        .where(Booking.form_slug == definition.slug, Booking.status == BookingStatus.CONFIRMED,
               Booking.is_over_capacity.is_(True))
    )
    cancelled = int(cancelled or 0)
    return FormSummary(definition, total, total - cancelled, cancelled,
                       queued.get(BookingStatus.WAITLISTED, 0), over or 0,
                       queued.get(BookingStatus.PENDING, 0))


def mail_counts() -> dict[MailStatus, int]:
    counts = dict(db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count(OutboxMessage.id))
        .group_by(OutboxMessage.status)
    ).all())
    return {status: counts.get(status, 0) for status in MailStatus}
