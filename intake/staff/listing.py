"""The staff list of sign-ups: search, status filter, sorting and keyset pagination.

Pages are read with LIMIT after a cursor (the last row's sort value and id), walking the
index (form_slug, created_at, id) or the unique reference index, so page 2,000 costs the same
as page 1 at 100,000 rows. Status filters are an IN over the bookings index
(form_slug, status, signup_id); searches stay within one form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from intake import matching
from intake.database import UTCDateTime
from intake.extensions import db
from intake.formdefs.schema import FormDef
from intake.signups.models import Booking, BookingStatus, Signup

PER_PAGE = 50
STATUSES = ("confirmed", "waitlisted", "pending", "cancelled", "over")
SORTS = ("newest", "oldest", "reference")


@dataclass
class Query:
    q: str = ""
    status: str = ""
    bucket: str = ""
    sort: str = "newest"
    after: str = ""


@dataclass
class Page:
    rows: list[Signup]
    total: int
    next_cursor: str | None


def name_fields(definition: FormDef) -> list[str]:
    """Answers that hold a person's or a company's name, searched and shown in the list."""
    return [f.key for f in definition.fields if matching.is_name_field(f)]


def _search(q: str):
    """Reference, e-mail prefix, phone digits, or any part of a name, e-mail or phone
    (also of people in repeat rows), matched as intake.matching says: by keys written
    with the sign-up, never by the database's lower-casing."""
    conditions = [Signup.reference == q.strip().upper()]
    address = matching.email_key(q)
    if address:
        conditions.append(Signup.email.like(matching.like_escaped(address) + "%", escape="\\"))
    digits = re.sub(r"\D", "", q)
    if len(digits) >= 4:
        conditions.append(Signup.phone.like("%" + digits + "%"))
    pattern = matching.contains_pattern(q)
    if pattern:
        conditions.append(Signup.search_text.like(pattern, escape="\\"))
    return sa.or_(*conditions)


def _status(definition: FormDef, status: str, bucket: str):
    bookings = sa.select(Booking.signup_id).where(Booking.form_slug == definition.slug)
    if bucket:
        bookings = bookings.where(Booking.bucket == bucket)
    if status == "over":
        bookings = bookings.where(Booking.status == BookingStatus.CONFIRMED,
                                  Booking.is_over_capacity.is_(True))
    elif status in ("confirmed", "waitlisted", "pending", "cancelled"):
        bookings = bookings.where(Booking.status == BookingStatus(status))
    elif not bucket:
        return None
    return Signup.id.in_(bookings)


def _filters(definition: FormDef, query: Query) -> list:
    filters = [Signup.form_slug == definition.slug]
    if query.q.strip():
        filters.append(_search(query.q))
    if query.status == "cancelled" and not query.bucket:
        filters.append(Signup.cancelled_at.is_not(None))
    else:
        condition = _status(definition, query.status, query.bucket)
        if condition is not None:
            filters.append(condition)
    return filters


def _order(sort: str):
    if sort == "oldest":
        return [Signup.created_at.asc(), Signup.id.asc()]
    if sort == "reference":
        return [Signup.reference.asc()]
    return [Signup.created_at.desc(), Signup.id.desc()]


def _cursor_of(sort: str, row: Signup) -> str:
    if sort == "reference":
        return row.reference
    return f"{row.created_at.isoformat()}|{row.id}"


def _after(sort: str, cursor: str):
    """The keyset condition; a cursor that cannot be read means the first page."""
    if not cursor:
        return None
    if sort == "reference":
        return Signup.reference > cursor[:12]
    try:
        stamp, _, ident = cursor.partition("|")
        moment, row_id = datetime.fromisoformat(stamp), int(ident)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    key = sa.tuple_(Signup.created_at, Signup.id)
    value = sa.tuple_(sa.literal(moment, UTCDateTime()), sa.literal(row_id))
    return key > value if sort == "oldest" else key < value


def page(definition: FormDef, query: Query, per_page: int = PER_PAGE) -> Page:
    sort = query.sort if query.sort in SORTS else "newest"
    filters = _filters(definition, query)
    total = db.session.scalar(sa.select(sa.func.count(Signup.id)).where(*filters))
    after = _after(sort, query.after)
    statement = (
        sa.select(Signup).where(*filters, *([after] if after is not None else []))
        .order_by(*_order(sort)).limit(per_page + 1)
        .options(selectinload(Signup.bookings))
    )
    rows = db.session.scalars(statement).all()
    more = len(rows) > per_page
    rows = rows[:per_page]
    return Page(rows, total or 0, _cursor_of(sort, rows[-1]) if more and rows else None)
