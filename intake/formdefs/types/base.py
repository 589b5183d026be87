"""What every field type is: the base class, its self-description and the registry.

A field type owns, in one module of this package, everything intake does with a field of
that type: its WTForms field (`make`), its template macro (`template`, served to Jinja as
`fieldtypes/<name>.html` by intake.formdefs.types.templates), its export columns and cells
(`export_*`), its text in receipts and mails (`display`) and a declarative description of
the keys a form file may give it (`properties`, read by the YAML loader and, in issue 12,
by the staff form editor).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import wtforms
from flask_babel import lazy_gettext as _l

from intake.exports.cells import Column
from intake.formdefs.schema import FieldDef, Text
from intake.formdefs.validators import CleanText, LengthLimit, Pattern, RequiredWhenShown

REGISTRY: dict[str, FieldType] = {}

# An export cell maker: the stored answers of one sign-up -> the cells of the field's columns.
Maker = Callable[[dict], list]

# The kinds of value a property can hold; the loader reads each kind by one rule, and the
# staff editor (issue 12) picks one input per kind.
PROPERTY_KINDS = frozenset({
    "key", "type", "text", "string", "flag", "integer", "number", "date", "choice", "pattern",
    "condition", "options", "fields", "any",
})


@dataclass(frozen=True)
class Prop:
    """One key a field of a type may have in a form file.

    `kind` is one of PROPERTY_KINDS ("text" is a Danish text with an optional English one,
    "string" a plain string,
    "choice" one of `allowed`, "condition" a show_if-style mapping, "options" a list of
    answer options, "fields" a list of sub-fields); `default` is what an absent key means.
    """

    name: str
    label: Text
    kind: str
    allowed: tuple[str, ...] = ()
    default: Any = None
    required: bool = False

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name, "label": {"da": self.label.da, "en": self.label.en},
            "kind": self.kind, "allowed": list(self.allowed), "default": self.default,
            "required": self.required,
        }


def prop(name: str, da: str, en: str, kind: str, **kwargs: Any) -> Prop:
    return Prop(name, Text(da, en), kind, **kwargs)


# Every field has these: where it is and what it asks.
IDENTITY = (
    prop("key", "Nøgle", "Key", "key", required=True),
    prop("type", "Type", "Type", "type", required=True),
    prop("label", "Spørgsmål", "Question", "text", required=True),
    prop("help", "Hjælpetekst", "Help text", "text"),
    prop("show_if", "Vis kun hvis", "Show only if", "condition"),
)
# Every field a person answers has these as well.
ANSWERED = (
    prop("required", "Skal udfyldes", "Required", "flag", default=False),
    prop("required_message", "Besked når feltet mangler", "Message when missing", "text"),
    prop("required_if", "Skal udfyldes hvis", "Required if", "condition"),
    prop("default", "Standardsvar", "Default answer", "any"),
    prop("prefill", "Kan udfyldes fra linket", "Prefilled from the link", "flag", default=False),
)
# Fields typed as text.
TYPED = (
    prop("min_length", "Mindst antal tegn", "Minimum length", "integer"),
    prop("max_length", "Højst antal tegn", "Maximum length", "integer"),
    prop("pattern", "Mønster (regulært udtryk)", "Pattern (regular expression)", "pattern"),
    prop("pattern_message", "Besked ved forkert format", "Message for a wrong format", "text"),
    prop("autocomplete", "Autoudfyld (HTML)", "Autocomplete (HTML)", "string"),
)
AUTOCOMPLETE = (TYPED[-1],)


def bounds(kind: str, da: tuple[str, str], en: tuple[str, str]) -> tuple[Prop, Prop]:
    return prop("min", da[0], en[0], kind), prop("max", da[1], en[1], kind)


def register(cls: type[FieldType]) -> type[FieldType]:
    """Class decorator: the type is known to the loader, forms, templates and exports."""
    REGISTRY[cls.name] = cls()
    return cls


def field_type(name: str) -> FieldType:
    """The registered type called `name`; KeyError for a name no module registered."""
    return REGISTRY[name]


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


# The markup of a field typed into one input (DKFDS form-label, form-input): label, help,
# errors, the input itself, as wide as its answer can be (numbers and dates narrow, short
# codes narrower than names). Macros of every type take the same arguments; see
# templates/public/_fields.html.
INPUT_TEMPLATE = """\
{% from "public/_fields.html" import required_mark, help_and_errors %}
{% macro render(definition, fdef, field, key, attrs, db, seats, row) %}
    {% set kw = field.render_kw or {} %}
    {% set longest = kw.maxlength or 0 %}
    {% if kw.inputmode in ('numeric', 'decimal') or field.widget.input_type == 'date' %}
      {% set width = ' input-width-xs' %}
    {% elif longest and longest <= 30 %}{% set width = ' input-width-s' %}
    {% elif field.widget.input_type is not defined %}{% set width = ' input-width-xl' %}
    {% else %}{% set width = '' %}{% endif %}
    <label class="form-label" for="{{ key }}">
      {{- fdef.label }}{{ required_mark(fdef, definition) }}</label>
    {{ help_and_errors(key, fdef, field, definition) }}
    {{ field(class='form-input' ~ width, **attrs) }}
{% endmacro %}
"""


class FieldType:
    """A field type. Subclasses set `name`, `label` and `properties` and override what differs.

    `value` says what a stored answer is: "text", "integer", "number" (int or float),
    "date" (ISO text), "code" (an option code), "codes" (a list of codes), "rows" (a list of
    {sub-key: answer}) or None (the field asks nothing).
    """

    name = ""
    label = Text("")
    value: str | None = "text"
    excel = "text"  # text | number | date | list | rows (goal workbooks read it too)
    properties: tuple[Prop, ...] = IDENTITY + ANSWERED + TYPED
    template = INPUT_TEMPLATE
    has_input = True
    rows = False  # the answer is a list of rows of fdef.fields (see RepeatType)
    # Only directly in a form's `fields`: never in a repeat's row or a follow-up's goal block.
    top_level_only = False
    # ...but allowed in a follow-up's goal block (stored per goal: the file type, issue 14 §3).
    in_goal_block = False
    books_occasions = False  # the answer names the form's occasions (capacity by date)
    identifies = False  # the first such field is the form's default identity_field
    multiline = False  # line breaks allowed in the text
    max_length_default: int | None = 200
    autocomplete: str | None = None
    required_text = _l("Udfyld venligst dette felt.")
    # Export: a plain column holds the stored answer as is (cheap on 100,000 rows).
    export_plain = False
    column_width: float | None = None

    # -- the WTForms field --------------------------------------------------
    def make(self, fdef: FieldDef) -> wtforms.Field | None:
        return TypedStringField(
            fdef.label, validators=self.validators(fdef), filters=[strip],
            default=fdef.default, render_kw=self.render_kw(fdef),
        )

    def required(self, fdef: FieldDef) -> RequiredWhenShown:
        return RequiredWhenShown(fdef, self.required_text)

    def validators(self, fdef: FieldDef) -> list:
        chain: list = [self.required(fdef), CleanText(multiline=self.multiline)]
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

    def prepare(self, field: wtforms.Field, fdef: FieldDef, form: Any) -> None:
        """Per request, before the form is shown or read (e.g. the dates offered today)."""

    def validate(self, form: Any, fdef: FieldDef, field: wtforms.Field, extra: list) -> bool:
        return field.validate(form, extra)

    def form_value(self, field: wtforms.Field) -> Any:
        """What the WTForms field holds, as `clean` takes it."""
        return field.data

    # -- stored answers -----------------------------------------------------
    def clean(self, fdef: FieldDef, data: Any) -> Any:
        """What is stored in the JSON answers: plain JSON values only."""
        if data in ("", None, []):
            return None
        return data

    def from_stored(self, fdef: FieldDef, value: Any) -> Any:
        """A stored answer back as the WTForms field holds it (a saved draft shown again)."""
        return value

    def display(self, fdef: FieldDef, value: Any) -> str:
        """The answer as a person reads it: receipts, mails, staff pages, show_if hints."""
        return "" if value is None else str(value)

    def posted_text(self, fdef: FieldDef, formdata: Any, name: str) -> str:
        """What a POST carried for the field, as typed (pages that cannot store a POST)."""
        labels = {o.code: str(o.label) for o in fdef.options}
        values = [v.strip() for v in formdata.getlist(name) if v and v.strip()]
        return ", ".join(labels.get(v, v) for v in values)

    def option_codes(self, fdef: FieldDef) -> set[str] | None:
        """The codes an answer can be, for checking show_if values; None: any value."""
        return None

    # -- definition checks --------------------------------------------------
    def check(self, fdef: FieldDef, problem: Callable[[str], None]) -> None:
        """Type-specific definition checks; `problem(msg)` records a mistake in Danish."""

    # -- exports (intake.exports.signups) -----------------------------------
    def export_columns(self, fdef: FieldDef, codes: bool) -> list[Column]:
        kind = self.excel if self.excel in ("number", "date") else "text"
        return [Column(fdef.label.da, kind, self.column_width)]

    def export_maker(self, fdef: FieldDef, codes: bool) -> Maker | None:
        """Cells for the field's columns; None when the one cell is the stored answer as is
        (the exporter groups those into one maker per run of fields)."""
        if self.export_plain or self.excel == "number":
            return None
        key, display = fdef.key, self.display

        def readable(a: dict) -> list:
            value = a.get(key)
            return [None if value in (None, "", []) else display(fdef, value)]

        return readable

    def export_options(self, fdef: FieldDef) -> list[tuple[str, str]]:
        """(code, Danish label) of every answer option, for the "Felter" sheet."""
        return [(o.code, o.label.da) for o in fdef.options]

    def export_describe(self, sheet: str, fdef: FieldDef, codes: bool,
                        prefix: str = "") -> list[list]:
        """Rows of the "Felter" sheet: sheet, column, key, type, question, code, option,
        required."""
        out = [[sheet, fdef.label.da, prefix + fdef.key, self.label.da, fdef.label.da, "", "",
                required_text(fdef)]]
        out.extend(
            [sheet, "", "", "", "", code, label, ""] for code, label in self.export_options(fdef)
        )
        return out

    def sheet_fields(self, fdef: FieldDef) -> tuple[FieldDef, ...] | None:
        """Sub-fields exported one row each on a sheet of their own (a repeat's people)."""
        return None

    # -- self-description ---------------------------------------------------
    def describe(self) -> dict[str, Any]:
        """The type as data: what the staff form editor (issue 12) builds its form from.

        {"name": "integer", "label": {"da": "tal", "en": "number"}, "value": "integer",
         "properties": [Prop.describe(), ...]}
        """
        return {
            "name": self.name, "label": {"da": self.label.da, "en": self.label.en},
            "value": self.value, "properties": [p.describe() for p in self.properties],
        }

    def property(self, name: str) -> Prop | None:
        return next((p for p in self.properties if p.name == name), None)


def required_text(fdef: FieldDef) -> str:
    """'Ja', 'Nogle gange' or 'Nej' for the "Felter" sheet's "Påkrævet" column."""
    if fdef.required and not fdef.show_if:
        return "Ja"
    return "Nogle gange" if fdef.required or fdef.required_if else "Nej"
