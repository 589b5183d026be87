"""Forms made of blocks: the same questions asked once per item (a follow-up asks its
`goal_fields` once per goal), each block a WTForms form with its own name prefix.

A block decides visibility (`show_if`) and `required_if` among its own fields only, by the
same rules as a whole sign-up form (intake.formdefs.visibility). The number of blocks
differs per person, so the page builds one block *instance* per item with a prefix
(`g12-status`) instead of a class per request.
"""

from __future__ import annotations

from typing import Any

import wtforms
from flask_wtf import FlaskForm

from intake.formdefs.schema import FieldDef
from intake.formdefs.types import REGISTRY
from intake.formdefs.visibility import Conditional


class BlockForm(Conditional, wtforms.Form):
    """One block; CSRF belongs to the page's FlaskForm, not to each block."""


class GeneralForm(Conditional, FlaskForm):
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
        data[fdef.key] = REGISTRY[fdef.type].from_stored(fdef, answers[fdef.key])
    return data
