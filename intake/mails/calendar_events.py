"""What intake has put in each person's calendar, so that it can be kept current.

One row per event ever sent (sign-up × occasion): its UID, the SEQUENCE last sent, whether it
stands or was cancelled, and the time and place it was sent with. Every mail about a sign-up
asks `parts_for` which calendar parts it must carry: the rows are compared with what the
sign-up holds now (confirmed bookings on dated occasions, as the form definition describes
them today), and each difference becomes a REQUEST (new, moved in time or place, or standing
again) or a CANCEL, with the row's SEQUENCE raised by one (RFC 5546, 2.1.4).
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import backref, relationship

from intake.branding import current_brand
from intake.clock import now, to_local
from intake.columns import UTCDateTime, enum_column
from intake.extensions import db
from intake.formdefs import occasions as occasion_rules
from intake.formdefs.schema import FormDef, Occasion
from intake.mails.calendar import EventText, Method, attachment, build, uid_for
from intake.outbox.addresses import configured_sender
from intake.signups.models import BookingStatus, Signup


class CalendarEventStatus(enum.Enum):
    ACTIVE = "active"  # the last message about the UID was a REQUEST
    CANCELLED = "cancelled"  # the last message was a CANCEL


class CalendarEvent(db.Model):
    __tablename__ = "calendar_events"
    __table_args__ = (sa.UniqueConstraint("signup_id", "occasion_key"),)

    id = sa.Column(sa.Integer, primary_key=True)
    signup_id = sa.Column(
        sa.ForeignKey("signups.id", ondelete="CASCADE"), nullable=False, index=True
    )
    occasion_key = sa.Column(sa.String(40), nullable=False)
    uid = sa.Column(sa.String(255), nullable=False, unique=True)
    sequence = sa.Column(sa.Integer, nullable=False, default=0)
    status = enum_column(CalendarEventStatus, nullable=False)
    # As last sent; NULL for events sent before they were tracked (taken as unchanged).
    starts_at = sa.Column(UTCDateTime)
    ends_at = sa.Column(UTCDateTime)
    location = sa.Column(sa.String(255))
    updated_at = sa.Column(UTCDateTime, nullable=False, default=now)

    signup = relationship(
        Signup,
        backref=backref(
            "calendar_events", cascade="all, delete-orphan", order_by="CalendarEvent.id"
        ),
    )


def wanted(definition: FormDef, signup: Signup) -> dict[str, Occasion]:
    """The events the person's calendar should hold now: each confirmed, dated booking."""
    if signup.is_cancelled or not signup.email:
        return {}
    result: dict[str, Occasion] = {}
    for booking in signup.bookings:
        if booking.status == BookingStatus.CONFIRMED and booking.occasion_key:
            occasion = occasion_rules.by_key(definition, booking.occasion_key)
            if occasion is not None:
                result[occasion.key] = occasion
    return result


def parts_for(definition: FormDef, signup: Signup, resend: bool = False) -> list[dict]:
    """The calendar attachments a mail about `signup` must carry now; records them as sent.

    Call inside `force_locale(signup.locale)`: the texts are in the person's language.
    `resend`: a standing event is sent again even if unchanged (the confirmation). Events
    that have ended are left as they are. Adds rows; the caller commits.
    """
    requests, cancels = _plan(definition, signup, resend)
    return _attachments(definition, signup, requests, cancels)


