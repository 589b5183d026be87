"""Where a new form starts (issue 12 §2): a template, a shipped form, or last year's edition.

Every function returns a definition *mapping* (the shape of a `forms/*.yaml` file, see
intake/formdefs/loader.py) that passes the checker; the editor saves it as a new draft with
the store. The templates are `forms/starters/*.yaml`, checked like any form file.
"""

from __future__ import annotations

import copy
import re
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from flask_babel import lazy_gettext as _l

from intake import PROJECT_ROOT, clock
from intake.formdefs import loader
from intake.formdefs.schema import FormDef

STARTERS_DIR = PROJECT_ROOT / "forms" / "starters"
SHIPPED = "form:"  # prefix of a starter made from a shipped form: "form:<slug>"
TEMPLATES = {  # id -> (file in STARTERS_DIR, title, what it is)
    "blank": ("blank.yaml", _l("Tom tilmelding"), _l("Navn og e-mail; tilføj selv spørgsmålene.")),
    "event": (
        "event.yaml",
        _l("Arrangement med datoer"),
        _l("Datoer at vælge imellem, pladser pr. dato og venteliste."),
    ),
    "questionnaire": (
        "questionnaire.yaml",
        _l("Spørgeskema"),
        _l("Spørgsmål med svarmuligheder og fritekst; ingen datoer eller pladser."),
    ),
}
YEAR_IN_TEXT = re.compile(r"\b(19|20)(\d\d)\b")


class UnknownStarter(LookupError):
    """No template or shipped form has this id."""


class StarterInvalid(ValueError):
    """The produced mapping does not pass the checker; `.problems`: the Danish report."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Starter:
    id: str  # "blank", "event", "questionnaire" or "form:<slug>"
    title: str  # current language
    description: str


def starters() -> list[Starter]:
    """The three templates, then every shipped form (`FORMS_DIR/*.yaml`) by title."""
    result = [Starter(key, str(title), str(about)) for key, (_, title, about) in TEMPLATES.items()]
    shipped = []
    for slug, path in _shipped().items():
        mapping = read(path)
        title = mapping.get("title")
        title = title.get("da") if isinstance(title, dict) else title
        shipped.append(
            Starter(
                SHIPPED + slug,
                str(title or slug),
                str(_l("En kopi af formularen %(slug)s.", slug=slug)),
            )
        )
    return result + sorted(shipped, key=lambda s: s.title.casefold())


def new_from_starter(starter_id: str, slug: str, title: str | dict) -> dict:
    """A new form's first draft: the starter's definition under `slug` and `title`
    (a Danish string, or {"da": …, "en": …}), version 1. A template's dates are moved on by
    whole years until its first date lies ahead. UnknownStarter; StarterInvalid when `slug`
    is not a valid slug (the checker's report)."""
    if starter_id in TEMPLATES:
        mapping = read(STARTERS_DIR / TEMPLATES[starter_id][0])
        mapping = _in_future(mapping)
    elif starter_id.startswith(SHIPPED) and starter_id[len(SHIPPED) :] in _shipped():
        mapping = read(_shipped()[starter_id[len(SHIPPED) :]])
    else:
        raise UnknownStarter(starter_id)
    mapping.update(slug=slug, version=1, title=title)
    return checked(mapping)


def clone_for_next_edition(
    mapping: dict, new_slug: str, new_title: str | dict | None = None
) -> dict:
    """Next year's edition: a copy under `new_slug`, version 1, every date one year on
    (opens, closes, each fixed date, a monthly rule's skipped days; the calendar date is
    kept, not the weekday; 29 February becomes 28 February). Without `new_title` each year
    written in the title is raised by one ("Netværksmesse 2027" → "Netværksmesse 2028").
    Answers are never part of a definition, so none come along. StarterInvalid if the copy
    does not pass the checker (e.g. `new_slug` is not a valid slug)."""
    result = shift_years(copy.deepcopy(mapping), 1)
    title = new_title if new_title is not None else _next_year_title(result.get("title"))
    result.update(slug=new_slug, version=1, title=title)
    return checked(result)


# -- dates ---------------------------------------------------------------------------------


def shift_years(mapping: dict, years: int) -> dict:
    """The mapping with its dates `years` on, each kept in the type it had (date, datetime or
    the text "YYYY-MM-DD" / "YYYY-MM-DD HH:MM"), in place."""
    for key in ("opens", "closes"):
        if mapping.get(key) is not None:
            mapping[key] = _shift(mapping[key], years)
    occasions = mapping.get("occasions")
    if isinstance(occasions, list):
        for item in occasions:
            if isinstance(item, dict) and item.get("date") is not None:
                item["date"] = _shift(item["date"], years)
    elif isinstance(occasions, dict) and isinstance(occasions.get("every_month"), dict):
        rule = occasions["every_month"]
        if isinstance(rule.get("skip"), list):
            rule["skip"] = [_shift(day, years) for day in rule["skip"]]
    return mapping


def _shift(value: Any, years: int) -> Any:
    if isinstance(value, date):  # datetime too
        return _add_years(value, years)
    text = str(value)
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            moment = datetime.strptime(text.strip(), pattern)
        except ValueError:
            continue
        return _add_years(moment, years).strftime(pattern)
    return value  # not a date the checker reads either; it reports it


def _add_years(value: date, years: int) -> date:
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February in a year without one
        return value.replace(year=value.year + years, day=28)


def _next_year_title(title: Any) -> Any:
    def bump(text: str) -> str:
        return YEAR_IN_TEXT.sub(lambda m: str(int(m.group(0)) + 1), text)

    if isinstance(title, dict):
        return {k: bump(v) if isinstance(v, str) else v for k, v in title.items()}
    return bump(title) if isinstance(title, str) else title


def _in_future(mapping: dict) -> dict:
    """A template's dates moved on by whole years until the first lies after today."""
    today = clock.now().date()
    for _ in range(100):
        occasions = mapping.get("occasions")
        items = occasions if isinstance(occasions, list) else []
        days = [d for d in (_day(o.get("date")) for o in items if isinstance(o, dict)) if d]
        if not days or min(days) > today:
            return mapping
        shift_years(mapping, 1)
    return mapping


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


# -- files and the checker -----------------------------------------------------------------


def read(path: Path) -> dict:
    """A form file as a mapping, read as the loader reads it (an impossible date stays text)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader._Loader)  # noqa: S506


def _shipped() -> dict[str, Path]:
    """Slug -> file of each form shipped in FORMS_DIR."""
    from flask import current_app

    directory = Path(current_app.config["FORMS_DIR"])
    result = {}
    for path in sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml")):
        mapping = read(path)
        if isinstance(mapping, dict) and mapping.get("slug"):
            result.setdefault(str(mapping["slug"]), path)
    return result


def check(mapping: dict) -> tuple[FormDef | None, list[str]]:
    """The checker's verdict on a mapping: (definition, []) or (None, Danish problems).

    Uses `loader.load_mapping` (issue 12 store) when present, else the file loader on a
    temporary copy, so both read exactly the same rules."""
    load_mapping = getattr(loader, "load_mapping", None)
    if load_mapping is not None:
        definition, problems = load_mapping(mapping, str(mapping.get("slug") or "formular"))
        return definition, [getattr(p, "text", str(p)) for p in problems]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{mapping.get('slug') or 'formular'}.yaml"
        path.write_text(
            yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        return loader.load_file(path)


def checked(mapping: dict) -> dict:
    definition, problems = check(mapping)
    if definition is None:
        raise StarterInvalid(problems)
    return mapping
