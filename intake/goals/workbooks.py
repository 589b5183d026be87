"""The follow-up workbook and the status report workbook.

Both go through intake.exports.xlsx.WorkbookWriter, so they get the same inert, typed cells
as the sign-up exports: formulas, links and numbers-from-text off, a leading ' on any text
that starts like a formula (headers included), real dates and numbers, nothing cut.
The status report adds native Excel charts (xlsxwriter) that point at its own tables.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

from intake.exports.cells import Column
from intake.exports.xlsx import WorkbookWriter
from intake.followup.models import Round
from intake.formdefs.fields import REGISTRY
from intake.formdefs.schema import FieldDef, FormDef
from intake.goals import figures
from intake.goals import service as goals
from intake.goals.models import FocusArea, GoalStatus

STATUS_COLOURS = {
    GoalStatus.IKKE_STARTET: "#9E9E9E", GoalStatus.I_GANG: "#1F6FB2", GoalStatus.DELVIST_NAAET: "#7FB3DC",
    GoalStatus.NAAET: "#2E7D32", GoalStatus.UDSKUDT: "#C77700", GoalStatus.OPGIVET: "#B3261E", None: "#E0E0E0",
}


def cell(fdef: FieldDef, value: Any) -> Any:
    """A stored answer as a typed cell: numbers as numbers, dates as dates, the rest as text."""
    if value in (None, "", []):
        return None
    kind = REGISTRY[fdef.type].excel
    if kind == "number" and isinstance(value, int | float):
        return value
    if kind == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return REGISTRY[fdef.type].display(fdef, value)


def _inputs(fields) -> list[FieldDef]:
    return [f for f in fields if f.has_input]


# -- follow-up workbook: one row per goal and owner -----------------------------


def followup_columns(definition: FormDef | None) -> list[Column]:
    columns = [
        Column("Runde"), Column("Periode", "number"), Column("Fokusområde"), Column("Mål-id", "number"),
        Column("Mål-linje"), Column("Titel"), Column("Beskrivelse"), Column("Indikator"), Column("Målsætning"),
        Column("Deadline", "date"), Column("Målejer"), Column("E-mail"), Column("Organisation"), Column("Sektor"),
        Column("Inviteret", "datetime"), Column("Åbnet", "datetime"), Column("Indsendt", "datetime"),
        Column("Version", "number"),
    ]
    if definition is not None:
        columns += [Column(str(f.label), REGISTRY[f.type].excel if REGISTRY[f.type].excel in ("number", "date") else "text")
                    for f in _inputs(definition.goal_fields)]
        columns += [Column(f"Generelt: {f.label}") for f in _inputs(definition.fields)]
    return columns


def followup_rows(round_: Round, definition: FormDef | None) -> Iterator[tuple]:
    """Pure rows: every (goal, owner) of the round's period, with the owner's latest version."""
    by_owner = {inv.owner_id: inv for inv in round_.invitations}
    goal_fields = _inputs(definition.goal_fields) if definition else []
    general_fields = _inputs(definition.fields) if definition else []
    for goal in goals.goals_of(round_.period):
        for owner in goal.owners:
            invitation = by_owner.get(owner.id)
            latest = invitation.latest if invitation else None
            block = latest.goal_answers(goal.id) if latest else {}
            general = (latest.answers.get("general") or {}) if latest else {}
            yield (
                round_.title, round_.period.year, goal.focus_area.label, goal.id, goal.lineage_id, goal.title,
                goal.description, goal.indicator, goal.target, goal.deadline, owner.name, owner.email,
                owner.organisation, owner.sector.label,
                invitation.invited_at if invitation else None, invitation.opened_at if invitation else None,
                latest.submitted_at if latest else None, latest.version if latest else None,
                *(cell(f, block.get(f.key)) for f in goal_fields),
                *(cell(f, general.get(f.key)) for f in general_fields),
            )


def followup_workbook(round_: Round, definition: FormDef | None) -> bytes:
    buffer = io.BytesIO()
    with WorkbookWriter(buffer) as writer:
        writer.write_sheet("Opfølgning", followup_columns(definition), followup_rows(round_, definition))
        writer.write_sheet("Kladder og sene svar", unsent_columns(definition),
                           unsent_rows(round_, definition))
    return buffer.getvalue()


UNSENT_KINDS = {"draft": "Kladde, ikke sendt", "pending": "Sent svar, afventer",
                "accepted": "Sent svar, taget med"}


def unsent_columns(definition: FormDef | None) -> list[Column]:
    columns = [Column("Målejer"), Column("E-mail"), Column("Slags"),
               Column("Gemt/modtaget", "datetime"), Column("Mål-id", "number"), Column("Titel")]
    if definition is not None:
        for f in _inputs(definition.goal_fields):
            kind = REGISTRY[f.type].excel
            columns.append(Column(str(f.label), kind if kind in ("number", "date") else "text"))
        columns += [Column(f"Generelt: {f.label}") for f in _inputs(definition.fields)]
    return columns


def unsent_rows(round_: Round, definition: FormDef | None) -> Iterator[tuple]:
    """What owners typed but did not send in time (issue 9 §3): every draft and late answer,
    one row per goal of the owner; the first row of each also carries the general part."""
    goal_fields = _inputs(definition.goal_fields) if definition else []
    general_fields = _inputs(definition.fields) if definition else []
    for invitation in round_.invitations:
        stored = [(UNSENT_KINDS[a.state.value], a.received_at, a.answers)
                  for a in invitation.late_answers]
        if invitation.draft_answers is not None:
            stored.append((UNSENT_KINDS["draft"], invitation.draft_saved_at,
                           invitation.draft_answers))
        owner_goals = goals.owner_goals(invitation.owner, round_.period)
        for kind, at, answers in stored:
            general = answers.get("general") or {}
            for number, goal in enumerate(owner_goals or [None]):
                block = ((answers.get("goals") or {}).get(str(goal.id)) or {}) if goal else {}
                yield (
                    invitation.owner.name, invitation.owner.email, kind, at,
                    goal.id if goal else None, goal.title if goal else None,
                    *(cell(f, block.get(f.key)) for f in goal_fields),
                    *(cell(f, general.get(f.key) if number == 0 else None) for f in general_fields),
                )



# -- status report ---------------------------------------------------------------


def overview_rows(result: figures.RoundFigures) -> list[tuple]:
    rows = []
    for area in result.areas:
        rate = round(area.rate * 100, 1) if area.rate is not None else None
        rows.append((area.area.label, len(area.lines), *(area.counts[s] for s in figures.STATUSES),
                     area.owners, area.answered, rate))
    totals = result.totals()
    rate = round(result.rate * 100, 1) if result.rate is not None else None
    rows.append(("I alt", len(result.lines), *(totals[s] for s in figures.STATUSES),
                 result.invited, result.submitted, rate))
    return rows


def overview_columns() -> list[Column]:
    return [Column("Fokusområde", width=22), Column("Mål", "number"),
            *(Column(figures.status_label(s), "number") for s in figures.STATUSES),
            Column("Målejere", "number"), Column("Har svaret", "number"), Column("Svarprocent", "number")]


def goal_rows(result: figures.RoundFigures, definition: FormDef | None) -> Iterator[tuple]:
    texts = [f for f in _inputs(definition.goal_fields) if f.key not in ("status", "fremdrift")] if definition else []
    for line in result.lines:
        block = line.latest_block()
        yield (line.goal.focus_area.label, line.goal.title, ", ".join(o.name for o in line.goal.owners),
               figures.status_label(line.status), line.progress, *(cell(f, block.get(f.key)) for f in texts))


def goal_columns(definition: FormDef | None) -> list[Column]:
    texts = [f for f in _inputs(definition.goal_fields) if f.key not in ("status", "fremdrift")] if definition else []
    return [Column("Fokusområde"), Column("Mål", width=40), Column("Målejere", width=30), Column("Status"),
            Column("Fremdrift (%)", "number"), *(Column(str(f.label), width=40) for f in texts)]


def comparison_rows(this: figures.RoundFigures, last: figures.RoundFigures) -> list[tuple]:
    rows = []
    for now_area, then_area in zip(this.areas, last.areas, strict=True):
        rows.append((
            now_area.area.label, len(now_area.lines), len(then_area.lines),
            now_area.counts[GoalStatus.NAAET], then_area.counts[GoalStatus.NAAET],
            now_area.counts[GoalStatus.DELVIST_NAAET], then_area.counts[GoalStatus.DELVIST_NAAET],
            _pct(now_area.rate), _pct(then_area.rate),
        ))
    return rows


def _pct(rate: float | None) -> float | None:
    return round(rate * 100, 1) if rate is not None else None


def status_workbook(round_: Round, definition: FormDef | None) -> bytes:
    result = figures.compute(round_)
    previous = figures.last_year_round(round_)
    buffer = io.BytesIO()
    with WorkbookWriter(buffer) as writer:
        overview = writer.write_sheet("Overblik", overview_columns(), overview_rows(result))
        _status_chart(writer, overview, round_)
        writer.write_sheet("Mål", goal_columns(definition), goal_rows(result, definition))
        if previous is not None:
            last = figures.compute(previous)
            sheet = writer.write_sheet("Sammenligning", [
                Column("Fokusområde", width=22), Column(f"Mål {round_.period.year}", "number"),
                Column(f"Mål {previous.period.year}", "number"),
                Column(f"Nået {round_.period.year}", "number"), Column(f"Nået {previous.period.year}", "number"),
                Column(f"Delvist nået {round_.period.year}", "number"),
                Column(f"Delvist nået {previous.period.year}", "number"),
                Column(f"Svarprocent {round_.period.year}", "number"),
                Column(f"Svarprocent {previous.period.year}", "number"),
            ], comparison_rows(result, last))
            _comparison_chart(writer, sheet, round_, previous)
    return buffer.getvalue()


def _status_chart(writer: WorkbookWriter, sheet, round_: Round) -> None:
    """Stacked bar: one bar per focus area, one segment per status."""
    chart = writer.book.add_chart({"type": "bar", "subtype": "stacked"})
    areas = len(FocusArea)
    for offset, status in enumerate(figures.STATUSES):
        col = 2 + offset
        chart.add_series({
            "name": [sheet.title, 0, col],
            "categories": [sheet.title, 1, 0, areas, 0],
            "values": [sheet.title, 1, col, areas, col],
            "fill": {"color": STATUS_COLOURS[status]},
        })
    chart.set_title({"name": f"Status pr. fokusområde – {round_.title}"})
    chart.set_x_axis({"name": "Antal mål", "major_unit": 1})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 760, "height": 380})
    sheet.ws.insert_chart(areas + 3, 0, chart)


def _comparison_chart(writer: WorkbookWriter, sheet, round_: Round, previous: Round) -> None:
    """Clustered columns: achieved goals per focus area, this year against last year."""
    chart = writer.book.add_chart({"type": "column"})
    areas = len(FocusArea)
    for col, year, colour in ((3, round_.period.year, "#2E7D32"), (4, previous.period.year, "#9E9E9E")):
        chart.add_series({
            "name": f"Nået {year}", "categories": [sheet.title, 1, 0, areas, 0],
            "values": [sheet.title, 1, col, areas, col], "fill": {"color": colour},
        })
    chart.set_title({"name": f"Nåede mål: {round_.period.year} mod {previous.period.year}"})
    chart.set_y_axis({"name": "Antal mål", "major_unit": 1})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 760, "height": 380})
    sheet.ws.insert_chart(areas + 3, 0, chart)
