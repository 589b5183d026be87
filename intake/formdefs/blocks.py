"""Forms made of blocks: the same questions asked once per item (a follow-up asks its
`goal_fields` once per goal), each block a WTForms form with its own name prefix.

A block decides visibility (`show_if`) and `required_if` among its own fields only, like
a whole sign-up form does. The number of blocks differs per person, so the page builds one
block *instance* per item with a prefix (`g12-status`) instead of a class per request.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import wtforms
from flask_wtf import FlaskForm

from intake.formdefs.fields import REGISTRY
from intake.formdefs.schema import FieldDef
from intake.formdefs.validators import is_empty


class BlockLogic:
    """Visibility, required-ness and cleaning over `_defs`; mixed into a (Flask)Form."""

    _defs: tuple[FieldDef, ...] = ()
    _required_now: set[str]

    def raw_answers(self) -> dict[str, Any]:
        return {d.key: self[d.key].data for d in self._defs if d.has_input}

    def visible_keys(self) -> set[str]:
        answers = self.raw_answers()
        shown: set[str] = set()
        for fdef in self._defs:  # in order, so a hidden field hides its dependants
            visible_answers = {k: v for k, v in answers.items() if k in shown}
            if fdef.show_if is None or fdef.show_if.holds(visible_answers):
                shown.add(fdef.key)
        return shown

    def validate(self, extra_validators=None, is_draft: bool = False) -> bool:
        """A draft checks what was typed (numbers, lengths) but requires nothing."""
        self._visible = self.visible_keys()
        answers = self.raw_answers()
        # RequiredWhenShown compares full names (with the block's prefix).
        self._required_now = set() if is_draft else {
            self[f.key].name for f in self._defs
            if f.has_input and f.key in self._visible
            and (f.required or (f.required_if and f.required_if.holds(answers)))
        }
        keys = {d.key for d in self._defs}
        ok = True
        for name, field in self._fields.items():
            if name in keys and name not in self._visible:
                field.errors = []
                continue
            if not field.validate(self, (extra_validators or {}).get(name, [])):
                ok = False
        return ok

    def answers(self) -> dict[str, Any]:
        """Cleaned answers of the visible fields, as stored in JSON."""
        visible = getattr(self, "_visible", None) or self.visible_keys()
        return {
            d.key: REGISTRY[d.type].clean(d, self[d.key].data)
            for d in self._defs if d.has_input and d.key in visible
        }

    def is_blank(self) -> bool:
        return all(is_empty(self[d.key].data) for d in self._defs if d.has_input)


class BlockForm(BlockLogic, wtforms.Form):
    """One block; CSRF belongs to the page's FlaskForm, not to each block."""


class GeneralForm(BlockLogic, FlaskForm):
    """The part of the page after the blocks, carrying the page's CSRF token.

    `Subject` (whose answers these are) and `Items` (which blocks the page showed) come back
    with the POST; the view compares both with what the session may touch, so an edited id
    is refused instead of trusted. Capitalised, they can never clash with a YAML field key.
    """

    Subject = wtforms.HiddenField()
    Items = wtforms.HiddenField()


def build_block_class(name: str, defs: tuple[FieldDef, ...], base: type = BlockForm) -> type:
    attrs: dict[str, Any] = {"_defs": tuple(defs)}
    for fdef in defs:
        made = REGISTRY[fdef.type].make(fdef)
        if made is not None:
            attrs[fdef.key] = made
    return type(name, (base,), attrs)


def form_data(defs: tuple[FieldDef, ...], answers: dict[str, Any] | None) -> dict[str, Any]:
    """Stored JSON answers turned back into what the WTForms fields hold (dates as dates)."""
    data: dict[str, Any] = {}
    for fdef in defs:
        if not fdef.has_input or not answers or fdef.key not in answers:
            continue
        value = answers[fdef.key]
        if fdef.type == "date" and isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                value = None
        data[fdef.key] = value
    return data
