"""The registry of field types. Each type turns a FieldDef into a WTForms field, cleans the
submitted value into what is stored, and says how the value reads to a person and in Excel.

A new type is a class with @register; the loader, the builder, the exports and the
definition checks all find it here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import wtforms
from flask_babel import lazy_gettext as _l
from wtforms import widgets
from wtforms.validators import StopValidation, ValidationError

from intake.formdefs.numbers import (
    NumberError,
    format_decimal,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_time,
)
from intake.formdefs.schema import FieldDef
from intake.formdefs.validators import CleanText, LengthLimit, Pattern, RequiredWhenShown
from intake.outbox.addresses import UndeliverableAddress, deliverable

REGISTRY: dict[str, FieldType] = {}

def register(cls):
    REGISTRY[cls.name] = cls()
    return cls


def strip(value):
    return value.strip() if isinstance(value, str) else value


class AsTyped:
    """Shows what the person typed, not the cleaned value: a page with errors must not
    rewrite '20 12 34 56' to '+4520123456' or a CVR to its compact form behind their back."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return super()._value()


class TypedStringField(AsTyped, wtforms.StringField):
    pass


class TypedTextAreaField(AsTyped, wtforms.TextAreaField):
    pass


class TypedEmailField(AsTyped, wtforms.EmailField):
    pass


class FieldType:
    name = ""
    excel = "text"  # text | number | date | list
    has_options = False
    max_length_default: int | None = 200
    autocomplete: str | None = None
    allowed_keys: frozenset[str] = frozenset()

    def make(self, fdef: FieldDef) -> wtforms.Field:
        return TypedStringField(
            fdef.label, validators=self.validators(fdef), filters=[strip],
            default=fdef.default, render_kw=self.render_kw(fdef),
        )

    def validators(self, fdef: FieldDef) -> list:
        chain: list = [RequiredWhenShown(fdef), CleanText(multiline=self.name == "textarea")]
        max_length = fdef.max_length if fdef.max_length is not None else self.max_length_default
        if max_length is not None or fdef.min_length is not None:
            chain.append(LengthLimit(fdef.min_length, max_length))
        if fdef.pattern:
            chain.append(Pattern(fdef.pattern, fdef.pattern_message))
        chain.extend(self.type_validators(fdef))
        return chain

    def type_validators(self, fdef: FieldDef) -> list:
        return []

    def render_kw(self, fdef: FieldDef) -> dict[str, Any]:
        kw: dict[str, Any] = {}
        autocomplete = fdef.autocomplete or self.autocomplete
        if autocomplete:
            kw["autocomplete"] = autocomplete
        max_length = fdef.max_length if fdef.max_length is not None else self.max_length_default
        if max_length:
            kw["maxlength"] = max_length
        return kw

    def clean(self, fdef: FieldDef, data: Any) -> Any:
        """What is stored in the JSON answers: plain JSON values only."""
        if data in ("", None, []):
            return None
        return data

    def display(self, fdef: FieldDef, value: Any) -> str:
        return "" if value is None else str(value)

    def check(self, fdef: FieldDef, problem) -> None:
        """Type-specific definition checks; `problem(msg)` records a mistake."""


@register
class TextType(FieldType):
    name = "text"


@register
class TextareaType(FieldType):
    name = "textarea"
    max_length_default = 5000

    def make(self, fdef):
        kw = self.render_kw(fdef)
        kw.setdefault("rows", 5)
        return TypedTextAreaField(
            fdef.label, validators=self.validators(fdef), filters=[strip], default=fdef.default, render_kw=kw
        )


class EmailValid:
    """Only addresses intake can deliver to (intake/outbox/addresses.py): a non-ASCII
    letter before the @ is refused here, with its own message, not failed in the outbox."""

    def __call__(self, form, field):
        try:
            field.data = deliverable(field.data)
        except UndeliverableAddress as error:
            raise StopValidation(error.message) from error


@register
class EmailType(FieldType):
    name = "email"
    max_length_default = 254
    autocomplete = "email"

    def make(self, fdef):
        return TypedEmailField(
            fdef.label, validators=self.validators(fdef), filters=[strip], default=fdef.default,
            render_kw=self.render_kw(fdef),
        )

    def type_validators(self, fdef):
        return [EmailValid()]


