"""The follow-up workbook and the status report workbook.

Both go through intake.exports.xlsx.WorkbookWriter, so they get the same inert, typed cells
as the sign-up exports (formulas, links and numbers-from-text off, the quote-prefix style on
any text that starts like a formula, real dates and numbers, nothing cut) and the same page
setup for printing. Staff read them as they are: names, titles, years and Danish labels,
never a row id, a lineage hex id or an enum value. Response rates and progress are ratios
with a percentage format (0.667 shows 66.7 %).
The status report adds native Excel charts (xlsxwriter) that point at its own tables; a
sheet with a chart prints on one page, so the chart is never cut.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import sqlalchemy as sa

from intake.exports.cells import Column
from intake.exports.xlsx import SheetWriter, WorkbookWriter
from intake.extensions import db
from intake.formdefs.schema import FieldDef, FormDef
from intake.formdefs.types import REGISTRY
from intake.goals import service as goals
from intake.goals.models import FocusArea, Goal, GoalStatus, Period
from intake.rounds import figures
from intake.rounds.models import Round

CHART_WIDTH, CHART_HEIGHT = 760, 380  # pixels
STATUS_COLOURS = {
    GoalStatus.IKKE_STARTET: "#9E9E9E",
    GoalStatus.I_GANG: "#1F6FB2",
    GoalStatus.DELVIST_NAAET: "#7FB3DC",
    GoalStatus.NAAET: "#2E7D32",
    GoalStatus.UDSKUDT: "#C77700",
    GoalStatus.OPGIVET: "#B3261E",
    None: "#E0E0E0",
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


def answer_columns(fields, prefix: str = "") -> list[Column]:
    """The columns of these fields' answers. A field whose type gives several columns (a
    file: names and staff links; a consent: "Ja" and when it was given) gets the type's own
    (FieldType.export_columns, as in the sign-up export); any other one column under its
    label, typed as number or date where the type says so."""
    columns = []
    for f in _inputs(fields):
        own = REGISTRY[f.type].export_columns(f, False)
        if len(own) > 1:
            columns += [Column(prefix + c.header, c.kind, c.width) for c in own]
        else:
            kind = REGISTRY[f.type].excel
            columns.append(Column(prefix + str(f.label),
                                  kind if kind in ("number", "date") else "text"))
    return columns


def answer_cells(fields):
    """cells(answers) -> the cells of `answer_columns(fields)` for one stored block."""
    makers = []
    for f in _inputs(fields):
        maker = REGISTRY[f.type].export_maker(f, False)
        if maker is not None and len(REGISTRY[f.type].export_columns(f, False)) > 1:
            makers.append(maker)
        else:
            makers.append(lambda answers, f=f: [cell(f, answers.get(f.key))])
    return lambda answers: [c for make in makers for c in make(answers or {})]


# -- follow-up workbook: one row per goal and owner -----------------------------


def followup_columns(definition: FormDef | None) -> list[Column]:
    columns = [
        Column("Runde"),
        Column("Periode", "number"),
        Column("Fokusområde"),
        Column("Mål siden", "number"),
        Column("Titel"),
        Column("Beskrivelse"),
        Column("Indikator"),
        Column("Målsætning"),
        Column("Deadline", "date"),
        Column("Målejer"),
        Column("E-mail"),
        Column("Organisation"),
        Column("Sektor"),
        Column("Inviteret", "datetime"),
        Column("Åbnet", "datetime"),
        Column("Indsendt", "datetime"),
        Column("Version", "number"),
    ]
    if definition is not None:
        columns += answer_columns(definition.goal_fields)
        columns += answer_columns(definition.fields, "Generelt: ")
    return columns


def followup_rows(round_: Round, definition: FormDef | None) -> Iterator[tuple]:
    """Pure rows: every (goal, owner) of the round's period, with the owner's latest version."""
    by_owner = {inv.owner_id: inv for inv in round_.invitations}
    goal_cells = answer_cells(definition.goal_fields if definition else ())
    general_cells = answer_cells(definition.fields if definition else ())
    period_goals = goals.goals_of(round_.period)
    since = first_years(period_goals)
    for goal in period_goals:
        for owner in goal.owners:
            invitation = by_owner.get(owner.id)
            latest = invitation.latest if invitation else None
            block = latest.goal_answers(goal.id) if latest else {}
            general = (latest.answers.get("general") or {}) if latest else {}
            yield (
                round_.title,
                round_.period.year,
                goal.focus_area.label,
                since.get(goal.lineage_id),
                goal.title,
                goal.description,
                goal.indicator,
                goal.target,
                goal.deadline,
                owner.name,
                owner.email,
                owner.organisation,
                owner.sector.label,
                invitation.invited_at if invitation else None,
                invitation.opened_at if invitation else None,
                latest.submitted_at if latest else None,
                latest.version if latest else None,
                *goal_cells(block),
                *general_cells(general),
            )


def first_years(period_goals: list[Goal]) -> dict[str, int]:
    """lineage_id → the year the goal was first set (goals carried forward share a lineage),
    so staff can follow a goal across years by a year instead of a 32-character hex id."""
    lineages = {g.lineage_id for g in period_goals}
    if not lineages:
        return {}
    return dict(db.session.execute(
        sa.select(Goal.lineage_id, sa.func.min(Period.year))
        .join(Period, Goal.period_id == Period.id)
        .where(Goal.lineage_id.in_(lineages)).group_by(Goal.lineage_id)
    ).all())


def followup_workbook(round_: Round, definition: FormDef | None) -> bytes:
    buffer = io.BytesIO()
    with WorkbookWriter(buffer, title=f"Opfølgning: {round_.title}") as writer:
        writer.write_sheet(
            "Opfølgning", followup_columns(definition), followup_rows(round_, definition)
        )
        writer.write_sheet("Kladder og sene svar", unsent_columns(definition),
                           unsent_rows(round_, definition))
    return buffer.getvalue()


UNSENT_KINDS = {"draft": "Kladde, ikke sendt", "pending": "Sent svar, afventer",
                "accepted": "Sent svar, taget med"}


def unsent_columns(definition: FormDef | None) -> list[Column]:
    columns = [Column("Målejer"), Column("E-mail"), Column("Slags"),
               Column("Gemt/modtaget", "datetime"), Column("Fokusområde"), Column("Titel")]
    if definition is not None:
        columns += answer_columns(definition.goal_fields)
        columns += answer_columns(definition.fields, "Generelt: ")
    return columns


def unsent_rows(round_: Round, definition: FormDef | None) -> Iterator[tuple]:
    """What owners typed but did not send in time (issue 9 §3): every draft and late answer,
    one row per goal of the owner; the first row of each also carries the general part."""
    goal_cells = answer_cells(definition.goal_fields if definition else ())
    general_cells = answer_cells(definition.fields if definition else ())
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
                    goal.focus_area.label if goal else None, goal.title if goal else None,
                    *goal_cells(block),
                    *general_cells(general if number == 0 else {}),
                )


# -- status report ---------------------------------------------------------------


def overview_rows(result: figures.RoundFigures) -> list[tuple]:
    """Per focus area and in all; the response rate is a ratio (0.667), shown as 66.7 %."""
    rows = []
    for area in result.areas:
        rows.append((area.area.label, len(area.lines), *(area.counts[s] for s in figures.STATUSES),
                     area.owners, area.answered, area.rate))
    totals = result.totals()
    rows.append(("I alt", len(result.lines), *(totals[s] for s in figures.STATUSES),
                 result.invited, result.submitted, result.rate))
    return rows


def overview_columns() -> list[Column]:
    return [Column("Fokusområde", width=22), Column("Mål", "number"),
            *(Column(figures.status_label(s), "number") for s in figures.STATUSES),
            Column("Målejere", "number"), Column("Har svaret", "number"),
            Column("Svarprocent", "percent")]


def goal_rows(result: figures.RoundFigures, definition: FormDef | None) -> Iterator[tuple]:
    texts = (
        [f for f in _inputs(definition.goal_fields) if f.key not in ("status", "fremdrift")]
        if definition
        else []
    )
    for line in result.lines:
        block = line.latest_block()
        yield (line.goal.focus_area.label, line.goal.title,
               ", ".join(o.name for o in line.goal.owners), figures.status_label(line.status),
               _ratio(line.progress), *(cell(f, block.get(f.key)) for f in texts))


def goal_columns(definition: FormDef | None) -> list[Column]:
    texts = (
        [f for f in _inputs(definition.goal_fields) if f.key not in ("status", "fremdrift")]
        if definition
        else []
    )
    return [
        Column("Fokusområde"),
        Column("Mål", width=40),
        Column("Målejere", width=30),
        Column("Status"),
        Column("Fremdrift", "percent"),
        *(Column(str(f.label), width=40) for f in texts),
    ]


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
    """For the status page, which shows percentages as numbers."""
    return round(rate * 100, 1) if rate is not None else None


def _ratio(percent: int | float | None) -> float | None:
    """An owner's progress (0–100, as answered) as a ratio for a percentage cell."""
    return percent / 100 if isinstance(percent, int | float) else None


