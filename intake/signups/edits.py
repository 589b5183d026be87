"""Changing the answers of a standing sign-up ("Min tilmelding", staff, a personal link).

`change` keeps the earlier answers as a `SignupVersion` and moves seats through the same
capacity primitives as a new sign-up: the old and new buckets are locked first (one sorted
order, `capacity.lock_buckets`), then every new claim is decided; if one is refused nothing
is written. Bookings on buckets the new answers still claim are kept (the seat, its place
on the waiting list, its approval state); those no longer claimed are cancelled and their
waiting lists promoted. Like every service here it flushes and never commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from intake.clock import now
from intake.consents import service as consents
from intake.extensions import db
from intake.formdefs.schema import FormDef
from intake.signups import (
    capacity,
    mails,
    versions_gdpr,  # noqa: F401  (registers the GDPR provider)
)
from intake.signups import service as signups
from intake.signups.models import Booking, BookingStatus, Signup
from intake.signups.version_models import SignupVersion

CHANGED_BY = ("person", "staff", "invitation")


@dataclass
class EditOutcome:
    """What `change` did. `ok` False: nothing was written, `reason` says why: "closed"
    (the form no longer takes changes), "cancelled" (the sign-up is cancelled), "full"
    (`full_buckets` have no seat and no waiting list) or "already_signed_up" (the address
    already holds `booked_buckets` in another sign-up of the form)."""

    ok: bool
    reason: str | None = None
    changed: bool = False  # False: the answers were the same, nothing stored
    version: SignupVersion | None = None  # the earlier answers, kept
    full_buckets: list[str] = field(default_factory=list)
    booked_buckets: list[str] = field(default_factory=list)
    added: list[Booking] = field(default_factory=list)
    cancelled: list[Booking] = field(default_factory=list)
    promoted: list[Booking] = field(default_factory=list)


def versions(signup: Signup) -> list[SignupVersion]:
    """The sign-up's earlier answers, oldest first (version 1: as first given)."""
    return list(db.session.scalars(
        sa.select(SignupVersion).where(SignupVersion.signup_id == signup.id)
        .order_by(SignupVersion.version)
    ))


