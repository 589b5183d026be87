"""Goals and owners from an .xlsx file: every error reported by row, nothing imported
unless the whole file is clean.

One row per goal owner. Rows with the same "Mål-nr." are one goal with several owners; the
goal's own columns may then be left empty on the later rows (if filled, they must agree).
The file is read by intake.uploads.workbook, exactly as Excel shows it or refused; goals the
period already has (same focus area and title) are reported so staff choose (`already_there`).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from intake import matching
from intake.exports.cells import Column
from intake.exports.xlsx import WorkbookWriter
from intake.goals import service as goals
from intake.goals.models import FOCUS_LABELS, SECTOR_LABELS, FocusArea, Goal, Period, Sector
from intake.outbox.addresses import NEEDS_SMTPUTF8, UndeliverableAddress, deliverable
from intake.uploads import workbook

MAX_ROWS = 2000
LIMITS_OF_UPLOAD = workbook.Limits(max_rows=MAX_ROWS + 1)  # + the header
COLUMNS = [
    ("number", "Mål-nr."), ("focus_area", "Fokusområde"), ("title", "Titel"),
    ("description", "Beskrivelse"), ("indicator", "Indikator"), ("target", "Målsætning"),
    ("deadline", "Deadline"), ("name", "Målejer navn"), ("email", "Målejer e-mail"),
    ("organisation", "Organisation"), ("sector", "Sektor"),
]
GOAL_KEYS = ("focus_area", "title", "description", "indicator", "target", "deadline")
OWNER_KEYS = ("name", "email", "organisation", "sector")
LIMITS = {"title": 300, "description": 5000, "indicator": 2000, "target": 2000, "name": 200,
          "organisation": 200, "number": 40}


@dataclass
class OwnerRow:
    row: int
    name: str
    email: str
    organisation: str
    sector: Sector


@dataclass
class GoalRow:
    number: str
    row: int
    data: goals.GoalData
    owners: list[OwnerRow] = field(default_factory=list)


@dataclass
class Parsed:
    goals: list[GoalRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    digest: str = ""  # of the rows' values, as intake.uploads.workbook reads them


def _lookup(labels: dict) -> dict[str, Any]:
    table = {}
    for member, label in labels.items():
        table[member.value] = member
        table[str(label).lower()] = member
    return table


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return matching.nfc(str(value).strip())  # Excel on a Mac may store "å" decomposed


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in (r"(\d{4})-(\d{1,2})-(\d{1,2})", r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})"):
        match = re.fullmatch(pattern, text)
        if match:
            parts = [int(p) for p in match.groups()]
            year, month, day = parts if parts[0] > 31 else parts[::-1]
            return date(year, month, day)
    raise ValueError(text)


def read(stream: IO[bytes]) -> Parsed:
    """Every goal of an uploaded file, or every problem (Danish, by row). The file is read by
    intake.uploads.workbook: exactly as Excel shows it, or refused with one reason."""
    result = Parsed()
    try:
        sheet = workbook.read_upload(stream, LIMITS_OF_UPLOAD)
    except workbook.Refused as refused:
        result.problems.append(refused.message)
        return result
    result.digest = sheet.digest
    if not sheet.rows:
        result.problems.append("Filen har ingen mål. Udfyld skabelonen fra række 2.")
        return result
    header_row, header_values = sheet.rows[0]
    header = [_text(v).lower() for v in header_values]
    positions = {}
    for key, title in COLUMNS:
        if title.lower() in header:
            positions[key] = header.index(title.lower())
        else:
            result.problems.append(
                f"Række {header_row}: kolonnen «{title}» mangler. Brug skabelonen.")
    if not result.problems:
        _rows(sheet.rows[1:], positions, result)
    return result


def _rows(rows, positions: dict[str, int], result: Parsed) -> None:
    focus_table, sector_table = _lookup(FOCUS_LABELS), _lookup(SECTOR_LABELS)
    by_number: dict[str, GoalRow] = {}
    by_title: dict[tuple, GoalRow] = {}
    owner_names: dict[str, tuple[str, int]] = {}
    for number, values in rows:
        cells = {
            key: (values[pos] if pos < len(values) else None) for key, pos in positions.items()
        }
        if all(_text(v) == "" for v in cells.values()):
            continue
        problems: list[str] = []
        texts = {key: _text(cells[key]) for key in cells if key != "deadline"}
        for key, limit in LIMITS.items():
            if len(texts.get(key, "")) > limit:
                problems.append(f"«{dict(COLUMNS)[key]}» er for lang (højst {limit} tegn)")
        goal_number = texts["number"]
        if not goal_number:
            problems.append("«Mål-nr.» mangler")
        existing = by_number.get(goal_number)
        goal_data = None
        if existing is None:
            goal_data = _goal_data(cells, texts, focus_table, problems)
            twin = by_title.get(goal_key(goal_data)) if goal_data else None
            if twin is not None:
                problems.append(f"mål-nr. {twin.number} i række {twin.row} har samme titel og "
                                "fokusområde; brug samme mål-nr. for flere målejere")
        else:
            _check_same(existing, cells, texts, focus_table, problems)
        owner = _owner(number, texts, sector_table, problems)
        if owner is not None:
            seen = owner_names.get(owner.email)
            if seen and seen[0] != owner.name:
                problems.append(f"e-mailen {owner.email} står med et andet navn i række {seen[1]}")
            owner_names.setdefault(owner.email, (owner.name, number))
            target = existing or None
            if target and any(o.email == owner.email for o in target.owners):
                problems.append(f"{owner.email} står to gange som ejer af mål-nr. {goal_number}")
        for problem in problems:
            result.problems.append(f"Række {number}: {problem}.")
        if problems:
            continue
        if existing is None and goal_data is not None:
            existing = by_number[goal_number] = GoalRow(goal_number, number, goal_data)
            by_title[goal_key(goal_data)] = existing
            result.goals.append(existing)
        if owner is not None and existing is not None:
            existing.owners.append(owner)
    if not result.goals and not result.problems:
        result.problems.append("Filen har ingen mål. Udfyld skabelonen fra række 2.")


def goal_key(data: goals.GoalData) -> tuple[str, str]:
    """What makes two goals the same goal in one period: focus area and title, compared
    without case and runs of spaces."""
    return data.focus_area.value, " ".join(data.title.split()).casefold()


def already_there(period: Period, parsed: list[GoalRow]) -> list[GoalRow]:
    """The file's goals that the period already has (same focus area and title)."""
    existing = {goal_key(g) for g in goals.goals_of(period)}
    return [item for item in parsed if goal_key(item.data) in existing]


