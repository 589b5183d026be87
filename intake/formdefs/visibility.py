"""The one place that decides which fields are shown and which must be answered.

Public sign-up forms (and staff's "add a sign-up", which uses the same generated form), a
repeat's rows and a follow-up's blocks all mix in `Conditional`, so `show_if` and
`required_if` mean the same everywhere (the browser's script mirrors these rules for people
with JavaScript; the server decides).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from intake.formdefs.schema import FieldDef
from intake.formdefs.types import REGISTRY
from intake.formdefs.validators import is_empty


def visible_keys(defs: Iterable[FieldDef], answers: dict[str, Any]) -> set[str]:
    """Keys of the fields shown for `answers` ({key: value as the form holds it}).

    In the definition's order, so a hidden field hides its dependants: a condition only
    sees answers of fields already shown.
    """
    shown: set[str] = set()
    for fdef in defs:
        visible_answers = {k: v for k, v in answers.items() if k in shown}
        if fdef.show_if is None or fdef.show_if.holds(visible_answers):
            shown.add(fdef.key)
    return shown


def required_keys(defs: Iterable[FieldDef], answers: dict[str, Any], shown: set[str]) -> set[str]:
    """Keys of the shown fields that must be answered: `required`, or `required_if` holds."""
    return {
        f.key for f in defs
        if f.has_input and f.key in shown
        and (f.required or (f.required_if is not None and f.required_if.holds(answers)))
    }


class Conditional:
    """Visibility, required-ness, validation and cleaning over `_defs`; mixed into a WTForms
    form whose fields are named by the definitions' keys (with the form's prefix, if any)."""

    _defs: tuple[FieldDef, ...] = ()
    _required_now: set[str] = frozenset()

    def raw_answers(self) -> dict[str, Any]:
        return {d.key: self[d.key].data for d in self._defs
                if d.has_input and not REGISTRY[d.type].rows}

    def visible_keys(self) -> set[str]:
        return visible_keys(self._defs, self.raw_answers())

    def validate(self, extra_validators=None, is_draft: bool = False) -> bool:
        """A hidden field's answer is ignored. A draft checks what was typed (numbers,
        lengths) but requires nothing. RequiredWhenShown compares full (prefixed) names."""
        self._errors = None  # WTForms caches `errors`; a new validation starts afresh
        answers = self.raw_answers()
        self._visible = visible_keys(self._defs, answers)
        self._required_now = set() if is_draft else {
            self[key].name for key in required_keys(self._defs, answers, self._visible)
        }
        defs = {d.key: d for d in self._defs}
        ok = True
        for name, field in self._fields.items():
            fdef = defs.get(name)
            extra = (extra_validators or {}).get(name, [])
            if fdef is None:
                ok = field.validate(self, extra) and ok
            elif name not in self._visible:
                field.errors = []
            else:
                ok = REGISTRY[fdef.type].validate(self, fdef, field, extra) and ok
        return ok

    def answers(self) -> dict[str, Any]:
        """Cleaned answers of the visible fields, ready to store as JSON."""
        visible = getattr(self, "_visible", None) or self.visible_keys()
        result: dict[str, Any] = {}
        for fdef in self._defs:
            if fdef.has_input and fdef.key in visible:
                field_type = REGISTRY[fdef.type]
                result[fdef.key] = field_type.clean(fdef, field_type.form_value(self[fdef.key]))
        return result

    def is_blank(self) -> bool:
        return all(is_empty(self[d.key].data) for d in self._defs if d.has_input)
