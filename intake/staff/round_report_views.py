"""Answers side by side, the two workbooks, and the status page for the meeting screen."""

from __future__ import annotations

import re

from flask import render_template

from intake.formdefs.display import readable
from intake.goals import service as goals
from intake.rounds import answers, figures, workbooks
from intake.rounds.definition import answered_for
from intake.staff import bp
from intake.staff.audit import record
from intake.staff.downloads import XLSX, send_download
from intake.staff.period_views import period_or_404
from intake.staff.roles import Role, requires_role
from intake.staff.round_views import round_or_404


def _filename(prefix: str, title: str) -> str:
    slug = re.sub(
        r"[^a-z0-9]+", "-", title.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    )
    return f"{prefix}-{slug.strip('-') or 'runde'}.xlsx"


@bp.get("/maal/runder/<int:round_id>/svar")
@requires_role(Role.GOALS)
def round_answers(round_id: int):
    """Each goal with every owner's latest answer in its own column."""
    round_ = round_or_404(round_id)
    definition = answered_for(round_)
    by_goal = answers.latest_by_goal(round_)
    goal_fields = definition.goal_fields if definition else ()
    lines = []
    for goal in goals.goals_of(round_.period):
        columns = []
        for invitation, latest in by_goal.get(goal.id, []):
            block = latest.goal_answers(goal.id) if latest else {}
            columns.append(
                (invitation, latest, readable(definition, block, goal_fields) if definition else [])
            )
        lines.append((goal, columns))
    general = [
        (inv, readable(definition, inv.latest.answers.get("general") or {}))
        for inv in round_.invitations if inv.latest is not None and definition is not None
    ]
    return render_template("staff/goals/answers.html", round=round_, lines=lines, general=general)


WORKBOOKS = {
    "opfoelgning": ("followup", workbooks.followup_workbook),
    "statusrapport": ("status", workbooks.status_workbook),
}


@bp.get("/maal/runder/<int:round_id>/opfoelgning.xlsx")
@requires_role(Role.GOALS)
def followup_workbook(round_id: int):
    return _round_workbook(round_id, "opfoelgning")


@bp.get("/maal/runder/<int:round_id>/statusrapport.xlsx")
@requires_role(Role.GOALS)
def status_workbook(round_id: int):
    return _round_workbook(round_id, "statusrapport")


def _round_workbook(round_id: int, name: str):
    """The follow-up workbook or the status report; each download is audited."""
    round_ = round_or_404(round_id)
    kind, make = WORKBOOKS[name]
    data = make(round_, answered_for(round_))
    record("round.export", f"round:{round_.id}", {"workbook": kind})
    return send_download(data, _filename(name, round_.title), XLSX)


@bp.get("/maal/runder/<int:round_id>/status")
@requires_role(Role.GOALS)
def status_page(round_id: int):
    round_ = round_or_404(round_id)
    result = figures.compute(round_)
    previous = figures.last_year_round(round_)
    return render_template(
        "staff/goals/status.html",
        round=round_,
        result=result,
        statuses=figures.STATUSES,
        status_label=figures.status_label,
        colours=workbooks.STATUS_COLOURS,
        comparison=workbooks.comparison_rows(result, figures.compute(previous))
        if previous
        else None,
        previous=previous,
    )


@bp.get("/maal/perioder/<int:year>/status")
@requires_role(Role.GOALS)
def period_status(year: int):
    """The period's latest started round, or a page saying there is none yet."""
    period = period_or_404(year)
    latest = figures.latest_round(period)
    if latest is None:
        return render_template("staff/goals/no_round.html", period=period)
    return status_page(latest.id)
