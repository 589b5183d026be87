"""A text shown on the form that asks nothing."""

from __future__ import annotations

from intake.formdefs.schema import Text
from intake.formdefs.types.base import FieldType, prop, register


@register
class InfoType(FieldType):
    name = "info"
    label = Text("information", "information")
    value = None
    has_input = False
    properties = (
        prop("key", "Nøgle", "Key", "key", required=True),
        prop("type", "Type", "Type", "type", required=True),
        prop("label", "Overskrift", "Heading", "text"),
        prop("text", "Tekst", "Text", "text", required=True),
        prop("help", "Hjælpetekst", "Help text", "text"),
        prop("show_if", "Vis kun hvis", "Show only if", "condition"),
    )
    template = """\
{% macro render(definition, fdef, field, key, attrs, db, seats, row) %}
    <div class="info">{{ fdef.text }}</div>
{% endmacro %}
"""

    def make(self, fdef):
        return None

    def export_columns(self, fdef, codes):
        return []

    def export_describe(self, sheet, fdef, codes, prefix=""):
        return []

    def check(self, fdef, problem):
        if not fdef.text:
            problem("info-felter skal have en 'text'")
