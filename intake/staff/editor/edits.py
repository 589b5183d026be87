"""Pure edits of a definition mapping (the shape of a forms/*.yaml file, see
intake/formdefs/loader.py FORM_KEYS): add, remove and move fields and options, set a show_if,
write a text in Danish and English. Every function returns a new mapping and never touches
a key it was not asked to change, so nothing the editor cannot show is ever dropped.

A field is addressed by its key, or "parent.key" for a field inside a repeat's `fields`.
Errors: KeyError for an address or option code that is not in the mapping.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from typing import Any

MAX_KEY = 40
_SPECIAL = {"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss"}


def text_parts(value: Any) -> tuple[str, str]:
    """A text as stored ('Navn' or {'da': 'Navn', 'en': 'Name'}) -> ('Navn', 'Name')."""
    if isinstance(value, dict):
        return str(value.get("da") or ""), str(value.get("en") or "")
    return ("" if value is None else str(value)), ""


def text_value(da: str, en: str) -> str | dict | None:
    """The stored form of a text: None when empty, a plain string without English."""
    da, en = (da or "").strip(), (en or "").strip()
    if not da and not en:
        return None
    return {"da": da, "en": en} if en else da


def make_code(label: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A key or option code from a Danish label: 'Ja, gerne!' -> 'ja_gerne'; unique in `taken`.

    Made once, when the field or option is added; a later change of label keeps it (answers
    are stored under the code)."""
    folded = "".join(_SPECIAL.get(c, c) for c in (label or "").lower())
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    code = re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")[: MAX_KEY - 4].rstrip("_") or "felt"
    if not code[0].isalpha():
        code = "f_" + code
    candidate, n = code, 2
    while candidate in taken:
        candidate, n = f"{code}_{n}", n + 1
    return candidate


def _copy(mapping: dict) -> dict:
    return copy.deepcopy(mapping)


GOAL_BLOCK = "goal_fields"  # a follow-up's per-goal questions: addresses "goal_fields.key"


def _container(mapping: dict, parent: str | None) -> list:
    if not parent:
        return mapping.setdefault("fields", [])
    if parent == GOAL_BLOCK:
        return mapping.setdefault(GOAL_BLOCK, [])
    _fields, _index, field = locate(mapping, parent)
    return field.setdefault("fields", [])


def locate(mapping: dict, address: str) -> tuple[list, int, dict]:
    """(the list holding the field, its index, the field) for 'key', 'parent.key' or
    'goal_fields.key' (a follow-up's per-goal block)."""
    parent, _sep, key = address.rpartition(".")
    if not parent:
        fields = mapping.get("fields") or []
    elif parent == GOAL_BLOCK:
        fields = mapping.get(GOAL_BLOCK) or []
    else:
        fields = _sub_fields(mapping, parent)
    for index, field in enumerate(fields if isinstance(fields, list) else []):
        if isinstance(field, dict) and field.get("key") == key:
            return fields, index, field
    raise KeyError(address)


def _sub_fields(mapping: dict, parent: str) -> list:
    _fields, _index, field = locate(mapping, parent)
    return field.get("fields") or []


def field_at(mapping: dict, address: str) -> dict:
    return locate(mapping, address)[2]


def all_keys(mapping: dict) -> set[str]:
    """Every field key in the form, sub-fields included (keys are unique form-wide)."""
    keys: set[str] = set()

    def walk(fields):
        for field in fields or []:
            if isinstance(field, dict):
                keys.add(str(field.get("key")))
                walk(field.get("fields"))

    walk(mapping.get("fields"))
    walk(mapping.get("goal_fields"))
    return keys


def add_field(
    mapping: dict, type_name: str, label: str, parent: str | None = None, key: str | None = None
) -> tuple[dict, str]:
    """A new field of `type_name` at the end; returns (new mapping, its address)."""
    new = _copy(mapping)
    key = key or make_code(label, all_keys(new))
    field: dict[str, Any] = {"key": key, "type": type_name}
    if label:
        field["label"] = label
    _container(new, parent).append(field)
    return new, f"{parent}.{key}" if parent else key


def remove_field(mapping: dict, address: str) -> dict:
    new = _copy(mapping)
    fields, index, _field = locate(new, address)
    del fields[index]
    return new


