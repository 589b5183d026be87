"""An uploaded XLSForm workbook becomes a form's draft, or nothing and every problem.

`upload(data, slug=…, expected_revision=…, by=…)`: read (reader.py), check with the store's
checker (`store.check`, the same checks as publishing), put each of the checker's problems on
the sheet, row and column it is about, and only a clean workbook is saved: as the draft of
form `slug` (`store.save_draft`, StaleDraft when someone saved meanwhile), or as a new form
when `slug` is None (`store.create_form`). Flushes, never commits.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from intake.formdefs import store
from intake.formdefs.types import REGISTRY
from intake.formdefs.xlsform import layout as L
from intake.formdefs.xlsform.reader import Reading, read_workbook
from intake.formdefs.xlsform.sheets import SheetProblem
from intake.formdefs.xlsform.subset import DANISH

QUOTED = re.compile(r"'([a-z_]+)'")
SETTINGS_FROM_SHEETS = {"slug", "version", "title", "fields", "goal_fields"}


@dataclass
class Uploaded:
    draft: store.Draft | None
    mapping: dict | None
    problems: list[SheetProblem] = field(default_factory=list)
    notices: list[SheetProblem] = field(default_factory=list)


def upload(data: bytes, *, slug: str | None, expected_revision: int | None,
           by: str) -> Uploaded:
    """Raises store.StaleDraft (someone saved the draft after `expected_revision`)."""
    reading = read_workbook(data)
    result = Uploaded(None, reading.mapping, list(reading.problems), list(reading.notices))
    mapping = reading.mapping
    if mapping is None:
        return result
    if L.INTAKE_SETTINGS not in reading.sheets:
        _add_settings(mapping, slug, reading, result)
    if slug is not None:
        if mapping.get("slug") is None:
            mapping["slug"] = slug
        elif mapping["slug"] != slug and L.INTAKE_SETTINGS not in reading.sheets:
            # A KoboToolbox/ODK form_id names their project, not this form: the questions
            # go to the form the workbook was sent to.
            result.notices.append(SheetProblem(
                _("form_id «%(found)s» bruges ikke; spørgsmålene bliver kladde til skemaet "
                  "«%(slug)s»", found=mapping["slug"], slug=slug), L.SETTINGS,
                _row(reading, "setting:slug"), "form_id"))
            mapping["slug"] = slug
        elif mapping["slug"] != slug:
            result.problems.append(SheetProblem(
                _("form_id er «%(found)s», men regnearket er hentet til skemaet «%(slug)s»; "
                  "ret form_id til %(slug)s, eller opret et nyt skema", found=mapping["slug"],
                  slug=slug), L.SETTINGS, _row(reading, "setting:slug"), "form_id"))
    elif mapping.get("slug") is None:
        result.problems.append(SheetProblem(
            _("form_id mangler: skriv formularens adresse, fx sommermoede"), L.SETTINGS, None,
            "form_id"))
    result.problems += [locate(problem, reading) for problem in store.check(mapping)]
    if result.problems:
        return result
    if slug is not None:
        result.draft = store.save_draft(slug, mapping, expected_revision=expected_revision or 0,
                                        by=by)
        return result
    try:
        result.draft = store.create_form(mapping, by=by)
    except store.FormExists:
        result.problems.append(SheetProblem(
            _("der findes allerede et skema med form_id «%(slug)s»; hent dets regneark fra "
              "skemaets side, eller vælg et nyt form_id", slug=mapping["slug"]), L.SETTINGS,
            _row(reading, "setting:slug"), "form_id"))
    except store.BadSlug as error:
        result.problems += [SheetProblem(p.text, L.SETTINGS, _row(reading, "setting:slug"),
                                         "form_id") for p in error.args[0]]
    return result


def _add_settings(mapping: dict, slug: str | None, reading: Reading, result: Uploaded) -> None:
    """A workbook without intake's sheets (made in KoboToolbox or ODK) brings the questions
    and the title; intake's own settings (privacy, mail, capacity …) are kept from the form's
    draft, or, for a new form, taken from the starter "Tom tilmelding"."""
    if slug is not None:
        base = store.get_draft(slug).mapping
        source = _("skemaets kladde")
    else:
        from intake.formdefs import starters

        base = starters.read(starters.STARTERS_DIR / starters.TEMPLATES["blank"][0])
        source = _("skabelonen «Tom tilmelding»")
    kept = []
    for key, value in base.items():
        if key in SETTINGS_FROM_SHEETS or key in mapping:
            continue
        if key in L.LIST_SHEETS and L.LIST_SHEETS[key][0] in reading.sheets:
            continue
        mapping[key] = copy.deepcopy(value)
        kept.append(key)
    if kept:
        result.notices.append(SheetProblem(
            _("regnearket har ikke arket intake_settings; intakes egne indstillinger (%(keys)s) "
              "er hentet fra %(source)s. Se dem efter i editoren, før skemaet offentliggøres.",
              keys=", ".join(kept), source=source)))


def _row(reading: Reading, key: str) -> int | None:
    found = reading.positions.get(key)
    return found[1] if found else None


def locate(problem: Any, reading: Reading) -> SheetProblem:
    """A checker problem (store.Problem: Danish text, the field's key or the form key it is
    about) on the sheet, row and column it came from."""
    where = problem.field
    text = problem.text.removeprefix("formularen: ")
    if where is None:
        return SheetProblem(text)
    if where in ("slug", "title", "version"):
        column = {"slug": "form_id", "title": "form_title", "version": "version"}[where]
        return SheetProblem(text, L.SETTINGS, _row(reading, f"setting:{where}"), column)
    position = reading.positions.get(f"field:{where}")
    if position is not None:
        column = _field_column(text, _field(reading.mapping or {}, where))
        return SheetProblem(text, position[0], position[1], column)
    position = reading.positions.get(f"setting:{where.split('.')[0]}")
    if position is not None:
        column = "setting" if position[0] == L.INTAKE_SETTINGS else None
        return SheetProblem(text, position[0], position[1], column)
    if where in ("fields", "goal_fields"):
        return SheetProblem(text, L.SURVEY)
    if L.INTAKE_SETTINGS not in reading.sheets:
        return SheetProblem(_("I skemaets egne indstillinger (de står ikke i regnearket; ret "
                              "dem i editoren): %(text)s", text=text))
    return SheetProblem(text, L.INTAKE_SETTINGS)


def _field(mapping: dict, where: str) -> dict:
    """The field at `where` ("deltagere.navn", "goal_fields.status") in the mapping."""
    parts = where.split(".")
    fields = mapping.get("goal_fields") if parts[0] == "goal_fields" else mapping.get("fields")
    parts = parts[1:] if parts[0] == "goal_fields" else parts
    found: dict = {}
    for part in parts:
        found = next((f for f in fields or [] if isinstance(f, dict) and f.get("key") == part),
                     {})
        fields = found.get("fields")
    return found


def _field_column(text: str, fdef: dict) -> str | None:
    """The column a field's problem names ('max_length', 'options' …), if any: min, max and
    pattern of a number or text field are in `constraint`."""
    texts = L.text_properties()
    known = {p.name for t in REGISTRY.values() for p in t.properties}
    ftype = REGISTRY.get(str(fdef.get("type")))
    numbers = ftype is not None and ftype.value in ("integer", "number")
    for name in QUOTED.findall(text.split(":", 1)[-1]):
        if name == "key":
            return "name"
        if name == "options":
            return "type"
        if name == "pattern" or (name in ("min", "max") and numbers):
            return "constraint"
        if name in known:
            column = L.STANDARD.get(name, L.PREFIX + name)
            return f"{column}::{DANISH}" if name in texts else column
    return None