def _goal_data(cells, texts, focus_table, problems) -> goals.GoalData | None:
    focus = focus_table.get(texts["focus_area"].lower())
    if focus is None:
        problems.append(
            f"«Fokusområde» skal være {', '.join(f.value for f in FocusArea)} (eller navnet), ikke "
            f"«{texts['focus_area']}»" if texts["focus_area"] else "«Fokusområde» mangler"
        )
    if not texts["title"]:
        problems.append("«Titel» mangler")
    deadline = None
    if _text(cells["deadline"]):
        try:
            deadline = _date(cells["deadline"])
        except ValueError:
            problems.append(
                f"«Deadline» skal være en dato som 31-12-2027, ikke «{_text(cells['deadline'])}»"
            )
    if focus is None or not texts["title"]:
        return None
    return goals.GoalData(focus_area=focus, title=texts["title"], description=texts["description"],
                          indicator=texts["indicator"], target=texts["target"], deadline=deadline)


def _check_same(existing: GoalRow, cells, texts, focus_table, problems) -> None:
    data = existing.data
    if texts["focus_area"] and focus_table.get(texts["focus_area"].lower()) != data.focus_area:
        problems.append(
            f"mål-nr. {existing.number} har et andet fokusområde i række {existing.row}"
        )
    for key in ("title", "description", "indicator", "target"):
        if texts[key] and texts[key] != getattr(data, key):
            problems.append(
                f"mål-nr. {existing.number} har en anden «{dict(COLUMNS)[key]}» "
                f"i række {existing.row}"
            )
    if _text(cells["deadline"]):
        try:
            same = _date(cells["deadline"]) == data.deadline
        except ValueError:
            same = False
        if not same:
            problems.append(
                f"mål-nr. {existing.number} har en anden «Deadline» i række {existing.row}"
            )


