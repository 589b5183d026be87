"""A capacity bucket as a value, what it is called and which buckets a form has.

The only place a bucket's stored string is made or read: everything else builds a `Bucket`
with its constructors and parses stored strings with `Bucket.parse`. How full a bucket is,
is read in intake/signups/availability.py; seats are decided in intake/signups/capacity.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from intake.formdefs import occasions as occasion_rules
from intake.formdefs.schema import FormDef, Occasion

FORM = "form"
OPTION = "option"
OCCASION = "occasion"  # the kinds are the values of a form's capacity.count_by


@dataclass(frozen=True, order=True)
class Bucket:
    """One pool of seats that sign-ups take a share of; pretix calls this a *quota*.

    A form counts seats in one of three kinds of bucket (its capacity's `count_by`):
    - `Bucket.whole_form()`: one pool for the whole event;
    - `Bucket.option(code)`: one per option of the capacity field (a group);
    - `Bucket.occasion(key)`: one per date (the occasion's key, e.g. "2026-12-04").

    Stored as `str(bucket)`: "form", "option:<code>" or "occasion:<key>" (columns
    `bookings.bucket` and `capacity_buckets.bucket`, staff URLs, audit details). That string
    is the identity across those boundaries, so it never changes for existing data.
    """

    kind: str  # FORM, OPTION or OCCASION
    key: str = ""  # the option's code or the occasion's key; "" for the whole form

    @classmethod
    def whole_form(cls) -> Bucket:
        return cls(FORM)

    @classmethod
    def option(cls, code: str) -> Bucket:
        return cls(OPTION, code)

    @classmethod
    def occasion(cls, key: str) -> Bucket:
        return cls(OCCASION, key)

    @classmethod
    def parse(cls, stored: str) -> Bucket:
        """The bucket of a stored string; ValueError if it is not one `__str__` makes."""
        if stored == FORM:
            return cls.whole_form()
        kind, sep, key = stored.partition(":")
        if not sep or kind not in (OPTION, OCCASION):
            raise ValueError(f"not a capacity bucket: {stored!r}")
        return cls(kind, key)

    def __str__(self) -> str:
        return FORM if self.kind == FORM else f"{self.kind}:{self.key}"

    @property
    def is_whole_form(self) -> bool:
        return self.kind == FORM

    @property
    def occasion_key(self) -> str | None:
        return self.key if self.kind == OCCASION else None

    def label(self, definition: FormDef) -> str:
        """The group's label, the date described, or "Hele arrangementet" (current language).

        An option since removed from the form shows its code; a date since removed is still
        described from its key.
        """
        capacity = definition.capacity
        if self.kind == OPTION and capacity and capacity.field:
            option = definition.field(capacity.field).option(self.key)
            return str(option.label) if option else self.key
        if self.kind == OCCASION:
            occasion = occasion_rules.by_key(definition, self.key)
            if occasion is not None:
                return occasion_rules.describe(occasion)
            return occasion_rules.describe_key(self.key)
        return str(_l("Hele arrangementet"))

    def defined_seats(self, definition: FormDef) -> int | None:
        """Seats as the form definition sets them (option, occasion, else the form's limit),
        ignoring any staff override; None: unlimited."""
        capacity = definition.capacity
        if capacity is None:
            return None
        if self.kind == OPTION and capacity.field:
            option = definition.field(capacity.field).option(self.key)
            if option is not None and option.capacity is not None:
                return option.capacity
        if self.kind == OCCASION:
            occasion = occasion_rules.by_key(definition, self.key)
            if occasion is not None and occasion.capacity is not None:
                return occasion.capacity
        return capacity.limit


def label(definition: FormDef, stored: str) -> str:
    """`Bucket.label` of a stored bucket string (for templates and audit lines)."""
    return Bucket.parse(stored).label(definition)


def choosing_field(definition: FormDef) -> str | None:
    """The question whose answer chooses the bucket: the capacity field (groups) or the
    date field (dates); None when the form counts one pool."""
    capacity = definition.capacity
    if capacity and capacity.count_by == OPTION:
        return capacity.field
    if capacity and capacity.count_by == OCCASION:
        return next(f.key for f in definition.fields if f.type == "occasion")
    return None


def of_choice(definition: FormDef, field_key: str, value: str) -> str | None:
    """The stored bucket that answering `value` to question `field_key` takes a seat in;
    None when that question chooses no bucket (templates: the seats left by an option)."""
    if field_key != choosing_field(definition):
        return None
    if definition.capacity.count_by == OPTION:
        return str(Bucket.option(value))
    return str(Bucket.occasion(value))


def configured(definition: FormDef, occasions: list[Occasion] | None = None) -> list[str]:
    """The stored buckets a person can choose, in the form's order.

    `occasions`: the dates a page offers (default: the upcoming ones).
    """
    capacity = definition.capacity
    if capacity is None or capacity.count_by == FORM:
        return [str(Bucket.whole_form())]
    if capacity.count_by == OPTION:
        return [str(Bucket.option(o.code)) for o in definition.field(capacity.field).options]
    if occasions is None:
        occasions = occasion_rules.upcoming(definition)
    return [str(Bucket.occasion(o.key)) for o in occasions]


def move_targets(definition: FormDef, booking) -> list[str]:
    """Where staff may move a booking: another option, or another upcoming date not booked yet."""
    if definition.capacity is None or definition.capacity.count_by == FORM:
        return []
    taken = {b.bucket for b in booking.signup.active_bookings()}
    return [b for b in configured(definition) if b not in taken]