class IntegerRange:
    def __init__(self, minimum, maximum):
        self.minimum, self.maximum = minimum, maximum

    def __call__(self, form, field):
        if field.data is None:
            return
        if self.minimum is not None and field.data < self.minimum:
            raise ValidationError(_l("Tallet skal være mindst %(n)s.", n=self.minimum))
        if self.maximum is not None and field.data > self.maximum:
            raise ValidationError(_l("Tallet må højst være %(n)s.", n=self.maximum))


class DanishIntegerField(wtforms.IntegerField):
    """A whole number as Danes write it ('1.000', '1 000'); '7.5' and '7,5' are refused.

    Rendered as type=text with inputmode=numeric: a type=number input lets Chromium drop a
    comma it does not expect ('7,5' arrives as '75'), so the server reads what was typed.
    """

    widget = widgets.TextInput()

    def __init__(self, *args, bounds: tuple[int | None, int | None] = (None, None), **kwargs):
        super().__init__(*args, **kwargs)
        self.bounds = bounds

    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0].strip() == "":
            self.data = None
            return
        try:
            self.data = parse_integer(valuelist[0])
        except NumberError as error:
            self.data = None
            low, high = self.bounds
            if low is not None and high is not None:  # an example the field itself accepts
                raise ValueError(_l("Skriv et helt tal fra %(low)s til %(high)s, uden komma.",
                                    low=low, high=high)) from None
            raise ValueError(error.args[0]) from None

    def pre_validate(self, form):
        if self.process_errors:  # the typed text's own message; a range check of None adds noise
            raise StopValidation()


class DecimalRange(IntegerRange):
    def __call__(self, form, field):
        if field.data is None:
            return
        if self.minimum is not None and field.data < Decimal(str(self.minimum)):
            raise ValidationError(_l("Tallet skal være mindst %(n)s.", n=format_decimal(self.minimum)))
        if self.maximum is not None and field.data > Decimal(str(self.maximum)):
            raise ValidationError(_l("Tallet må højst være %(n)s.", n=format_decimal(self.maximum)))


class DanishDecimalField(wtforms.Field):
    """A number with the Danish decimal comma ('7,5', '1.234,5'); see intake.formdefs.numbers."""

    widget = widgets.TextInput()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_decimal(self.data) if self.data is not None else ""

    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0].strip() == "":
            self.data = None
            return
        try:
            self.data = parse_decimal(valuelist[0])
        except NumberError as error:
            self.data = None
            raise ValueError(error.args[0]) from None
        if len(self.data.as_tuple().digits) > 15:  # beyond what a JSON number keeps exactly
            self.data = None
            raise ValueError(_l("Tallet har for mange cifre (højst 15)."))

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()

    def process_data(self, value):
        self.data = None if value is None else Decimal(str(value))


@register
class IntegerType(FieldType):
    name = "integer"
    excel = "number"
    max_length_default = None

    def make(self, fdef):
        kw = self.render_kw(fdef) | {"inputmode": "numeric"}
        return DanishIntegerField(
            fdef.label, validators=[RequiredWhenShown(fdef), IntegerRange(fdef.min, fdef.max)],
            default=fdef.default, render_kw=kw, bounds=(fdef.min, fdef.max),
        )


@register
class DecimalType(FieldType):
    """A number that may have decimals, typed with the Danish comma; stored as a JSON number."""

    name = "decimal"
    excel = "number"
    max_length_default = None

    def make(self, fdef):
        kw = self.render_kw(fdef) | {"inputmode": "decimal"}
        return DanishDecimalField(
            fdef.label, validators=[RequiredWhenShown(fdef), DecimalRange(fdef.min, fdef.max)],
            default=fdef.default, render_kw=kw,
        )

    def clean(self, fdef, data):
        if data is None:
            return None
        return int(data) if data == data.to_integral_value() else float(data)

    def display(self, fdef, value):
        return "" if value is None else format_decimal(value)

    def check(self, fdef, problem):
        for bound in ("min", "max"):
            value = getattr(fdef, bound)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
                problem(f"'{bound}' skal være et tal, fx 7.5 (i filen med punktum)")


