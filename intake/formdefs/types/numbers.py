"""Number field types: whole numbers and numbers with the Danish decimal comma."""

from __future__ import annotations

from decimal import Decimal

import wtforms
from flask_babel import lazy_gettext as _l
from wtforms import widgets
from wtforms.validators import StopValidation, ValidationError

from intake.formdefs.numbers import NumberError, format_decimal, parse_decimal, parse_integer
from intake.formdefs.schema import Text
from intake.formdefs.types.base import ANSWERED, AUTOCOMPLETE, IDENTITY, FieldType, bounds, register


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
            raise ValidationError(
                _l("Tallet skal være mindst %(n)s.", n=format_decimal(self.minimum)))
        if self.maximum is not None and field.data > Decimal(str(self.maximum)):
            raise ValidationError(
                _l("Tallet må højst være %(n)s.", n=format_decimal(self.maximum)))


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
    label = Text("tal", "whole number")
    value = "integer"
    excel = "number"
    max_length_default = None
    properties = IDENTITY + ANSWERED + bounds(
        "integer", ("Mindste tal", "Største tal"), ("Smallest number", "Largest number")
    ) + AUTOCOMPLETE

    def make(self, fdef):
        kw = self.render_kw(fdef) | {"inputmode": "numeric"}
        return DanishIntegerField(
            fdef.label, validators=[self.required(fdef), IntegerRange(fdef.min, fdef.max)],
            default=fdef.default, render_kw=kw, bounds=(fdef.min, fdef.max),
        )


@register
class DecimalType(FieldType):
    """A number that may have decimals, typed with the Danish comma; stored as a JSON number."""

    name = "decimal"
    label = Text("decimaltal", "decimal number")
    value = "number"
    excel = "number"
    max_length_default = None
    properties = IDENTITY + ANSWERED + bounds(
        "number", ("Mindste tal", "Største tal"), ("Smallest number", "Largest number")
    ) + AUTOCOMPLETE

    def make(self, fdef):
        kw = self.render_kw(fdef) | {"inputmode": "decimal"}
        return DanishDecimalField(
            fdef.label, validators=[self.required(fdef), DecimalRange(fdef.min, fdef.max)],
            default=fdef.default, render_kw=kw,
        )

    def clean(self, fdef, data):
        if data is None:
            return None
        return int(data) if data == data.to_integral_value() else float(data)

    def display(self, fdef, value):
        return "" if value is None else format_decimal(value)
