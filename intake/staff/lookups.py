"""Loading what a staff URL names, or 404: a form definition, a sign-up, one of its bookings."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from intake.extensions import db
from intake.formdefs.registry import current_registry
from intake.formdefs.schema import FormDef
from intake.signups.models import Booking, Signup


def definition_or_404(slug: str) -> FormDef:
    definition = current_registry().get(slug)
    if definition is None or definition.kind != "signup":
        abort(404)
    return definition


def signup_or_404(reference: str) -> tuple[Signup, FormDef]:
    signup = db.session.scalar(sa.select(Signup).where(Signup.reference == reference))
    if signup is None:
        abort(404)
    return signup, definition_or_404(signup.form_slug)


def booking_of(signup: Signup, booking_id: str | None) -> Booking:
    """Only a booking of this sign-up; any other id (or none) is a 404."""
    try:
        wanted = int(booking_id or "")
    except ValueError:
        abort(404)
    booking = next((b for b in signup.bookings if b.id == wanted), None)
    if booking is None:
        abort(404)
    return booking
