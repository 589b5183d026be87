"""Deleting sign-ups for good, the way the capacity service expects.

Erasure, purge and reapply all end here: the buckets are locked, the sign-ups (and by
cascade their bookings and linked outbox rows) deleted, and each freed seat goes to the
waiting list exactly as after a cancellation, with the promotion mail through the outbox.
No cancellation mail is sent: it would put the erased person's data straight back.
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from intake.clock import now
from intake.extensions import db
from intake.formdefs import occasions as occasion_rules
from intake.formdefs.registry import current_registry
from intake.formdefs.schema import FormDef
from intake.outbox.models import OutboxMessage
from intake.signups import capacity, mails
from intake.signups.buckets import Bucket
from intake.signups.models import Booking, BookingStatus, Signup


def load(references: list[str]) -> list[Signup]:
    if not references:
        return []
    found: list[Signup] = []
    for start in range(0, len(references), 500):
        found.extend(db.session.scalars(
            sa.select(Signup).options(selectinload(Signup.bookings))
            .where(Signup.reference.in_(references[start:start + 500])).order_by(Signup.id)
        ))
    return found


def delete_signups(signups: list[Signup]) -> list[Booking]:
    """Delete the sign-ups and fill the seats they free; returns the promoted bookings."""
    by_form: dict[str, list[Signup]] = defaultdict(list)
    for signup in signups:
        by_form[signup.form_slug].append(signup)
    promoted: list[tuple[FormDef, Booking]] = []
    registry = current_registry()
    for slug, items in by_form.items():
        definition = registry.get(slug)
        buckets = sorted({b.bucket for s in items for b in s.bookings
                          if b.status == BookingStatus.CONFIRMED})
        if definition is not None:
            capacity.lock_buckets(slug, buckets)
        ids = [s.id for s in items]
        db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.signup_id.in_(ids))
                           .execution_options(synchronize_session=False))
        for signup in items:
            db.session.delete(signup)
        db.session.flush()
        if definition is None:
            continue  # the form is gone from forms/: nobody can be promoted on it any more
        for bucket in buckets:
            if _still_ahead(definition, bucket):
                promoted.extend((definition, booking)
                                for booking in capacity.fill_from_waiting_list(definition, bucket))
    for definition, booking in promoted:
        mails.signup_promoted(definition, booking.signup, booking)
    return [booking for _, booking in promoted]


def _still_ahead(definition: FormDef, bucket: str) -> bool:
    """A seat on a date that has passed is not offered to anyone."""
    key = Bucket.parse(bucket).occasion_key
    if key is None:
        return True
    occasion = occasion_rules.by_key(definition, key)
    return occasion is None or occasion.starts_at > now()
