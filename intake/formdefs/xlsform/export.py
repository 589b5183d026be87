"""A definition mapping as an .xlsx workbook in the XLSForm layout (forms/README.md, "XLSForm").

`workbook_bytes(mapping)` writes the sheets `survey`, `choices` and `settings` as XLSForm has
them, and intake's own settings in `intake_settings`, `intake_occasions` and
`intake_eligibility`. Every cell holds the mapping's value as it is (text, number,
true/false, date), so reading the workbook back (reader.py) gives the same mapping.
`template_bytes()` is the empty workbook staff start from (forms/skabelon.xlsx).
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
import yaml

from intake.formdefs.types import REGISTRY
from intake.formdefs.xlsform import layout as L
from intake.formdefs.xlsform.subset import (
    DANISH,
    ENGLISH,
    READ_TYPES,
    XLS_TYPES,
    YESNO_CHOICES,
    YESNO_LIST,
    Unsupported,
    condition_text,
    constraint_text,
    is_bound,
)

TEMPLATE_PATH = Path(__file__).resolve().parents[3] / "forms" / "skabelon.xlsx"
TEMPLATE_CREATED = datetime(2026, 11, 29, 12, 0)
SKIP_SETTINGS = {"slug", "version", "title", "fields", "goal_fields"}


def workbook_bytes(mapping: dict, created: datetime | None = None) -> bytes:
    """The .xlsx of `mapping` (any definition mapping, a draft with mistakes too)."""
    book = _Book(created)
    survey, choices = _survey_rows(mapping)
    book.sheet(L.SURVEY, L.survey_columns(), survey)
    book.sheet(L.CHOICES, L.choices_columns(), choices)
    book.sheet(L.SETTINGS, L.SETTINGS_COLUMNS, [_settings_row(mapping)])
    book.sheet(L.INTAKE_SETTINGS, L.INTAKE_SETTINGS_COLUMNS, _intake_settings(mapping))
    for key, (sheet, spec) in L.LIST_SHEETS.items():
        book.sheet(sheet, *_list_sheet(mapping.get(key), spec))
    return book.close()


def template_bytes() -> bytes:
    """The downloadable template: every sheet and column, one example of each part. The
    same bytes every time (a fixed creation date), so forms/skabelon.xlsx can be compared."""
    return workbook_bytes(TEMPLATE, created=TEMPLATE_CREATED)


def write_template(path: Path = TEMPLATE_PATH) -> Path:
    """Writes forms/skabelon.xlsx (run after changing the layout; a test compares them):
    .venv/bin/python -c "from intake.formdefs.xlsform.export import write_template as w; w()"
    """
    path.write_bytes(template_bytes())
    return path


# -- survey and choices -----------------------------------------------------------------

def _survey_rows(mapping: dict) -> tuple[list[dict], list[dict]]:
    survey: list[dict] = []
    choices: list[dict] = []
    fields = mapping.get("fields")
    _field_rows(fields if isinstance(fields, list) else [], "", survey, choices)
    goal = mapping.get("goal_fields")
    if isinstance(goal, list):
        survey.append({"type": "begin_group", "name": L.GOAL_BLOCK,
                       f"{L.PREFIX}type": L.GOAL_BLOCK})
        _field_rows(goal, f"{L.GOAL_BLOCK}__", survey, choices)
        survey.append({"type": "end_group", "name": L.GOAL_BLOCK})
    if any(row.get("type") == f"select_one {YESNO_LIST}" for row in survey):
        choices += [{"list_name": YESNO_LIST, "name": code, f"label::{DANISH}": da,
                     f"label::{ENGLISH}": en} for code, da, en in YESNO_CHOICES]
    return survey, choices


def _field_rows(fields: list, prefix: str, survey: list, choices: list) -> None:
    multiple = {str(f.get("key")) for f in fields
                if isinstance(f, dict) and f.get("type") in ("multichoice",)}
    for item in fields:
        if not isinstance(item, dict):
            survey.append({f"{L.PREFIX}yaml": _flow(item)})
            continue
        row = _field_row(item, prefix, multiple)
        survey.append(row)
        options = item.get("options")
        if isinstance(options, list):
            list_name = f"{prefix}{item.get('key')}"
            row["type"] = f"{row['type']} {list_name}"
            choices += [_choice_row(list_name, o, multiple) for o in options]
        if item.get("type") == "repeat" or isinstance(item.get("fields"), list):
            _field_rows(item.get("fields") or [], f"{prefix}{item.get('key')}__", survey, choices)
            survey.append({"type": "end_repeat", "name": item.get("key")})


def _field_row(item: dict, prefix: str, multiple: set[str]) -> dict:
    """type (and intake::type when XLSForm has no such type), then a column per key."""
    type_name = item.get("type")
    ftype = REGISTRY.get(type_name) if isinstance(type_name, str) else None
    xls_type = XLS_TYPES.get(type_name) if isinstance(type_name, str) else None
    if type_name == "repeat" or isinstance(item.get("fields"), list):
        xls_type = "begin_repeat"
    if xls_type in ("select_one", "select_multiple") and not isinstance(item.get("options"),
                                                                        list):
        xls_type = f"select_one {YESNO_LIST}" if type_name == "yesno" else None
    row: dict[str, Any] = {"type": xls_type or "text"}
    if READ_TYPES.get(str(xls_type).split(" ")[0]) != type_name:
        row[f"{L.PREFIX}type"] = type_name
    constraint = _constraint(item, ftype)
    for key, value in item.items():
        if key in L.HANDLED or (constraint and key in constraint[1]):
            continue
        _put(row, key, value, multiple)
    if constraint:
        row["constraint"] = constraint[0]
    return row


def _constraint(item: dict, ftype) -> tuple[str, set[str]] | None:
    """min/max of a number field and a text field's pattern as XLSForm's constraint."""
    used: dict[str, Any] = {}
    if ftype is not None and ftype.value in ("integer", "number"):
        used |= {k: item[k] for k in ("min", "max") if is_bound(item.get(k))}
    pattern = item.get("pattern")
    if isinstance(pattern, str):
        used["pattern"] = pattern
    if not used:
        return None
    try:
        text = constraint_text((used.get("min"), used.get("max")), used.get("pattern"))
    except Unsupported:  # a pattern with both kinds of quote stays in intake::pattern
        used.pop("pattern")
        text = constraint_text((used.get("min"), used.get("max")), None)
    return (text, set(used)) if text else None


def _put(row: dict, key: str, value: Any, multiple: set[str]) -> None:
    column = L.STANDARD.get(key, L.PREFIX + key)
    if key in L.CONDITIONS:
        try:
            value = condition_text(value, multiple)
        except Unsupported:
            value = _flow(value)
    elif key == "default" and isinstance(value, list) and all(
            isinstance(v, str) and v and " " not in v for v in value):
        value = " ".join(value)  # XLSForm's default of select_multiple: codes by spaces
    if key in L.text_properties():
        _put_text(row, column, value)
    else:
        row[column] = value


def _put_text(row: dict, column: str, value: Any) -> None:
    if _is_text(value):
        row[f"{column}::{DANISH}"] = value["da"]
        if value.get("en") is not None:
            row[f"{column}::{ENGLISH}"] = value["en"]
    else:
        row[f"{column}::{DANISH}"] = value


def _choice_row(list_name: str, option: Any, multiple: set[str]) -> dict:
    row: dict[str, Any] = {"list_name": list_name}
    if not isinstance(option, dict):
        return row | {"name": _flow(option)}
    for key, value in option.items():
        column = L.CHOICE_PREFIX + key
        if key == "code":
            row["name"] = value
        elif key == "label":
            _put_text(row, "label", value)
        elif key in L.CHOICE_TEXTS and _is_text(value):
            row[column] = value["da"]
            row[column + L.ENGLISH_SUFFIX] = value.get("en")
        elif key == "show_if":
            row[column] = condition_text(value, multiple)
        else:
            row[column] = value
    return row


# -- settings ------------------------------------------------------------------------------

def _settings_row(mapping: dict) -> dict:
    row: dict[str, Any] = {"form_id": mapping.get("slug"), "version": mapping.get("version"),
                           "default_language": DANISH}
    _put_text(row, "form_title", mapping.get("title"))
    row[f"{L.PREFIX}form_title::{ENGLISH}"] = row.pop(f"form_title::{ENGLISH}", None)
    row["form_title"] = row.pop(f"form_title::{DANISH}", None)
    return row


def _intake_settings(mapping: dict) -> list[dict]:
    rows: list[dict] = []
    for key, value in mapping.items():
        if key in SKIP_SETTINGS:
            continue
        if key in L.LIST_SHEETS and isinstance(value, list):
            continue
        _flatten(key, value, rows)
    return rows


def _flatten(path: str, value: Any, rows: list[dict]) -> None:
    if isinstance(value, dict) and not _is_text(value) and value:
        for key, inner in value.items():
            _flatten(f"{path}.{key}", inner, rows)
        return
    if isinstance(value, list) and value and not any(isinstance(v, dict | list) for v in value):
        for item in value:
            _flatten(path, item, rows)
        return
    row: dict[str, Any] = {"setting": path, "forklaring": L.EXPLAIN.get(path)}
    if _is_text(value):
        row["value"] = value["da"]
        row[f"value::{ENGLISH}"] = value.get("en")
    elif isinstance(value, dict | list):
        row["value"] = _flow(value)
        row["forklaring"] = "YAML"
    else:
        row["value"] = value
    rows.append(row)


def _list_sheet(entries: Any, spec: list) -> tuple[list[str], list[dict]]:
    kinds = {key: (column, kind) for column, key, kind in spec}
    headers = [c for column, _key, kind in spec for c in L.columns(column, kind == "text")]
    rows = []
    for entry in entries if isinstance(entries, list) else []:
        row: dict[str, Any] = {}
        for key, value in (entry.items() if isinstance(entry, dict) else []):
            column, kind = kinds.get(key, (key, "value"))
            if column not in headers and kind != "text":
                headers.append(column)
            if kind == "text":
                _put_text(row, column, value)
            elif kind == "yaml" or isinstance(value, list | dict) and kind != "condition":
                row[column] = _flow(value)
            elif kind == "condition":
                row[column] = condition_text(value, set())
            else:
                row[column] = value
        rows.append(row)
    return headers, rows


# -- writing -------------------------------------------------------------------------------

def _is_text(value: Any) -> bool:
    return isinstance(value, dict) and "da" in value and set(value) <= {"da", "en"} \
        and all(isinstance(v, str) or v is None for v in value.values())


def _flow(value: Any) -> str:
    """A list or mapping in YAML's one-line flow style, as in the form files."""
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True,
                          width=10_000).strip()