def _owner(row: int, texts, sector_table, problems) -> OwnerRow | None:
    if not any(texts[key] for key in OWNER_KEYS):
        return None
    ok = True
    if not texts["name"]:
        problems.append("«Målejer navn» mangler")
        ok = False
    email = ""
    try:
        email = deliverable(texts["email"]).lower()  # the check every address passes
    except UndeliverableAddress as error:
        why = " (æ, ø, å eller andre specialtegn før @ kan intake ikke sende til)" \
            if error.message is NEEDS_SMTPUTF8 else ""
        problems.append(f"«Målejer e-mail» er ikke en gyldig e-mailadresse: «{texts['email']}»{why}"
                        if texts["email"] else "«Målejer e-mail» mangler")
        ok = False
    sector = sector_table.get(texts["sector"].lower())
    if sector is None:
        problems.append(f"«Sektor» skal være kommune, erhverv eller andre, ikke «{texts['sector']}»"
                        if texts["sector"] else "«Sektor» mangler")
        ok = False
    if not ok:
        return None
    return OwnerRow(row, texts["name"], email, texts["organisation"], sector)


def apply(period: Period, parsed: list[GoalRow]) -> list[Goal]:
    """Create the goals and owners (flushes). Only called with a clean file."""
    created = []
    for item in parsed:
        owners = [
            goals.upsert_owner(o.name, o.email, o.organisation, o.sector) for o in item.owners
        ]
        created.append(goals.create_goal(period, item.data, owners))
    return created


def template_bytes() -> bytes:
    """The downloadable template: the columns, two example rows and a guide sheet."""
    buffer = io.BytesIO()
    with WorkbookWriter(buffer, title="Skabelon til import af mål") as writer:
        columns = [Column(title, "date" if key == "deadline" else "text") for key, title in COLUMNS]
        sheet = writer.write_sheet("Mål", columns, [])
        sheet.ws.data_validation(
            1, 1, MAX_ROWS, 1, {"validate": "list", "source": [f.value for f in FocusArea]}
        )
        sheet.ws.data_validation(
            1, 10, MAX_ROWS, 10, {"validate": "list", "source": [s.value for s in Sector]}
        )
        writer.write_sheet(
            "Vejledning",
            [Column("Kolonne", width=18), Column("Sådan udfyldes den", width=90)],
            [
                (
                    "Mål-nr.",
                    "Et nummer pr. mål. Flere rækker med samme nummer er samme mål "
                    "med flere målejere.",
                ),
                (
                    "Fokusområde",
                    "arbejdsliv, erhvervsliv, baeredygtige eller rammer "
                    "(eller navnet, fx Det gode arbejdsliv).",
                ),
                ("Titel", "Skal udfyldes på målets første række. Højst 300 tegn."),
                (
                    "Beskrivelse, Indikator, Målsætning",
                    "Frivillige. Indikator: hvordan succes måles.",
                ),
                ("Deadline", "En dato, fx 31-12-2027. Frivillig."),
                (
                    "Målejer navn, e-mail, Organisation, Sektor",
                    "Én målejer pr. række. Sektor: kommune, erhverv eller andre. "
                    "Kendes e-mailen, opdateres personen.",
                ),
                (
                    "Fejl",
                    "Er der fejl, vises de alle med rækkenummer, og intet importeres, "
                    "før filen er fejlfri.",
                ),
                (
                    "Eksempel",
                    "Mål-nr. 1 | arbejdsliv | Flere lærepladser | … | 31-12-2027 | Anne Andersen | "
                    "anne@example.dk | Jobcenter | kommune",
                ),
                (
                    "Eksempel, række 2",
                    "Mål-nr. 1 | (tomt) | (tomt) | … | Bo Berg | bo@example.dk | Berg Byg | "
                    "erhverv – samme mål, en målejer mere",
                ),
            ],
        )
    return buffer.getvalue()
