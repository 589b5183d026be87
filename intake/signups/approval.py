"""Staff approve or decline a sign-up that waits for approval (`BookingStatus.PENDING`,
"afventer godkendelse").

A bucket requires approval when staff set `CapacityBucket.is_approval_required` (a group's
"Kræv godkendelse", issue 13 §1): `capacity.decide` then gives every new claim PENDING, which
holds no seat. The seat is decided when staff approve, under the bucket lock as every other
seat: a free seat with nobody waiting → confirmed; otherwise the waiting list (its end: the
people already waiting stay ahead). Both flush and queue the person's mail; the view commits.
"""

from __future__ import annotations

from intake.clock import now
from intake.extensions import db
from intake.formdefs.schema import FormDef
from intake.signups import capacity, mails
from intake.signups.changes import Change
from intake.signups.models import Booking, BookingStatus, CapacityBucket


def set_required(definition: FormDef, bucket: str, required: bool) -> None:
    """Turn approval on or off for a bucket. Those already pending stay pending until staff
    approve or decline them. Flushes."""
    capacity.lock_buckets(definition.slug, [bucket])
    row = db.session.get(CapacityBucket, (definition.slug, bucket))
    row.is_approval_required = required
    row.version = (row.version or 0) + 1
    db.session.flush()


def approve(definition: FormDef, booking: Booking) -> Change:
    """Approve a pending booking: a seat if one is free and nobody is waiting, else the end of
    the waiting list; refused ("not_pending") if it no longer waits for approval, ("full") if
    the bucket is full and the form has no waiting list. The mail says which.

    Change.booking is the booking; its status says where it landed.
    """
    capacity.lock_buckets(definition.slug, [booking.bucket])
    db.session.refresh(booking)  # re-read under the lock: another approval may have won
    if booking.status != BookingStatus.PENDING:
        return Change(False, "not_pending", booking=booking)
    claim = capacity.Claim(booking.bucket, booking.occasion_key, booking.seats)
    status = capacity.decide(definition, claim, approval=False)
    if status is None:
        return Change(False, "full", booking=booking)
    moment = now()
    booking.status = status
    if status == BookingStatus.CONFIRMED:
        booking.confirmed_at = moment
    else:
        booking.created_at = moment  # joins the queue now, behind those already waiting
    db.session.flush()
    mails.signup_approved(definition, booking.signup, booking)
    return Change(True, booking=booking)


def decline(definition: FormDef, booking: Booking, reason: str) -> Change:
    """Decline a pending booking with the reason staff give (sent to the person); the
    sign-up is cancelled when nothing else of it stands. ValueError for an empty reason;
    refused ("not_pending") if the booking no longer waits for approval. A pending booking
    holds no seat, so nobody moves up."""
    reason = reason.strip()
    if not reason:
        raise ValueError("a reason is required")
    capacity.lock_buckets(definition.slug, [booking.bucket])
    db.session.refresh(booking)
    if booking.status != BookingStatus.PENDING:
        return Change(False, "not_pending", booking=booking)
    moment = now()
    booking.status, booking.cancelled_at = BookingStatus.CANCELLED, moment
    signup = booking.signup
    if not signup.active_bookings():
        signup.cancelled_at = moment
    db.session.flush()
    mails.signup_declined(definition, signup, booking, reason)
    return Change(True, booking=booking)


def is_pending(booking: Booking) -> bool:
    return booking.status == BookingStatus.PENDING
