"""The property form of a field, generated from its type's description of itself.

`FieldType.describe()` (intake/formdefs/types/base.py) lists each key a field of the type may
have, with a kind. `INPUTS` maps each kind to the one function that makes its WTForms input(s);
so a new field type needs no editor code. Kinds edited on pages of their own (a show_if, the
options, a repeat's sub-fields) appear here as links; a kind nobody has taught the editor
is edited as YAML text, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectChoice, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from intake.formdefs.loader import KEY_RE
from intake.formdefs.numbers import NumberError, parse_decimal
from intake.formdefs.schema import Text
from intake.formdefs.types import REGISTRY
from intake.formdefs.types.numbers import DanishIntegerField
from intake.staff.editor.edits import text_parts, text_value
from intake.staff.forms import ChoiceField

# Kinds with a page of their own (condition: the show_if page; options; fields: sub-fields).
OWN_PAGE = frozenset({"condition", "options", "fields"})
# Shown, never edited here: a field's type is chosen when it is added.
READ_ONLY = frozenset({"type"})
TOO_LONG = _l("Teksten er for lang.")


@dataclass(frozen=True)
class Input:
    """One property in the generated form: the WTForms names that carry it."""

    name: str
    kind: str
    label: Text
    names: tuple[str, ...]
    required: bool
    default: Any = None


class EditorForm(FlaskForm):
    """The base of every generated form: the draft's revision travels with the page."""

    revision = HiddenField()


def _key_check(form, field) -> None:
    if not KEY_RE.match(field.data or ""):
        raise ValidationError(
            _l(
                "Nøglen skal starte med et lille bogstav og kun have små "
                "bogstaver (a-z), tal og _, højst 40 tegn, fx firma_navn."
            )
        )


def _pattern_check(form, field) -> None:
    if field.data:
        try:
            re.compile(field.data)
        except re.error:
            raise ValidationError(_l("Mønsteret er ikke et gyldigt regulært udtryk.")) from None


def _number_check(form, field) -> None:
    if field.data:
        try:
            parse_decimal(field.data)
        except NumberError:
            raise ValidationError(_l("Skriv et tal, fx 7,5.")) from None


def _yaml_check(form, field) -> None:
    try:
        yaml.safe_load(field.data or "")
    except yaml.YAMLError:
        raise ValidationError(_l("Teksten kan ikke læses (YAML).")) from None


def _label(p: dict) -> Text:
    """The property's own name, in the page's language when it is shown."""
    return Text(p["label"]["da"], p["label"].get("en"))


def _text(p: dict) -> list[tuple[str, Any]]:
    area = p["name"] in ("text", "intro", "body") or p["name"].endswith("message")
    kind = TextAreaField if area else StringField
    return [
        (
            f"{p['name']}__da",
            kind(
                _l("%(label)s (dansk)", label=_label(p)),
                validators=[Length(max=5000, message=TOO_LONG)],
            ),
        ),
        (
            f"{p['name']}__en",
            kind(
                _l("%(label)s (engelsk)", label=_label(p)),
                validators=[Length(max=5000, message=TOO_LONG)],
            ),
        ),
    ]


def _string(p: dict) -> list[tuple[str, Any]]:
    checks: list = [Length(max=500, message=TOO_LONG)]
    checks += {"key": [_key_check], "pattern": [_pattern_check], "number": [_number_check]}.get(
        p["kind"], []
    )
    return [(p["name"], StringField(_label(p), validators=checks))]


def _flag(p: dict) -> list[tuple[str, Any]]:
    return [(p["name"], BooleanField(_label(p)))]


def _integer(p: dict) -> list[tuple[str, Any]]:
    return [
        (
            p["name"],
            DanishIntegerField(
                _label(p), validators=[Optional()], render_kw={"inputmode": "numeric"}
            ),
        )
    ]


def _choice(p: dict) -> list[tuple[str, Any]]:
    choices = [SelectChoice("", p.get("empty") or _l("(standard)"))]
    choices += [SelectChoice(a, a) for a in p["allowed"]]
    return [(p["name"], ChoiceField(_label(p), choices=choices))]


def _date(p: dict) -> list[tuple[str, Any]]:
    return [
        (
            p["name"],
            StringField(
                _label(p), render_kw={"type": "date"}, validators=[Length(max=40, message=TOO_LONG)]
            ),
        )
    ]


def _moment(p: dict) -> list[tuple[str, Any]]:
    return [
        (
            p["name"],
            StringField(
                _label(p),
                render_kw={"type": "datetime-local"},
                validators=[Length(max=40, message=TOO_LONG)],
            ),
        )
    ]


def _lines(p: dict) -> list[tuple[str, Any]]:
    return [
        (
            p["name"],
            TextAreaField(
                _label(p),
                validators=[Length(max=5000, message=TOO_LONG)],
                description=_l("Én pr. linje."),
            ),
        )
    ]


def _as_yaml(p: dict) -> list[tuple[str, Any]]:
    return [(p["name"], TextAreaField(_label(p), validators=[_yaml_check]))]


