"""An uploaded .xlsx in the XLSForm layout -> a definition mapping, or every problem in it.

`read_workbook(data)` returns a `Reading`: the mapping (None when the workbook itself is
broken), the problems (each with sheet, Excel row and column, in Danish) and notices (rows
intake passes over on purpose, such as KoboToolbox's `start`/`end`). The mapping is not
checked here: `locate(store_problems, reading)` puts the checker's report
(`intake.formdefs.store.check`) on the rows it is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from flask_babel import gettext as _

from intake.formdefs.xlsform import layout as L
from intake.formdefs.xlsform.sheets import SheetProblem, Table, read_tables
from intake.formdefs.xlsform.subset import ENGLISH, Unsupported, parse_condition
from intake.formdefs.xlsform.survey import SurveyReader, Texts
from intake.uploads.package import Limits

KNOWN_SHEETS = {L.SURVEY, L.CHOICES, L.SETTINGS, L.INTAKE_SETTINGS, L.OCCASIONS, L.ELIGIBILITY}
IGNORED_SETTINGS = {"instance_name", "style", "public_key", "submission_url", "namespaces",
                    "allow_choice_duplicates", "clean_text_values", "auto_send", "auto_delete",
                    "id_string"}
SLUG_CLEAN = re.compile(r"[^a-z0-9-]+")


@dataclass
class Reading:
    mapping: dict | None
    problems: list[SheetProblem] = field(default_factory=list)
    notices: list[SheetProblem] = field(default_factory=list)
    # Where each part came from: "field:<key>", "setting:<key>" -> (sheet, Excel row).
    positions: dict[str, tuple[str, int]] = field(default_factory=dict)
    sheets: set[str] = field(default_factory=set)  # the sheets the workbook has (lower case)


def read_workbook(data: bytes, limits: Limits | None = None) -> Reading:
    """The mapping of an XLSForm workbook (`data`: the uploaded bytes)."""
    tables, problems = read_tables(data, limits)
    reading = Reading(None, problems, sheets=set(tables))
    if problems and not tables:
        return reading
    survey = tables.get(L.SURVEY)
    if survey is None:
        if len(tables) == 1:  # XLSForm reads a lone sheet as the survey
            survey = next(iter(tables.values()))
        else:
            missing = _("Regnearket har intet ark «survey» (spørgsmålene).")
            reading.problems.append(SheetProblem(missing))
            return reading
    for name, table in tables.items():
        if name not in KNOWN_SHEETS and table is not survey:
            reading.notices.append(SheetProblem(_("arket læses ikke af intake"), table.name))
    mapping: dict[str, Any] = {}
    settings = tables.get(L.SETTINGS)
    language = _settings(settings, mapping, reading) if settings else None
    survey_reader = SurveyReader(survey, tables.get(L.CHOICES), language)
    fields, goal = survey_reader.read()
    reading.problems += survey_reader.problems
    reading.notices += survey_reader.notices
    reading.positions.update(survey_reader.positions)
    if L.INTAKE_SETTINGS in tables:
        _intake_settings(tables[L.INTAKE_SETTINGS], mapping, reading)
    if fields:
        mapping["fields"] = fields
    if goal is not None:
        mapping["goal_fields"] = goal
    for key, (sheet, spec) in L.LIST_SHEETS.items():
        if sheet in tables and tables[sheet].rows:
            if key in mapping:
                reading.problems.append(SheetProblem(
                    _("«%(key)s» står både her og på arket intake_settings", key=key),
                    tables[sheet].name))
            mapping[key] = _list_sheet(tables[sheet], spec, reading)
            reading.positions[f"setting:{key}"] = (tables[sheet].name, tables[sheet].rows[0][0])
    reading.mapping = mapping
    return reading


def _settings(table: Table, mapping: dict, reading: Reading) -> str | None:
    """settings: form_id (the slug), form_title, version, default_language."""
    if not table.rows:
        return None
    number, row = table.rows[0]
    for extra, _cells in table.rows[1:]:
        reading.problems.append(SheetProblem(_("arket settings har kun én række"), table.name,
                                             extra))
    if row.get("form_id") is not None:
        slug = str(row["form_id"]).strip()
        mapping["slug"] = slug if slug == slug.lower() and "_" not in slug else \
            SLUG_CLEAN.sub("-", slug.lower()).strip("-")
        reading.positions["setting:slug"] = (table.name, number)
    version = row.get("version")
    if isinstance(version, int) and not isinstance(version, bool):
        mapping["version"] = version
    elif version is not None:
        reading.notices.append(SheetProblem(
            _("intake nummererer selv versionerne, når formularen udgives; «%(value)s» bruges "
              "ikke", value=version), table.name, number, "version"))
    title = Texts(table, row.get("default_language"), reading.problems)
    text = title.text(row, "form_title")
    english = row.get(f"{L.PREFIX}form_title::{ENGLISH}")
    if english is not None:
        text = {"da": text if not isinstance(text, dict) else text["da"], "en": english}
    if text is not None:
        mapping["title"] = text
        reading.positions["setting:title"] = (table.name, number)
    known = {"form_id", "version", "default_language", "form_title",
             f"{L.PREFIX}form_title::{ENGLISH}"} | set(title.columns.get("form_title", {})
                                                       .values())
    for column in row:
        if column in known:
            continue
        if column in IGNORED_SETTINGS:
            reading.notices.append(SheetProblem(_("bruges kun af KoboToolbox/ODK og læses "
                                                  "ikke"), table.name, number, column))
        else:
            reading.problems.append(SheetProblem(
                _("kolonnen «%(column)s» er ikke med i det, intake kan læse", column=column),
                table.name, number, column))
    return row.get("default_language")


def _intake_settings(table: Table, mapping: dict, reading: Reading) -> None:
    """One setting a row: the path (capacity.seats), the value, the English text if any."""
    seen: dict[str, int] = {}
    for number, row in table.rows:
        path = row.get("setting")
        if path is None:
            reading.problems.append(SheetProblem(_("rækken mangler «setting»"), table.name,
                                                 number, "setting"))
            continue
        path = str(path).strip()
        value = row.get("value")
        english = row.get(f"value::{ENGLISH}")
        if english is not None:
            value = {"da": value, "en": english}
        elif row.get("forklaring") == "YAML" and isinstance(value, str):
            value = _yaml(value, table.name, number, "value", reading)
        top = path.split(".")[0]
        if top in ("slug", "version", "title", "fields", "goal_fields"):
            reading.problems.append(SheetProblem(
                _("«%(key)s» hører til arket settings eller survey", key=top), table.name,
                number, "setting"))
            continue
        reading.positions.setdefault(f"setting:{top}", (table.name, number))
        repeated = path in seen or path in L.LIST_SETTINGS
        seen.setdefault(path, number)
        if not _set(mapping, path.split("."), value, repeated):
            reading.problems.append(SheetProblem(
                _("«%(path)s» passer ikke med en anden række (række %(row)s)", path=path,
                  row=seen[path]), table.name, number, "setting"))


def _set(mapping: dict, parts: list[str], value: Any, is_list: bool) -> bool:
    here = mapping
    for part in parts[:-1]:
        here = here.setdefault(part, {})
        if not isinstance(here, dict):
            return False
    last = parts[-1]
    if is_list:
        current = here.setdefault(last, [])
        if not isinstance(current, list):
            here[last] = current = [current]
        if value is not None:
            current.append(value)
        return True
    if last in here:
        if isinstance(here[last], list):
            here[last].append(value)
            return True
        here[last] = [here[last], value]  # a setting given twice is a list of both
        return True
    here[last] = value
    return True


def _list_sheet(table: Table, spec: list, reading: Reading) -> list[dict]:
    texts = Texts(table, None, reading.problems)
    by_column = {column: (key, kind) for column, key, kind in spec}
    entries = []
    for number, row in table.rows:
        entry: dict[str, Any] = {}
        done: set[str] = set()
        for column, (key, kind) in by_column.items():
            if kind == "text":
                done |= set(texts.columns.get(column, {}).values())
                value = texts.text(row, column)
            else:
                done.add(column)
                value = row.get(column)
                if value is not None and kind == "yaml":
                    value = _list_value(value, table.name, number, column, reading)
                elif value is not None and kind == "condition":
                    value = _condition(value, table.name, number, column, reading)
            if value is not None:
                entry[key] = value
        for column, value in row.items():
            if column not in done:
                entry[column] = value  # an unknown key: the checker names it
        entries.append(entry)
    return entries


def _list_value(value: Any, sheet: str, number: int, column: str, reading: Reading) -> Any:
    """[7130, 7140] as in the form files; also 7130, 7140 without brackets, or one value."""
    if not isinstance(value, str):
        return [value]
    text = value.strip()
    if not text.startswith("["):
        text = f"[{text}]"
    return _yaml(text, sheet, number, column, reading)


def _yaml(text: str, sheet: str, number: int, column: str, reading: Reading) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        reading.problems.append(SheetProblem(_("værdien kan ikke læses; skriv den som "
                                               "[7130, 7140]"), sheet, number, column))
        return None


def _condition(value: Any, sheet: str, number: int, column: str, reading: Reading) -> Any:
    try:
        return parse_condition(str(value))
    except Unsupported as error:
        reading.problems.append(SheetProblem(str(error), sheet, number, column))
        return None
