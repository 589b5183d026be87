"""A block of sub-fields entered 1..N times (several people on one sign-up)."""

from __future__ import annotations

import wtforms
from flask_babel import lazy_gettext as _l

from intake.exports.cells import Column
from intake.formdefs.schema import Text
from intake.formdefs.types.base import (
    ANSWERED,
    IDENTITY,
    REGISTRY,
    FieldType,
    bounds,
    prop,
    register,
)


@register
class RepeatType(FieldType):
    """Empty rows are ignored; the rows' own fields are required only in a row with content.

    Exported as "Antal: <label>" on the main sheet and one row per person on a sheet of its
    own (`sheet_fields`).
    """

    name = "repeat"
    label = Text("flere personer", "several people")
    value = "rows"
    excel = "rows"
    rows = True
    top_level_only = True
    max_length_default = None
    properties = IDENTITY + ANSWERED + (
        prop("fields", "Felter i hver række", "Fields of each row", "fields", required=True),
    ) + bounds("integer", ("Mindst antal rækker", "Antal rækker"),
               ("Fewest rows", "Number of rows"))
    template = """\
{% from "public/_fields.html" import render_field, required_mark, help_and_errors %}
{% macro render(definition, fdef, field, key, attrs, db, seats, row) %}
    <fieldset class="repeat" data-repeat-min="{{ fdef.min or 1 }}"
      {%- if db %} aria-describedby="{{ db }}"{% endif %}>
      <legend class="form-label">{{ fdef.label }}{{ required_mark(fdef, definition) }}</legend>
      {{ help_and_errors(key, fdef, field, definition) }}
      {% for entry in field %}
        {% set row = loop.index %}
        <fieldset class="repeat-row" data-row="{{ row }}">
          <legend class="h4">{{ _("Nr. %(n)s", n=row) }}</legend>
          {% for sub in fdef.fields %}
            {% if sub.has_input %}{{ render_field(definition, sub, entry.form[sub.key], row=row) }}
            {%- else %}{{ render_field(definition, sub, none, id_prefix=entry.id ~ '-', row=row) }}
            {%- endif %}
          {% endfor %}
        </fieldset>
      {% endfor %}
    </fieldset>
{% endmacro %}
"""

    def make(self, fdef):
        from intake.formdefs.builder import build_row_form

        return wtforms.FieldList(
            wtforms.FormField(build_row_form(fdef)), label=fdef.label,
            min_entries=int(fdef.max or 1), max_entries=int(fdef.max or 1),
        )

    def validate(self, form, fdef, field, extra):
        ok, filled, broken = True, 0, []
        for number, entry in enumerate(field.entries, start=1):
            row = entry.form
            if row.is_blank():
                continue
            filled += 1
            if not row.validate():
                ok = False
                broken.extend((number, key, errors) for key, errors in row.errors.items() if errors)
        labels = {sub.key: sub.label for sub in fdef.fields}
        field.errors = [
            _l("Nr. %(n)s, %(field)s: %(message)s", n=number, field=labels.get(key, key),
               message=errors[0])
            for number, key, errors in broken
        ]
        minimum = max(int(fdef.min or 0), 1 if field.name in form._required_now else 0)
        if filled < minimum:
            field.errors.append(_l("Udfyld mindst %(n)s.", n=minimum))
            ok = False
        return ok

    def form_value(self, field):
        return [entry.form.data for entry in field.entries]

    def clean(self, fdef, data):
        rows = []
        for row in data or []:
            cleaned = {sub.key: REGISTRY[sub.type].clean(sub, row.get(sub.key))
                       for sub in fdef.fields if sub.has_input}
            if any(v not in (None, "", []) for v in cleaned.values()):
                rows.append(cleaned)
        return rows

    def display(self, fdef, value):
        lines = []
        for row in value or []:
            lines.append(", ".join(
                REGISTRY[sub.type].display(sub, row.get(sub.key))
                for sub in fdef.fields if sub.has_input
            ))
        return "; ".join(lines)

    def posted_text(self, fdef, formdata, name):
        from intake.formdefs.typed import posted_rows

        lines = []
        for number in range(int(fdef.max or 1)):
            row = posted_rows(fdef.fields, formdata, prefix=f"{name}-{number}-")
            if row:
                lines.append("; ".join(f"{label}: {text}" for label, text in row))
        return "\n".join(lines)

    def check(self, fdef, problem):
        if not fdef.fields:
            problem("en gentagelse ('repeat') skal have underfelter under 'fields'")
        for sub in fdef.fields:
            sub_type = REGISTRY.get(sub.type)
            if sub_type is not None and sub_type.top_level_only:
                problem(f"underfeltet '{sub.key}' kan ikke være af typen {sub.type}")
        if not isinstance(fdef.min or 1, int) or not isinstance(fdef.max or 1, int):
            problem("'min' og 'max' skal være hele tal")
        elif (fdef.min or 1) > (fdef.max or 1):
            problem("'min' må ikke være større end 'max'")

    def export_columns(self, fdef, codes):
        return [Column(f"Antal: {fdef.label.da}", "number")]

    def export_maker(self, fdef, codes):
        key = fdef.key
        return lambda a: [len(a.get(key) or [])]

    def export_describe(self, sheet, fdef, codes, prefix=""):
        return [[sheet, f"Antal: {fdef.label.da}", prefix + fdef.key, "tal",
                 f"Antal personer i «{fdef.label.da}»; hver person står på arket "
                 f"«{fdef.label.da}»", "", "", ""]]

    def sheet_fields(self, fdef):
        return fdef.fields