class _Book:
    def __init__(self, created: datetime | None = None):
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {"in_memory": True})
        if created is not None:
            self.book.set_properties({"created": created})
        self.bold = self.book.add_format({"bold": True, "bg_color": "#E7E6E6"})
        self.date = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.moment = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.wrap = self.book.add_format({"text_wrap": True, "valign": "top"})

    def sheet(self, name: str, headers: list[str], rows: list[dict]) -> None:
        headers = headers + [k for r in rows for k in r if k not in headers]
        headers = list(dict.fromkeys(headers))
        sheet = self.book.add_worksheet(name)
        sheet.freeze_panes(1, 0)
        for column, header in enumerate(headers):
            sheet.write_string(0, column, header, self.bold)
            sheet.set_column(column, column, 40 if "::" in header else 18)
        for number, row in enumerate(rows, start=1):
            for column, header in enumerate(headers):
                self.cell(sheet, number, column, row.get(header))

    def cell(self, sheet, row: int, column: int, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, bool):
            sheet.write_boolean(row, column, value)
        elif isinstance(value, int | float):
            sheet.write_number(row, column, value)
        elif isinstance(value, datetime):
            sheet.write_datetime(row, column, value.replace(tzinfo=None), self.moment)
        elif isinstance(value, date):
            sheet.write_datetime(row, column, datetime(value.year, value.month, value.day),
                                 self.date)
        elif isinstance(value, str):
            sheet.write_string(row, column, value, self.wrap if "\n" in value else None)
        else:
            sheet.write_string(row, column, _flow(value))

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


