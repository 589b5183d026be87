"""Sign-up use cases. They flush and queue mail; the caller commits once."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from intake import matching
from intake.clock import now
from intake.consents import service as consents
from intake.extensions import db
from intake.formdefs.schema import FormDef
from intake.formdefs.types.consent import without_times
from intake.formdefs.types.file import without_ids
from intake.outbox import service as outbox
from intake.outbox.models import OutboxMessage
from intake.signups import capacity, mails
from intake.signups.models import Booking, BookingStatus, Signup

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass
class Outcome:
    status: str  # created | replayed | already_signed_up | full
    signup: Signup | None = None
    full_buckets: list[str] = field(default_factory=list)
    booked_buckets: list[str] = field(default_factory=list)


def new_reference() -> str:
    while True:
        reference = _reference()
        if db.session.scalar(sa.select(Signup.id).where(Signup.reference == reference)) is None:
            return reference


def identity(definition: FormDef, answers: dict) -> tuple[str | None, str | None]:
    """(e-mail key, phone): one person is one address however its case or normal form was
    typed, so "allerede tilmeldt" compares keys (intake.matching)."""
    email = answers.get(definition.identity_field) if definition.identity_field else None
    phone = next((answers.get(f.key) for f in definition.fields
                  if f.type == "phone" and answers.get(f.key)), None)
    return (matching.email_key(email) if isinstance(email, str) and email.strip() else None), phone


def submit(definition: FormDef, answers: dict, submission_key: str, locale: str = "da",
           source: str = "public") -> Outcome:
    """Sign up with these answers: the capacity decision, the rows and both mails, in the
    caller's transaction (the caller commits once). Outcome.status is created, replayed (the
    submission key's first answer stands), already_signed_up or full.

    The mails are rendered before the bucket lock is taken, for the likely outcome (every
    seat confirmed, a fresh reference), so the locked section only decides and writes
    (issue 10 §4). If the decision differs (a waiting list) or the reference is taken, they
    are rendered again under the lock. A mail is queued in the same transaction as the
    sign-up, so it is committed or rolled back with it (never lost, never sent for a
    sign-up that was not stored).
    """
    session = db.session
    claims = capacity.claims_for(definition, answers)
    email, phone = identity(definition, answers)
    assumed = [BookingStatus.CONFIRMED] * len(claims)
    draft = _draft(definition, answers, claims, assumed, email, phone, locale, source, _reference())
    overrides = capacity.lock_buckets(definition.slug, [c.bucket for c in claims])

    # One query for the replay check and whether the drafted reference is free.
    found = session.scalars(sa.select(Signup).where(sa.or_(
        Signup.submission_key == submission_key, Signup.reference == draft.signup.reference,
    ))).all()
    existing = next((s for s in found if s.submission_key == submission_key), None)
    if existing is not None:
        # stored file references carry their ids; the replayed POST's do not yet
        # and a consent's time is that of its own POST (a second later on a double click)
        if existing.form_slug == definition.slug and _as_stored(
            without_times(without_ids(existing.answers))
        ) == _as_stored(without_times(answers)):
            # double click, refresh, replay: the first answer stands
            return Outcome("replayed", existing)
        # The key belongs to a different sign-up: never hand out someone else's receipt.
        submission_key = secrets.token_hex(16)

    booked = _already_booked(definition, email, [c.bucket for c in claims]) if email else []
    if booked:
        return Outcome("already_signed_up", booked_buckets=booked)

    # A sign-up staff make by hand needs no approval (intake/signups/approval.py).
    decisions = [(claim, capacity.decide(definition, claim, overrides, approval=source != "staff"))
                 for claim in claims]
    full = [claim.bucket for claim, status in decisions if status is None]
    if full:
        return Outcome("full", full_buckets=full)

    statuses = [status for _claim, status in decisions]
    if statuses != assumed or any(s.reference == draft.signup.reference for s in found):
        draft = _draft(definition, answers, claims, statuses, email, phone, locale, source,
                       new_reference())
    signup = draft.signup
    signup.submission_key = submission_key
    moment = now()
    signup.created_at = moment
    for booking in signup.bookings:
        booking.created_at = moment
        booking.confirmed_at = moment if booking.status == BookingStatus.CONFIRMED else None
    session.add(signup)
    for message in draft.messages:
        message.signup = signup
        outbox.add(message, flush=False)
    session.flush()  # one flush: sign-up, bookings, then its mails
    consents.record(definition, signup, is_new=True)  # every new sign-up (issue 14 §4)
    return Outcome("created", signup)


@dataclass
class _Draft:
    signup: Signup  # not in the session: added under the lock if the decision matches
    messages: list[OutboxMessage]


def _draft(definition: FormDef, answers: dict, claims: list[capacity.Claim],
           statuses: list[BookingStatus], email: str | None, phone: str | None, locale: str,
           source: str, reference: str) -> _Draft:
    """The sign-up with these booking statuses and its two mails, made without reading or
    writing the database (so it can run before the lock)."""
    signup = Signup(
        reference=reference,
        form_slug=definition.slug,
        form_version=definition.version,
        answers=answers,
        email=email,
        phone=phone,
        locale=locale,
        source=source,
        search_text=matching.search_text(definition, answers),
    )
    for claim, status in zip(claims, statuses, strict=True):
        signup.bookings.append(Booking(
            form_slug=definition.slug, bucket=claim.bucket, occasion_key=claim.occasion_key,
            seats=claim.seats, status=status,
        ))
    return _Draft(signup, mails.draft_signup_mails(definition, signup))


def _reference() -> str:
    """A new reference, not yet checked against the stored ones (submit does, under the lock)."""
    return "HE-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def _as_stored(answers: dict) -> str:
    return json.dumps(answers, sort_keys=True, default=str, ensure_ascii=False)


def _already_booked(definition: FormDef, email: str, buckets: list[str]) -> list[str]:
    """The buckets (group, date) this e-mail already holds a seat or a waiting place in."""
    return sorted(
        set(
            db.session.scalars(
                sa.select(Booking.bucket)
                .join(Signup)
                .where(
                    Signup.form_slug == definition.slug,
                    Signup.email == email,
                    Booking.bucket.in_(buckets),
                    Booking.status != BookingStatus.CANCELLED,
                )
            )
        )
    )


def cancel(definition: FormDef, signup: Signup, by_staff: bool = False) -> list[Booking]:
    """Cancel every seat of a sign-up and hand freed seats to the waiting list. `by_staff`:
    staff cancelled it, and the person's mail says so and whom to contact (issue 8 §7)."""
    if signup.is_cancelled:
        return []
    buckets = [b.bucket for b in signup.bookings]
    capacity.lock_buckets(definition.slug, buckets)
    moment = now()
    signup.cancelled_at = moment
    for booking in signup.bookings:
        if booking.status != BookingStatus.CANCELLED:
            booking.status = BookingStatus.CANCELLED
            booking.cancelled_at = moment
    db.session.flush()
    mails.signup_cancelled(definition, signup, by_staff=by_staff)
    promoted: list[Booking] = []
    for bucket in sorted(set(buckets)):
        promoted.extend(capacity.fill_from_waiting_list(definition, bucket))
    for booking in promoted:
        mails.signup_promoted(definition, booking.signup, booking)
    return promoted


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="intake.cancel")


def cancel_token(signup: Signup) -> str:
    return _serializer().dumps(signup.reference)


def signup_for_cancel_token(token: str) -> Signup | None:
    try:
        reference = _serializer().loads(token)
    except BadSignature:
        return None
    return find_by_reference(reference)


def find_by_reference(reference: str) -> Signup | None:
    return db.session.scalar(sa.select(Signup).where(Signup.reference == reference))


def is_waitlisted(signup: Signup) -> bool:
    return any(b.status == BookingStatus.WAITLISTED for b in signup.bookings)
