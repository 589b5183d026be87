"""Changes to sign-ups: promote from the waiting list, move, cancel some dates, change a capacity.

They use the same capacity primitives as the public flow (locks first, then counting), flush
and queue mail, and never commit: the staff view commits once. Cancelling and adding by hand
are `service.cancel` and `service.submit(..., source="staff")` as in the public flow.
`cancel_dates` serves both the person (the mail's cancel link) and staff.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from intake.clock import now
from intake.extensions import db
from intake.formdefs.schema import FormDef
from intake.signups import buckets, capacity, mails
from intake.signups.buckets import Bucket
from intake.signups.models import Booking, BookingStatus, CapacityBucket, Signup


@dataclass
class Change:
    ok: bool
    reason: str | None = None  # not_waiting | full | not_active | not_allowed
    booking: Booking | None = None
    promoted: list[Booking] = field(default_factory=list)
    flagged: list[Booking] = field(default_factory=list)


def _mail_promoted(definition: FormDef, promoted: list[Booking]) -> None:
    for booking in promoted:
        mails.signup_promoted(definition, booking.signup, booking)


def promote(definition: FormDef, booking: Booking, over_capacity: bool = False) -> Change:
    """Give a waiting person a seat, out of turn if staff choose so.

    With no free seat this is refused unless `over_capacity`: then the seat is given anyway
    and flagged, exactly as if the capacity had been lowered under it.
    """
    capacity.lock_buckets(definition.slug, [booking.bucket])
    db.session.refresh(booking)  # re-read under the lock
    if booking.status != BookingStatus.WAITLISTED:
        return Change(False, "not_waiting")
    limit = capacity.limit_for(definition, booking.bucket)
    fits = limit is None or capacity.used(definition.slug, booking.bucket) + booking.seats <= limit
    if not fits and not over_capacity:
        return Change(False, "full")
    booking.status = BookingStatus.CONFIRMED
    booking.confirmed_at = now()
    db.session.flush()
    flagged = capacity.flag_over_capacity(definition, booking.bucket)
    mails.signup_promoted(definition, booking.signup, booking)
    return Change(True, booking=booking, flagged=flagged)


def move(definition: FormDef, signup: Signup, booking: Booking, target: str) -> Change:
    """Move one booking to another group or date: a seat there, or its waiting list.

    The answer that chose the bucket is changed with it, so mails, lists and exports agree.
    The seat left behind goes to the next in line on the old bucket's waiting list.
    """
    if signup.is_cancelled or booking.status == BookingStatus.CANCELLED:
        return Change(False, "not_active")
    if target not in buckets.move_targets(definition, booking):
        return Change(False, "not_allowed")
    old = booking.bucket
    capacity.lock_buckets(definition.slug, [old, target])
    db.session.refresh(booking)
    key = Bucket.parse(target).occasion_key or booking.occasion_key
    claim = capacity.Claim(target, key, booking.seats)
    status = capacity.decide(definition, claim, approval=False)  # staff moved it
    if status is None:
        return Change(False, "full")
    moment = now()
    booking.status, booking.cancelled_at = BookingStatus.CANCELLED, moment
    booking.is_over_capacity = False
    moved = Booking(
        form_slug=definition.slug,
        bucket=target,
        occasion_key=claim.occasion_key,
        seats=booking.seats,
        status=status,
        created_at=moment,
        confirmed_at=moment if status == BookingStatus.CONFIRMED else None,
    )
    signup.bookings.append(moved)
    signup.answers = _moved_answers(definition, signup.answers, old, target)
    db.session.flush()
    promoted = capacity.fill_from_waiting_list(definition, old)
    mails.signup_moved(definition, signup, moved, old)
    _mail_promoted(definition, promoted)
    return Change(True, booking=moved, promoted=promoted)


def cancel_dates(
    definition: FormDef, signup: Signup, occasion_keys: list[str], by_staff: bool = False
) -> Change:
    """Cancel the bookings on some dates of a sign-up and keep the others (the Friday form).

    Refused ("not_active", "not_allowed") when the sign-up is cancelled or a key is not one
    of its standing dates. Cancelling every standing date is `service.cancel` (with
    `by_staff` passed on, so the mail says who cancelled). The freed
    seats go to each date's waiting list in order; the person gets a mail that names the
    cancelled dates and carries METHOD:CANCEL for their calendar events.
    """
    from intake.signups import service

    if signup.is_cancelled:
        return Change(False, "not_active")
    wanted = set(occasion_keys)
    active = signup.active_bookings()
    chosen = [b for b in active if b.occasion_key in wanted]
    if not wanted or len(chosen) != len(wanted):
        return Change(False, "not_allowed")
    if len(chosen) == len(active):
        return Change(True, promoted=service.cancel(definition, signup, by_staff=by_staff))
    freed = sorted({b.bucket for b in chosen})
    capacity.lock_buckets(definition.slug, freed)
    moment = now()
    for booking in chosen:
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, moment
        booking.is_over_capacity = False
    db.session.flush()
    mails.signup_dates_cancelled(definition, signup, chosen, by_staff=by_staff)
    promoted: list[Booking] = []
    for bucket in freed:
        promoted.extend(capacity.fill_from_waiting_list(definition, bucket))
    _mail_promoted(definition, promoted)
    return Change(True, promoted=promoted)


def _moved_answers(definition: FormDef, answers: dict, old: str, target: str) -> dict:
    answers = dict(answers)  # a new dict, so the JSON column sees the change
    moved_to, moved_from = Bucket.parse(target), Bucket.parse(old)
    name = buckets.choosing_field(definition)
    if moved_to.kind == buckets.OPTION:
        answers[name] = moved_to.key
    elif moved_to.kind == buckets.OCCASION:
        value = answers.get(name)
        if isinstance(value, list):
            answers[name] = [moved_to.key if v == moved_from.key else v for v in value]
        else:
            answers[name] = moved_to.key
    return answers


def set_capacity(definition: FormDef, bucket: str, seats: int | None) -> Change:
    """Change a bucket's seats (None: back to the form definition's number).

    Nobody is ever removed: a lower number flags the confirmed bookings beyond it; a higher
    number promotes from the waiting list in order, as a cancellation would.
    """
    capacity.lock_buckets(definition.slug, [bucket])
    row = db.session.get(CapacityBucket, (definition.slug, bucket))
    row.seats_override = seats
    row.version = (row.version or 0) + 1
    db.session.flush()
    promoted = capacity.fill_from_waiting_list(definition, bucket)
    flagged = capacity.flag_over_capacity(definition, bucket)
    _mail_promoted(definition, promoted)
    return Change(True, promoted=promoted, flagged=flagged)