# The template's example form: one of each part, every part explained in forms/README.md.
TEMPLATE: dict[str, Any] = {
    "slug": "min-formular",
    "version": 1,
    "kind": "signup",
    "title": {"da": "Min formular", "en": "My form"},
    "intro": {"da": "Skriv en kort indledning.", "en": "Write a short introduction."},
    "opens": "2027-01-01 00:00",
    "closes": "2027-06-30 12:00",
    "fields": [
        {"key": "navn", "type": "text", "required": True, "autocomplete": "name",
         "label": {"da": "Dit navn", "en": "Your name"}},
        {"key": "email", "type": "email", "required": True,
         "label": {"da": "E-mail", "en": "Email"}},
        {"key": "deltager", "type": "choice", "required": True,
         "label": {"da": "Deltager du?", "en": "Will you take part?"},
         "options": [{"code": "ja_tak", "label": {"da": "Ja", "en": "Yes"}},
                     {"code": "nej_tak", "label": {"da": "Nej", "en": "No"}}]},
        {"key": "antal", "type": "integer", "min": 1, "max": 10,
         "show_if": {"deltager": "ja_tak"},
         "label": {"da": "Hvor mange kommer I?", "en": "How many of you will come?"}},
    ],
    "occasions": [{"date": "2027-06-30", "start": "13:00", "end": "16:00",
                   "place": {"da": "Hedensted", "en": "Hedensted"}}],
    "capacity": {"per": "form", "seats": 50, "waiting_list": True},
    "notify": ["erhverv@hedensted.dk"],
    "retention_days": 365,
    "privacy": {
        "controller": "Hedensted Kommune (Hedensted Erhverv), Hedensted",
        "purpose": "Vi bruger oplysningerne til at planlægge arrangementet.",
        "legal_basis": "Databeskyttelsesforordningen art. 6, stk. 1, litra e.",
        "retention": "Vi sletter tilmeldingen senest 1 år (365 dage) efter tilmeldingen.",
        "rights": "Du har ret til indsigt, berigtigelse, sletning, begrænsning og indsigelse. "
                  "Du kan klage til Datatilsynet.",
        "contact": "erhverv@hedensted.dk",
    },
}
