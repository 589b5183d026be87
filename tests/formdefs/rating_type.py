"""A toy field type, written as a new type is written: this one module and nothing else.

`rating` asks for 1 to `scale` stars (its own property, default 5). Importing the module
registers it; tests/formdefs/test_field_types.py shows that it renders, validates, exports
and displays without any other file knowing its name.
"""

from __future__ import annotations

import wtforms
from wtforms.validators import StopValidation

from intake.exports.cells import Column
from intake.formdefs.schema import Text
from intake.formdefs.types import FieldType, register
from intake.formdefs.types.base import ANSWERED, IDENTITY, prop


class Stars:
    def __init__(self, scale: int):
        self.scale = scale

    def __call__(self, form, field):
        if field.data not in {str(n) for n in range(1, self.scale + 1)}:
            raise StopValidation(f"Vælg fra 1 til {self.scale} stjerner.")


@register
class RatingType(FieldType):
    name = "rating"
    label = Text("bedømmelse", "rating")
    value = "integer"
    excel = "number"
    max_length_default = None
    required_text = "Giv mindst én stjerne."
    properties = IDENTITY + ANSWERED + (
        prop("scale", "Antal stjerner", "Number of stars", "integer", default=5),
    )
    template = """\
{% from "public/_fields.html" import required_mark, help_and_errors %}
{% macro render(definition, fdef, field, key, attrs, db, seats, row) %}
    <fieldset class="stars"{% if db %} aria-describedby="{{ db }}"{% endif %}>
      <legend>{{ fdef.label }}{{ required_mark(fdef, definition) }}</legend>
      {{ help_and_errors(key, fdef, field, definition) }}
      {% for sub in field %}
        <span class="star">{{ sub() }}<label for="{{ sub.id }}">{{ sub.label.text }}</label></span>
      {% endfor %}
    </fieldset>
{% endmacro %}
"""

    def scale(self, fdef) -> int:
        return fdef.extra.get("scale") or 5

    def make(self, fdef):
        scale = self.scale(fdef)
        return wtforms.RadioField(
            fdef.label,
            choices=[wtforms.SelectChoice(str(n), "★" * n) for n in range(1, scale + 1)],
            validators=[self.required(fdef), Stars(scale)],
            validate_choice=False,
        )

    def clean(self, fdef, data):
        return int(data) if data else None

    def display(self, fdef, value):
        scale = self.scale(fdef)
        return f"{'★' * value}{'☆' * (scale - value)} ({value}/{scale})" if value else ""

    def export_columns(self, fdef, codes):
        return [Column(fdef.label.da, "number"), Column(f"{fdef.label.da}: stjerner")]

    def export_maker(self, fdef, codes):
        key = fdef.key
        return lambda a: [a.get(key), "★" * (a.get(key) or 0) or None]

    def check(self, fdef, problem):
        if not 2 <= self.scale(fdef) <= 10:
            problem("'scale' skal være fra 2 til 10")