def _plan(
    definition: FormDef, signup: Signup, resend: bool
) -> tuple[list[EventText], list[EventText]]:
    rows = {row.occasion_key: row for row in _locked_rows(signup)}
    requests: list[EventText] = []
    cancels: list[EventText] = []
    moment = now()
    want = wanted(definition, signup)
    for key, occasion in sorted(want.items(), key=lambda kv: kv[1].starts_at):
        if occasion.ends_at <= moment:
            continue
        row = rows.get(key)
        text = _text(definition, signup, occasion, row)
        if row is None:
            row = CalendarEvent(
                signup=signup,
                occasion_key=key,
                uid=text.uid,
                sequence=0,
                status=CalendarEventStatus.ACTIVE,
            )
            if sa.inspect(signup).session is not None:
                db.session.add(row)  # a new sign-up not yet added brings its rows when it is
        elif row.status == CalendarEventStatus.CANCELLED or _differs(row, text):
            row.sequence += 1
            row.status = CalendarEventStatus.ACTIVE
        elif not resend:
            _remember(row, text, moment)  # an untracked event learns what it holds
            continue
        _remember(row, text, moment)
        requests.append(_text(definition, signup, occasion, row))
    gone = [r for k, r in rows.items() if r.status == CalendarEventStatus.ACTIVE and k not in want]
    for row in gone:
        occasion = occasion_rules.by_key(definition, row.occasion_key)
        if occasion is None or (row.ends_at or occasion.ends_at) <= moment:
            continue
        row.sequence += 1
        row.status = CalendarEventStatus.CANCELLED
        row.updated_at = moment
        cancels.append(_text(definition, signup, occasion, row, sent=True))
    return requests, cancels  # no flush: the rows go in with the mail, at the caller's commit


def _locked_rows(signup: Signup) -> list[CalendarEvent]:
    """The sign-up's rows, re-read and locked (PostgreSQL; SQLite writers are serial), so two
    transactions can never send the same SEQUENCE twice."""
    if signup.id is None:
        return list(signup.calendar_events)
    return list(
        db.session.scalars(
            sa.select(CalendarEvent)
            .where(CalendarEvent.signup_id == signup.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )


def _differs(row: CalendarEvent, text: EventText) -> bool:
    if row.starts_at is None:
        return False  # sent before tracking: what it holds is unknown, so it is left alone
    return (row.starts_at, row.ends_at, row.location) != (
        text.starts_at,
        text.ends_at,
        text.location,
    )


def _remember(row: CalendarEvent, text: EventText, moment: datetime) -> None:
    row.starts_at, row.ends_at, row.location = text.starts_at, text.ends_at, text.location[:255]
    row.updated_at = moment


def _text(
    definition: FormDef,
    signup: Signup,
    occasion: Occasion,
    row: CalendarEvent | None,
    sent: bool = False,
) -> EventText:
    """The event's texts in the current language. `sent`: the time and place as last sent
    (a cancellation names the event the person has, not the one the definition says now)."""
    starts_at, ends_at, location = occasion.starts_at, occasion.ends_at, str(occasion.place)
    if sent and row is not None and row.starts_at is not None:
        starts_at, ends_at, location = to_local(row.starts_at), to_local(row.ends_at), row.location
    uid = (
        row.uid
        if row is not None
        else uid_for(definition.slug, occasion.key, signup.reference, _domain())
    )
    return EventText(
        uid=uid,
        sequence=row.sequence if row is not None else 0,
        starts_at=starts_at,
        ends_at=ends_at,
        summary=str(definition.title),
        location=location,
        description=_(
            "Tilmelding %(reference)s hos %(organisation)s. Spørgsmål: %(contact)s",
            reference=signup.reference,
            organisation=current_brand().name,
            contact=_contact(),
        ),
    )


def _attachments(
    definition: FormDef, signup: Signup, requests: list[EventText], cancels: list[EventText]
) -> list[dict]:
    organizer = configured_sender()
    parts = []
    if cancels:
        parts.append(
            attachment(Method.CANCEL, build(Method.CANCEL, cancels, organizer, signup.email))
        )
    if requests:
        parts.append(
            attachment(Method.REQUEST, build(Method.REQUEST, requests, organizer, signup.email))
        )
    return parts


def _domain() -> str:
    """The sender's ASCII domain, as in Message-IDs (never a split of the setting at "@")."""
    return configured_sender().domain


def _contact() -> str:
    return configured_sender().address
