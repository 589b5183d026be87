"""The shape of a form definition once it has been read and checked.

Definitions are immutable after start-up: everything a request needs (labels, rules,
the WTForms class) is derived once, so a request never re-reads YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import get_locale


@dataclass(frozen=True)
class Text:
    """A text in Danish with an optional English version."""

    da: str
    en: str | None = None

    def __str__(self) -> str:
        try:
            locale = str(get_locale() or "da")
        except (RuntimeError, AttributeError):
            locale = "da"
        if locale.startswith("en") and self.en:
            return self.en
        return self.da

    def __bool__(self) -> bool:
        return bool(self.da)


@dataclass(frozen=True)
class Condition:
    """`show_if` / `required_if`: every named field must hold one of the listed values."""

    terms: tuple[tuple[str, frozenset[str]], ...]

    def fields(self) -> list[str]:
        return [name for name, _ in self.terms]

    def holds(self, answers: dict[str, Any]) -> bool:
        for name, wanted in self.terms:
            value = answers.get(name)
            if isinstance(value, list | tuple | set):
                if not wanted & {str(v) for v in value}:
                    return False
            elif value is None or str(value) not in wanted:
                return False
        return True

    def as_json(self) -> dict[str, list[str]]:
        return {name: sorted(values) for name, values in self.terms}


@dataclass(frozen=True)
class Option:
    code: str
    label: Text
    description: Text | None = None
    group: Text | None = None
    capacity: int | None = None
    show_if: Condition | None = None


@dataclass(frozen=True)
class FieldDef:
    key: str
    type: str
    label: Text
    help: Text | None = None
    required: bool = False
    required_message: Text | None = None
    required_if: Condition | None = None
    show_if: Condition | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_message: Text | None = None
    default: Any = None
    prefill: bool = False
    min: Any = None
    max: Any = None
    options: tuple[Option, ...] = ()
    widget: str | None = None
    autocomplete: str | None = None
    fields: tuple[FieldDef, ...] = ()
    text: Text | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def has_input(self) -> bool:
        """False for a field that asks nothing (its type's `has_input`, e.g. info)."""
        from intake.formdefs.types import REGISTRY

        return REGISTRY[self.type].has_input

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True)
class Occasion:
    key: str
    starts_at: datetime  # aware, Europe/Copenhagen
    ends_at: datetime
    place: Text
    capacity: int | None = None

    @property
    def day(self) -> date:
        return self.starts_at.date()


@dataclass(frozen=True)
class OccasionRule:
    """'The first Friday of each month, 08:30–10:00': generates the next `count` dates."""

    weekday: int  # 0 = Monday
    nth: int  # 1..4, or -1 for the last
    start: str
    end: str
    count: int
    place: Text
    capacity: int | None = None
    skip: tuple[date, ...] = ()
    skip_holidays: bool = True  # Danish public holidays are left out unless the form says no


@dataclass(frozen=True)
class Capacity:
    count_by: str = "form"  # form | option | occasion
    field: str | None = None
    limit: int | None = None
    people_field: str | None = None
    waiting_list: bool = False


@dataclass(frozen=True)
class Eligibility:
    rule: str  # in_list | younger_than_years
    field: str
    message: Text
    values: tuple[str, ...] = ()
    years: int | None = None
    relative_to: str | None = None  # for younger_than_years: "occasions" or a date
    unless: Condition | None = None


@dataclass(frozen=True)
class MailTemplate:
    """Staff-written Jinja texts, Danish with an optional English version."""

    subject: Text
    body: Text


@dataclass(frozen=True)
class Privacy:
    controller: Text
    purpose: Text
    legal_basis: Text
    retention: Text
    rights: Text
    contact: Text


@dataclass(frozen=True)
class FormDef:
    slug: str
    version: int
    kind: str  # signup | followup
    title: Text
    intro: Text | None
    fields: tuple[FieldDef, ...]
    path: str = ""
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    capacity: Capacity | None = None
    eligibility: tuple[Eligibility, ...] = ()
    confirmation: MailTemplate | None = None
    notify: tuple[str, ...] = ()
    retention_days: int | None = None
    archive: bool = False
    privacy: Privacy | None = None
    occasions: tuple[Occasion, ...] = ()
    occasion_rule: OccasionRule | None = None
    identity_field: str | None = None
    event: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # kind: followup only. The block of questions asked once per goal; `fields` is then the
    # general part that follows the blocks.
    goal_fields: tuple[FieldDef, ...] = ()
    # False: reachable by its link only, not listed on the public front page.
    listed: bool = True
    # Set by the registry when staff closed the form now (intake.formdefs.store.set_closed);
    # the definition itself keeps its own window for a reopen.
    closed_at: datetime | None = field(default=None, compare=False)

    def field(self, key: str) -> FieldDef | None:
        return next((f for f in self.fields if f.key == key), None)

    def occasion_field(self) -> FieldDef | None:
        """The field where a person picks dates (a type that `books_occasions`), if any."""
        from intake.formdefs.types import REGISTRY

        return next((f for f in self.fields if REGISTRY[f.type].books_occasions), None)

    def goal_field(self, key: str) -> FieldDef | None:
        return next((f for f in self.goal_fields if f.key == key), None)
