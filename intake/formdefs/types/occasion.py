"""The field where a person picks the dated occasion(s) they sign up for."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice
from wtforms.validators import StopValidation

from intake.formdefs.schema import Text
from intake.formdefs.types.base import ANSWERED, IDENTITY, FieldType, prop, register
from intake.formdefs.types.choices import (
    COUNT_BOUNDS,
    LenientMultiField,
    LenientRadioField,
    SelectionCount,
)


class OfferedChoice:
    """Only dates the page offered can be booked; a forged date would bypass capacity."""

    def __call__(self, form, field):
        offered = {str(choice.value) for choice in field.choices}
        codes = field.data if isinstance(field.data, list) else [field.data]
        if any(str(code) not in offered for code in codes if code not in (None, "")):
            raise StopValidation(_l("Vælg en af mulighederne."))




@register
class OccasionType(FieldType):
    """Dated occasions from the form's list or monthly rule; choices are set per request.

    Exported through the sign-up's bookings (the "Dato" and per-date status columns of
    intake.exports.signups), so the field has no answer columns of its own.
    """

    name = "occasion"
    label = Text("dato(er)", "date(s)")
    value = "code"
    excel = "list"
    max_length_default = None
    top_level_only = True
    books_occasions = True
    required_text = _l("Vælg en dato.")
    properties = IDENTITY + ANSWERED + (
        prop("multiple", "Flere datoer kan vælges", "Several dates can be chosen", "flag",
             default=False),
    ) + COUNT_BOUNDS
    template = """\
{% from "public/_fields.html" import options_fieldset %}
{% macro render(definition, fdef, field, key, attrs, db, seats, row) %}
    {{ options_fieldset(definition, fdef, field, key, db, seats) }}
{% endmacro %}
"""

    def make(self, fdef):
        validators = [self.required(fdef), OfferedChoice(), SelectionCount(fdef.min, fdef.max)]
        if fdef.extra.get("multiple"):
            return LenientMultiField(fdef.label, choices=[], validators=validators,
                                     validate_choice=False)
        return LenientRadioField(fdef.label, choices=[], validators=validators[:2],
                                 validate_choice=False)

    def prepare(self, field, fdef, form):
        from intake.formdefs.occasions import describe

        field.choices = [SelectChoice(o.key, describe(o)) for o in form.occasions]

    def clean(self, fdef, data):
        if not data:
            return [] if fdef.extra.get("multiple") else None
        return list(data) if isinstance(data, list) else data

    def display(self, fdef, value):
        from intake.formdefs.occasions import describe_key

        codes = value if isinstance(value, list) else ([value] if value else [])
        return ", ".join(describe_key(c) for c in codes)

    def export_columns(self, fdef, codes):
        return []

    def export_describe(self, sheet, fdef, codes, prefix=""):
        return []