def move_field(mapping: dict, address: str, step: int) -> dict:
    """Up (-1) or down (+1) one place; at either end nothing changes."""
    new = _copy(mapping)
    fields, index, _field = locate(new, address)
    _move(fields, index, step)
    return new


def _move(items: list, index: int, step: int) -> None:
    target = index + step
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]


def replace_field(mapping: dict, address: str, field: dict) -> dict:
    new = _copy(mapping)
    fields, index, _old = locate(new, address)
    fields[index] = field
    return new


# -- options ------------------------------------------------------------------
def _options(field: dict) -> list:
    return field.setdefault("options", [])


def option_index(field: dict, code: str) -> int:
    for index, option in enumerate(field.get("options") or []):
        if isinstance(option, dict) and str(option.get("code")) == code:
            return index
    raise KeyError(code)


def add_option(mapping: dict, address: str, da: str, en: str = "") -> tuple[dict, str]:
    new = _copy(mapping)
    field = field_at(new, address)
    taken = {str(o.get("code")) for o in field.get("options") or [] if isinstance(o, dict)}
    code = make_code(da, taken)
    _options(field).append({"code": code, "label": text_value(da, en)})
    return new, code


def relabel_option(
    mapping: dict,
    address: str,
    code: str,
    da: str,
    en: str = "",
    description: tuple[str, str] | None = None,
) -> dict:
    """A new label (and description, if given; empty removes it); the code stays, so answers
    given under it keep their meaning."""
    new = _copy(mapping)
    field = field_at(new, address)
    option = field["options"][option_index(field, code)]
    option["label"] = text_value(da, en)
    if description is not None:
        text = text_value(*description)
        if text is None:
            option.pop("description", None)
        else:
            option["description"] = text
    return new


def remove_option(mapping: dict, address: str, code: str) -> dict:
    new = _copy(mapping)
    field = field_at(new, address)
    del field["options"][option_index(field, code)]
    return new


def move_option(mapping: dict, address: str, code: str, step: int) -> dict:
    new = _copy(mapping)
    field = field_at(new, address)
    _move(field["options"], option_index(field, code), step)
    return new


# -- conditions (show_if, required_if) ----------------------------------------
def condition_terms(value: Any) -> list[tuple[str, list[str]]]:
    """{'har_cvr': 'ja'} -> [('har_cvr', ['ja'])]."""
    if not isinstance(value, dict):
        return []
    return [
        (str(name), [str(v) for v in (vals if isinstance(vals, list) else [vals])])
        for name, vals in value.items()
    ]


def set_condition(mapping: dict, address: str, prop: str, other: str, values: list[str]) -> dict:
    """`prop` (show_if, required_if) of the field: `other` holds one of `values`. Other
    fields already in the condition stay (all must hold); no values removes `other`."""
    new = _copy(mapping)
    field = field_at(new, address)
    condition = dict(field.get(prop) or {})
    if values:
        condition[other] = values[0] if len(values) == 1 else list(values)
    else:
        condition.pop(other, None)
    if condition:
        field[prop] = condition
    else:
        field.pop(prop, None)
    return new


def clear_condition(mapping: dict, address: str, prop: str) -> dict:
    new = _copy(mapping)
    field_at(new, address).pop(prop, None)
    return new


def condition_sources(mapping: dict, address: str) -> list[dict]:
    """Fields a condition of `address` may name: earlier fields with answer options, in the
    same list (a field can only depend on what is asked before it)."""
    fields, index, _field = locate(mapping, address)
    return [f for f in fields[:index] if isinstance(f, dict) and f.get("options")]


# -- placeholders for the confirmation mail -----------------------------------
def placeholders(mapping: dict) -> list[str]:
    """What a confirmation text may insert: each top-level answer's key, then the values
    every mail has (intake/formdefs/templating.py TEMPLATE_GLOBALS)."""
    from intake.formdefs.templating import TEMPLATE_GLOBALS
    from intake.formdefs.types import REGISTRY

    keys = [
        str(f.get("key"))
        for f in mapping.get("fields") or []
        if isinstance(f, dict)
        and REGISTRY.get(str(f.get("type"))) is not None
        and REGISTRY[str(f.get("type"))].has_input
    ]
    return keys + sorted(TEMPLATE_GLOBALS - {"answers", "occasions"})
