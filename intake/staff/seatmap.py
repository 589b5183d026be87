"""Seat maps for forms with groups (samarbejdsgruppe): each group's seats by sector.

The business policy asks for a mix of Kommune, Erhverv and Andre aktører in each group of 12,
so staff see seat by seat who sits where, and the count per sector, waiting list and those
awaiting approval (no seat yet; intake/signups/approval.py) included.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from intake.extensions import db
from intake.formdefs.schema import FormDef
from intake.signups import availability
from intake.signups.models import Booking, BookingStatus

SECTOR_FIELD = "sektor"


@dataclass
class Seat:
    number: int
    booking: Booking | None = None

    @property
    def sector(self) -> str | None:
        return self.booking.signup.answers.get(SECTOR_FIELD) if self.booking else None


@dataclass
class Group:
    bucket: str
    label: str
    limit: int | None
    seats: list[Seat] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    waiting: dict[str, int] = field(default_factory=dict)
    pending: dict[str, int] = field(default_factory=dict)  # awaiting approval, per sector

    @property
    def taken(self) -> int:
        return sum(1 for seat in self.seats if seat.booking is not None)


def applies(definition: FormDef) -> bool:
    sector = definition.field(SECTOR_FIELD)
    return bool(
        definition.capacity
        and definition.capacity.count_by == "option"
        and sector
        and sector.options
    )


def sectors(definition: FormDef) -> list[tuple[str, str]]:
    return [(o.code, str(o.label)) for o in definition.field(SECTOR_FIELD).options]


def groups(definition: FormDef) -> list[Group]:
    codes = [code for code, _ in sectors(definition)]
    bookings = db.session.scalars(
        sa.select(Booking).options(joinedload(Booking.signup))
        .where(Booking.form_slug == definition.slug,
               Booking.status.in_([BookingStatus.CONFIRMED, BookingStatus.WAITLISTED,
                                   BookingStatus.PENDING]))
        .order_by(Booking.confirmed_at, Booking.created_at, Booking.id)
    ).all()
    result = []
    for row in availability.for_staff(definition):
        bucket, limit = row.bucket, row.limit
        group = Group(bucket, row.label, limit,
                      counts=dict.fromkeys(codes, 0), waiting=dict.fromkeys(codes, 0),
                      pending=dict.fromkeys(codes, 0))
        mine = [b for b in bookings if b.bucket == bucket]
        confirmed = [b for b in mine if b.status == BookingStatus.CONFIRMED]
        size = max(limit or 0, len(confirmed))
        group.seats = [Seat(n + 1, confirmed[n] if n < len(confirmed) else None)
                       for n in range(size)]
        targets = {BookingStatus.CONFIRMED: group.counts, BookingStatus.WAITLISTED: group.waiting,
                   BookingStatus.PENDING: group.pending}
        for booking in mine:
            target = targets[booking.status]
            sector = booking.signup.answers.get(SECTOR_FIELD)
            target[sector] = target.get(sector, 0) + 1
        result.append(group)
    return result