class DanishDateField(wtforms.DateField):
    """Accepts the browser's ISO date and the Danish 24-12-2026 / 24.12.2026 / 24/12/2026.

    Which part is the year follows from the pattern that matched, never from the size of a
    number; a date that does not exist (31-02-2027) gets its own message.
    """

    widget = widgets.DateInput()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.isoformat() if self.data else ""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            self.data = None
            return
        try:
            self.data = parse_date(text)
        except NumberError as error:
            self.data = None
            raise ValueError(error.args[0]) from None


class DanishTimeField(wtforms.TimeField):
    """Staff's clock times: the browser's 12:00 as well as the Danish 12.00 and 9.30."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if self.data else ""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            self.data = None
            return
        try:
            self.data = parse_time(text)
        except NumberError as error:
            self.data = None
            raise ValueError(error.args[0]) from None


class DateRange:
    def __init__(self, minimum, maximum):
        self.minimum, self.maximum = minimum, maximum

    def __call__(self, form, field):
        if field.data is None:
            return
        if self.minimum and field.data < self.minimum:
            raise ValidationError(_l("Datoen må ikke være før %(d)s.", d=self.minimum.strftime("%d-%m-%Y")))
        if self.maximum and field.data > self.maximum:
            raise ValidationError(_l("Datoen må ikke være efter %(d)s.", d=self.maximum.strftime("%d-%m-%Y")))


@register
class DateType(FieldType):
    name = "date"
    excel = "date"
    max_length_default = None

    def make(self, fdef):
        return DanishDateField(
            fdef.label, validators=[RequiredWhenShown(fdef), DateRange(fdef.min, fdef.max)],
            default=fdef.default, render_kw=self.render_kw(fdef),
        )

    def clean(self, fdef, data):
        return data.isoformat() if data else None

    def display(self, fdef, value):
        return date.fromisoformat(value).strftime("%d-%m-%Y") if value else ""

    def check(self, fdef, problem):
        for bound in ("min", "max"):
            value = getattr(fdef, bound)
            if value is not None and not isinstance(value, date):
                problem(f"'{bound}' skal være en dato som 2026-12-24")


@register
class InfoType(FieldType):
    name = "info"

    def make(self, fdef):
        return None

    def check(self, fdef, problem):
        if not fdef.text:
            problem("info-felter skal have en 'text'")


@register
class RepeatType(FieldType):
    """A block of sub-fields entered 1..N times; empty rows are ignored."""

    name = "repeat"
    excel = "rows"
    max_length_default = None

    def make(self, fdef):
        from intake.formdefs.builder import build_row_form

        return wtforms.FieldList(
            wtforms.FormField(build_row_form(fdef)), label=fdef.label,
            min_entries=int(fdef.max or 1), max_entries=int(fdef.max or 1),
        )

    def clean(self, fdef, data):
        rows = []
        for row in data or []:
            cleaned = {sub.key: REGISTRY[sub.type].clean(sub, row.get(sub.key)) for sub in fdef.fields if sub.has_input}
            if any(v not in (None, "", []) for v in cleaned.values()):
                rows.append(cleaned)
        return rows

    def display(self, fdef, value):
        lines = []
        for row in value or []:
            lines.append(", ".join(
                REGISTRY[sub.type].display(sub, row.get(sub.key)) for sub in fdef.fields if sub.has_input
            ))
        return "; ".join(lines)

    def check(self, fdef, problem):
        if not fdef.fields:
            problem("en gentagelse ('repeat') skal have underfelter under 'fields'")
        for sub in fdef.fields:
            if sub.type in ("repeat", "occasion"):
                problem(f"underfeltet '{sub.key}' kan ikke være af typen {sub.type}")
        if not isinstance(fdef.min or 1, int) or not isinstance(fdef.max or 1, int):
            problem("'min' og 'max' skal være hele tal")
        elif (fdef.min or 1) > (fdef.max or 1):
            problem("'min' må ikke være større end 'max'")


# The other types register themselves on import; they live in their own modules by domain.
from intake.formdefs import choice_fields, danish_fields  # noqa: E402,F401
from intake.formdefs.danish_fields import format_phone  # noqa: E402,F401
