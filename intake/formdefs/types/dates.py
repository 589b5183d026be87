"""The date field type, and the Danish date and clock-time WTForms fields staff forms use too."""

from __future__ import annotations

from datetime import date

import wtforms
from flask_babel import lazy_gettext as _l
from wtforms import widgets
from wtforms.validators import ValidationError

from intake.formdefs.numbers import NumberError, parse_date, parse_time
from intake.formdefs.schema import Text
from intake.formdefs.types.base import ANSWERED, AUTOCOMPLETE, IDENTITY, FieldType, bounds, register


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
            raise ValidationError(
                _l("Datoen må ikke være før %(d)s.", d=self.minimum.strftime("%d-%m-%Y")))
        if self.maximum and field.data > self.maximum:
            raise ValidationError(
                _l("Datoen må ikke være efter %(d)s.", d=self.maximum.strftime("%d-%m-%Y")))


def _date_cell(value) -> date | str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)


@register
class DateType(FieldType):
    name = "date"
    label = Text("dato", "date")
    value = "date"
    excel = "date"
    max_length_default = None
    required_text = _l("Skriv en dato, fx 24-12-2026.")
    properties = IDENTITY + ANSWERED + bounds(
        "date", ("Tidligste dato", "Seneste dato"), ("Earliest date", "Latest date")
    ) + AUTOCOMPLETE

    def make(self, fdef):
        return DanishDateField(
            fdef.label, validators=[self.required(fdef), DateRange(fdef.min, fdef.max)],
            default=fdef.default, render_kw=self.render_kw(fdef),
        )

    def clean(self, fdef, data):
        return data.isoformat() if data else None

    def from_stored(self, fdef, value):
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                return None
        return value

    def display(self, fdef, value):
        return date.fromisoformat(value).strftime("%d-%m-%Y") if value else ""

    def export_maker(self, fdef, codes):
        """A date cell; an answer that is not an ISO date (an older version's) as text."""
        key = fdef.key
        return lambda a: [_date_cell(a.get(key))]