def comparison_sheet_rows(this: figures.RoundFigures, last: figures.RoundFigures) -> list[tuple]:
    """comparison_rows with the response rates as ratios, for percentage cells."""
    return [(*row[:7], now.rate, then.rate)
            for row, now, then in zip(comparison_rows(this, last), this.areas, last.areas,
                                      strict=True)]


def status_workbook(round_: Round, definition: FormDef | None) -> bytes:
    result = figures.compute(round_)
    previous = figures.last_year_round(round_)
    buffer = io.BytesIO()
    with WorkbookWriter(buffer, title=f"Statusrapport: {round_.title}") as writer:
        overview = writer.write_sheet("Overblik", overview_columns(), overview_rows(result))
        _status_chart(writer, overview, round_)
        writer.write_sheet("Mål", goal_columns(definition), goal_rows(result, definition))
        if previous is not None:
            last = figures.compute(previous)
            sheet = writer.write_sheet(
                "Sammenligning",
                [
                    Column("Fokusområde", width=22),
                    Column(f"Mål {round_.period.year}", "number"),
                    Column(f"Mål {previous.period.year}", "number"),
                    Column(f"Nået {round_.period.year}", "number"),
                    Column(f"Nået {previous.period.year}", "number"),
                    Column(f"Delvist nået {round_.period.year}", "number"),
                    Column(f"Delvist nået {previous.period.year}", "number"),
                    Column(f"Svarprocent {round_.period.year}", "percent"),
                    Column(f"Svarprocent {previous.period.year}", "percent"),
                ],
                comparison_sheet_rows(result, last),
            )
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
    _place_chart(sheet, chart, areas + 3)


