"""A group's members read from the sign-ups of the groups form (config `GROUPS_FORM`,
default "samarbejdsgruppe", forms/samarbejdsgruppe.yaml).

A member is a booking in the group's bucket (`option:<FocusArea value>`): confirmed (a
member), pending (waits for staff approval) or on the waiting list. People staff add by
hand are sign-ups with source "staff" and count exactly like the others. Nothing here
writes, except `person_for` (one goal-owner record per e-mail key; flushes).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from intake import matching
from intake.extensions import db
from intake.formdefs.registry import current_registry
from intake.formdefs.schema import FormDef
from intake.goals.models import FocusArea, Owner, Sector
from intake.signups.buckets import Bucket
from intake.signups.models import Booking, BookingStatus, Signup

DEFAULT_FORM = "samarbejdsgruppe"
OTHER_ROLE = "andet"  # the role option whose text is typed in `rolle_andet`


class MemberStatus(enum.Enum):
    CONFIRMED = "confirmed"
    PENDING = "pending"
    WAITLISTED = "waitlisted"


_BY_BOOKING = {
    BookingStatus.CONFIRMED: MemberStatus.CONFIRMED,
    BookingStatus.PENDING: MemberStatus.PENDING,
    BookingStatus.WAITLISTED: MemberStatus.WAITLISTED,
}


@dataclass(frozen=True)
class Member:
    """One person in (or queueing for) a group, as staff pages, rosters and meetings see them.

    `email` is the address's key (intake.matching.email_key); `role` the readable label of
    the `rolle` answer (the typed `rolle_andet` text for "andet"); `member_since` the
    booking's confirmed_at (aware UTC), None unless confirmed.
    """

    signup_id: int
    reference: str
    area: FocusArea
    name: str
    email: str
    phone: str | None
    organisation: str
    sector: Sector | None
    role: str
    status: MemberStatus
    member_since: datetime | None
    booking_id: int = 0  # the booking in the group's bucket (staff actions name it)


def groups_form() -> str:
    """The slug of the form whose options are the groups (setting GROUPS_FORM)."""
    return current_app.config.get("GROUPS_FORM") or DEFAULT_FORM


def bucket_of(area: FocusArea) -> str:
    """The stored capacity bucket of a group."""
    return str(Bucket.option(area.value))


def _definition() -> FormDef | None:
    return current_registry().get(groups_form())


def _rows(area: FocusArea | None, statuses: tuple[BookingStatus, ...]):
    query = (
        sa.select(Booking, Signup).join(Signup, Booking.signup_id == Signup.id)
        .where(Booking.form_slug == groups_form(), Booking.status.in_(statuses),
               Signup.cancelled_at.is_(None))
        .order_by(Booking.created_at, Booking.id)
    )
    if area is not None:
        query = query.where(Booking.bucket == bucket_of(area))
    return db.session.execute(query).all()


def _text(answers: dict, key: str) -> str:
    value = answers.get(key)
    return matching.nfc(value.strip()) if isinstance(value, str) else ""


def _role(definition: FormDef | None, answers: dict) -> str:
    code = answers.get("rolle")
    if not isinstance(code, str) or not code:
        return ""
    if code == OTHER_ROLE and _text(answers, "rolle_andet"):
        return _text(answers, "rolle_andet")
    field = definition.field("rolle") if definition is not None else None
    option = field.option(code) if field is not None else None
    return str(option.label) if option is not None else code


def _sector(answers: dict) -> Sector | None:
    try:
        return Sector(answers.get("sektor"))
    except ValueError:
        return None


def _member(definition: FormDef | None, booking: Booking, signup: Signup) -> Member | None:
    try:
        area = FocusArea(booking.place.key)
    except ValueError:
        return None  # an option that is not a focus area: not a group
    answers = signup.answers or {}
    return Member(
        signup_id=signup.id, reference=signup.reference, area=area,
        name=_text(answers, "navn"), email=signup.email or "",
        phone=signup.phone or (_text(answers, "telefon") or None),
        organisation=_text(answers, "organisation"), sector=_sector(answers),
        role=_role(definition, answers), status=_BY_BOOKING[booking.status],
        member_since=booking.confirmed_at if booking.status == BookingStatus.CONFIRMED else None,
        booking_id=booking.id,
    )


def _members(area: FocusArea | None, *statuses: BookingStatus) -> list[Member]:
    definition = _definition()
    found = (_member(definition, booking, signup) for booking, signup in _rows(area, statuses))
    return [m for m in found if m is not None]


def members(area: FocusArea) -> list[Member]:
    """The group's confirmed members, by name (case and accents folded)."""
    return sorted(_members(area, BookingStatus.CONFIRMED),
                  key=lambda m: (matching.fold(m.name), m.signup_id))


def pending(area: FocusArea) -> list[Member]:
    """Sign-ups waiting for staff approval, oldest first."""
    return _members(area, BookingStatus.PENDING)


def waiting(area: FocusArea) -> list[Member]:
    """The group's waiting list, in the order seats are handed out."""
    return _members(area, BookingStatus.WAITLISTED)


def all_members() -> list[Member]:
    """Every group's confirmed members (a fællesmøde), by group order then name."""
    order = {area: i for i, area in enumerate(FocusArea)}
    return sorted(_members(None, BookingStatus.CONFIRMED),
                  key=lambda m: (order[m.area], matching.fold(m.name), m.signup_id))


def organisations(area: FocusArea | None = None) -> list[str]:
    """Members' organisations, unique and sorted (case folded); None: every group's."""
    found = members(area) if area is not None else all_members()
    unique = {m.organisation for m in found if m.organisation}
    return sorted(unique, key=lambda text: (matching.fold(text), text))


def person_for(member: Member) -> Owner:
    """The one person record (goal owner) for this member's e-mail key, created or brought
    up to date with the member's name, organisation and sector (Andre aktører when the
    sign-up has none). Flushes; the caller commits."""
    from intake.goals.service import upsert_owner

    return upsert_owner(member.name, member.email, member.organisation,
                        member.sector or Sector.ANDRE)