def change(definition: FormDef, signup: Signup, answers: dict, changed_by: str) -> EditOutcome:
    """Replace the sign-up's answers with `answers` (cleaned, as `form.answers()` gives them).

    `changed_by`: "person" | "staff" | "invitation". Refused while the form is not open
    (`intake.public.opening.window`; staff are refused as well: a closed form's seats are
    settled) or when the sign-up is cancelled. Seats: see the module docstring; more people
    on a kept booking need free seats (no queue jump), fewer free seats for the waiting list.
    Mails: `signup_changed` to the person (with calendar updates and cancellations for
    dates that changed), `signup_promoted` to those who got a freed seat.
    """
    from intake.public.opening import window

    if changed_by not in CHANGED_BY:
        raise ValueError(f"changed_by must be one of {CHANGED_BY}, not {changed_by!r}")
    if signup.is_cancelled:
        return EditOutcome(False, "cancelled")
    if window(definition).state != "open":
        return EditOutcome(False, "closed")
    answers = consents.keep_given(definition, signup, answers)  # a kept tick keeps its time
    if signups._as_stored(answers) == signups._as_stored(signup.answers or {}):
        return EditOutcome(True)

    claims = {c.bucket: c for c in capacity.claims_for(definition, answers)}
    held = {b.bucket: b for b in signup.active_bookings()}
    overrides = capacity.lock_buckets(definition.slug, [*held, *claims])
    for booking in held.values():
        db.session.refresh(booking)  # re-read under the lock
    held = {b.bucket: b for b in signup.active_bookings()}

    email, phone = signups.identity(definition, answers)
    added = [claims[b] for b in claims if b not in held]
    if email and added:
        booked = _booked_elsewhere(definition, signup, email, [c.bucket for c in added])
        if booked:
            return EditOutcome(False, "already_signed_up", booked_buckets=booked)
    decisions = [(claim, capacity.decide(definition, claim, overrides)) for claim in added]
    full = [claim.bucket for claim, status in decisions if status is None]
    if _swaps_a_seat(definition, held, claims):
        # A group or the whole event swapped: never trade a seat for a waiting place.
        full += [c.bucket for c, status in decisions if status == BookingStatus.WAITLISTED]
    full += [b for b in claims if b in held and not _more_fits(definition, held[b], claims[b],
                                                              overrides)]
    if full:
        return EditOutcome(False, "full", full_buckets=sorted(full))

    moment = now()
    version = SignupVersion(
        signup_id=signup.id, version=_next_version(signup), form_version=signup.form_version,
        answers=signup.answers, email=signup.email, phone=signup.phone, changed_by=changed_by,
        replaced_at=moment,
    )
    db.session.add(version)
    cancelled = [b for bucket, b in held.items() if bucket not in claims]
    for booking in cancelled:
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, moment
        booking.is_over_capacity = False
    shrunk = []
    for bucket, booking in held.items():
        if bucket in claims and claims[bucket].seats != booking.seats:
            if claims[bucket].seats < booking.seats:
                shrunk.append(bucket)
            booking.seats = claims[bucket].seats
    new = []
    for claim, status in decisions:
        booking = Booking(form_slug=definition.slug, bucket=claim.bucket,
                          occasion_key=claim.occasion_key, seats=claim.seats, status=status,
                          created_at=moment,
                          confirmed_at=moment if status == BookingStatus.CONFIRMED else None)
        signup.bookings.append(booking)
        new.append(booking)
    signup.answers = dict(answers)  # a new dict, so the JSON column sees the change
    signup.form_version = definition.version
    signup.email, signup.phone = email, phone
    db.session.flush()
    consents.record(definition, signup)  # every changed answer passes here (issue 14 §4)

    promoted: list[Booking] = []
    for bucket in sorted({b.bucket for b in cancelled} | set(shrunk)):
        promoted.extend(capacity.fill_from_waiting_list(definition, bucket))
    for bucket in sorted(claims):
        capacity.flag_over_capacity(definition, bucket)
    mails.signup_changed(definition, signup, cancelled)
    for booking in promoted:
        mails.signup_promoted(definition, booking.signup, booking)
    return EditOutcome(True, changed=True, version=version, added=new, cancelled=cancelled,
                       promoted=promoted)


def _swaps_a_seat(definition: FormDef, held: dict[str, Booking], claims: dict) -> bool:
    """A confirmed seat is given up for another bucket of a form that counts one bucket per
    sign-up (a group, the whole event); dates are separate choices, each with its own list."""
    from intake.signups.buckets import OCCASION

    if definition.capacity is not None and definition.capacity.count_by == OCCASION:
        return False
    return any(b.status == BookingStatus.CONFIRMED for k, b in held.items() if k not in claims)


def _more_fits(definition: FormDef, booking: Booking, claim: capacity.Claim,
               overrides: dict) -> bool:
    """A kept booking asking for more seats: only confirmed seats are counted, and the extra
    seats must be free now (the waiting list is not jumped)."""
    extra = claim.seats - booking.seats
    if extra <= 0 or booking.status != BookingStatus.CONFIRMED:
        return True
    wanted = capacity.Claim(claim.bucket, claim.occasion_key, extra)
    return capacity.decide(definition, wanted, overrides) == BookingStatus.CONFIRMED


def _booked_elsewhere(definition: FormDef, signup: Signup, email: str,
                      buckets: list[str]) -> list[str]:
    """The buckets this address already holds in another standing sign-up of the form."""
    return sorted(set(db.session.scalars(
        sa.select(Booking.bucket).join(Signup)
        .where(Signup.form_slug == definition.slug, Signup.email == email,
               Signup.id != signup.id, Booking.bucket.in_(buckets),
               Booking.status != BookingStatus.CANCELLED)
    )))


def _next_version(signup: Signup) -> int:
    last = db.session.scalar(
        sa.select(sa.func.max(SignupVersion.version)).where(SignupVersion.signup_id == signup.id)
    )
    return (last or 0) + 1