INPUTS: dict[str, Callable[[dict], list[tuple[str, Any]]]] = {
    "key": _string,
    "string": _string,
    "pattern": _string,
    "number": _string,
    "any": _string,
    "text": _text,
    "flag": _flag,
    "integer": _integer,
    "choice": _choice,
    "date": _date,
    "moment": _moment,
    "lines": _lines,
}


def editable(type_name: str) -> list[dict]:
    """The described properties this form edits (not those with a page of their own)."""
    return [
        p
        for p in REGISTRY[type_name].describe()["properties"]
        if p["kind"] not in OWN_PAGE | READ_ONLY
    ]


def own_pages(type_name: str) -> list[dict]:
    return [p for p in REGISTRY[type_name].describe()["properties"] if p["kind"] in OWN_PAGE]


def form_class(type_name: str) -> tuple[type[EditorForm], list[Input]]:
    """A FlaskForm for a field of `type_name`, and the inputs in the type's own order."""
    return build(editable(type_name), f"Props_{type_name}")


def build(properties: list[dict], name: str = "Props") -> tuple[type[EditorForm], list[Input]]:
    """A FlaskForm with one input (two for a text) per described property."""
    attrs: dict[str, Any] = {}
    inputs = []
    for p in properties:
        made = INPUTS.get(p["kind"], _as_yaml)(p)
        attrs.update(made)
        inputs.append(
            Input(
                p["name"],
                p["kind"],
                _label(p),
                tuple(n for n, _f in made),
                p.get("required", False),
                p.get("default"),
            )
        )
    return type(name, (EditorForm,), attrs), inputs


def form_data(field: dict, inputs: list[Input]) -> dict[str, Any]:
    """The form's values from a stored field (a GET shows what is saved)."""
    data: dict[str, Any] = {}
    for item in inputs:
        value = field.get(item.name)
        if item.kind == "text":
            data[item.names[0]], data[item.names[1]] = text_parts(value)
        elif item.kind == "flag":
            data[item.name] = bool(value) if value is not None else bool(item.default)
        elif item.kind == "lines":
            data[item.name] = "\n".join(str(v) for v in value or [])
        elif item.kind == "moment":
            data[item.name] = "" if value is None else str(value).replace(" ", "T")[:16]
        elif item.kind == "integer":
            data[item.name] = value
        elif item.kind == "any" and isinstance(value, list | dict):
            data[item.name] = yaml.safe_dump(
                value, allow_unicode=True, default_flow_style=True
            ).strip()
        elif item.kind == "number" and isinstance(value, int | float):
            data[item.name] = format_number(value)
        elif item.kind in INPUTS:
            data[item.name] = "" if value is None else str(value)
        else:
            data[item.name] = (
                ""
                if value is None
                else yaml.safe_dump(value, allow_unicode=True, sort_keys=False).strip()
            )
    return data


def _any(value: str) -> Any:
    """A default answer: a whole number, a list or mapping written as YAML ('[a, b]'), else
    the text as typed (never YAML's reading of 'no' as False)."""
    if re.fullmatch(r"-?\d{1,9}", value):
        return int(value)
    if value[:1] in "[{":
        try:
            return yaml.safe_load(value)
        except yaml.YAMLError:
            return value
    return value


def format_number(value: int | float) -> str:
    """7.5 -> '7,5' (the Danish decimal comma the input reads back)."""
    return str(value).replace(".", ",")


def _read(item: Input, form: EditorForm, defaults: dict) -> Any:
    if item.kind == "text":
        return text_value(form[item.names[0]].data, form[item.names[1]].data)
    value = form[item.name].data
    if item.kind == "flag":
        return bool(value)
    if item.kind == "integer":
        return value
    if item.kind == "lines":
        return [line.strip() for line in (value or "").splitlines() if line.strip()] or None
    if item.kind == "moment":
        return (value or "").strip().replace("T", " ") or None
    if item.kind in INPUTS:
        value = (value or "").strip()
        if not value:
            return None
        if item.kind == "number":
            number = parse_decimal(value)  # checked by _number_check
            return int(number) if number == number.to_integral_value() else float(number)
        if item.kind == "any":
            return _any(value)
        return value
    return yaml.safe_load(value or "") if (value or "").strip() else None


def apply(field: dict, form: EditorForm, inputs: list[Input], type_name: str) -> dict:
    """The field with the form's values: empty inputs remove their key; every key the form
    does not show (options, show_if, keys of other tools) stays as it was."""
    order = [p["name"] for p in REGISTRY[type_name].describe()["properties"]]
    new = apply_inputs(field, form, inputs)
    ranked = sorted(new, key=lambda k: order.index(k) if k in order else len(order))
    return {k: new[k] for k in ranked}


def apply_inputs(target: dict, form: EditorForm, inputs: list[Input]) -> dict:
    """A copy of `target` with each input's value (an empty one, or a flag at its default,
    removes the key); keys without an input stay."""
    new = dict(target)
    defaults = {item.name: item.default for item in inputs}
    for item in inputs:
        value = _read(item, form, defaults)
        if value is None or (item.kind == "flag" and value == bool(defaults.get(item.name))):
            new.pop(item.name, None)
        else:
            new[item.name] = value
    return new