def _place_chart(sheet: SheetWriter, chart, first_row: int) -> None:
    """Below the table, and the sheet (table and chart) printed on one page, so the chart is
    never cut: the print area covers the chart's rows, and the page is fit to it."""
    chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
    sheet.ws.insert_chart(first_row, 0, chart)
    last_row = first_row + CHART_HEIGHT // 20 + 1  # default rows are 20 px high
    sheet.ws.print_area(0, 0, last_row, max(len(sheet.columns) - 1, 0))
    sheet.ws.fit_to_pages(1, 1)


def _comparison_chart(writer: WorkbookWriter, sheet, round_: Round, previous: Round) -> None:
    """Clustered columns: achieved goals per focus area, this year against last year."""
    chart = writer.book.add_chart({"type": "column"})
    areas = len(FocusArea)
    for col, year, colour in (
        (3, round_.period.year, "#2E7D32"),
        (4, previous.period.year, "#9E9E9E"),
    ):
        chart.add_series({
            "name": f"Nået {year}", "categories": [sheet.title, 1, 0, areas, 0],
            "values": [sheet.title, 1, col, areas, col], "fill": {"color": colour},
        })
    chart.set_title({"name": f"Nåede mål: {round_.period.year} mod {previous.period.year}"})
    chart.set_y_axis({"name": "Antal mål", "major_unit": 1})
    chart.set_legend({"position": "bottom"})
    _place_chart(sheet, chart, areas + 3)
