"""What a capacity bucket is called and which buckets a form has, for staff pages and mails.

Bucket keys are made in capacity.claims_for: "form", "option:<code>" or "occasion:<key>".
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from intake.extensions import db
from intake.formdefs import occasions as occasion_rules
from intake.formdefs.schema import FormDef
from intake.signups.models import Booking


def label(form: FormDef, bucket: str) -> str:
    kind, _, key = bucket.partition(":")
    if kind == "option" and form.capacity and form.capacity.field:
        option = form.field(form.capacity.field).option(key)
        return str(option.label) if option else key
    if kind == "occasion":
        occasion = occasion_rules.by_key(form, key)
        return occasion_rules.describe(occasion) if occasion else occasion_rules.describe_key(key)
    return str(_l("Hele arrangementet"))


def occasion_key(form: FormDef, bucket: str) -> str | None:
    kind, _, key = bucket.partition(":")
    return key if kind == "occasion" else None


def configured(form: FormDef) -> list[str]:
    """The buckets a person can choose today, in the form's order."""
    capacity = form.capacity
    if capacity is None or capacity.count_by == "form":
        return ["form"]
    if capacity.count_by == "option":
        return [f"option:{o.code}" for o in form.field(capacity.field).options]
    return [f"occasion:{o.key}" for o in occasion_rules.upcoming(form)]


def known(form: FormDef) -> list[str]:
    """Configured buckets plus any that hold bookings (past dates, options since removed)."""
    used = db.session.scalars(
        sa.select(Booking.bucket).where(Booking.form_slug == form.slug).distinct()
    ).all()
    result = configured(form)
    extra = sorted(b for b in used if b not in result)
    if form.capacity and form.capacity.count_by == "occasion":
        return sorted(set(result) | set(extra))  # dates in date order
    return result + extra


def move_targets(form: FormDef, booking: Booking) -> list[str]:
    """Where staff may move a booking: another option, or another upcoming date not booked yet."""
    if form.capacity is None or form.capacity.count_by == "form":
        return []
    taken = {b.bucket for b in booking.signup.active_bookings()}
    return [b for b in configured(form) if b not in taken]
