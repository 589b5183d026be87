"""The yearly report to the political committee, "Status på erhvervspolitikken <år>", as
plain data from a round: the PDF (pdf.py) and the DOCX (docx.py) lay out the same content.

The report is in Danish whatever language the staff member reads intake in: it goes on the
committee's agenda. Round data comes from intake.rounds.figures (a goal's status is its most
recently submitted owner answer) and the goal rows of intake.goals.

Comparison with last year: the goal's row in the previous period (`carried_from`, same
`lineage_id`) and the status it ended that year with; a goal set this year is "ny i år".

Public comment: the comment staff published for the goal with the round (intake.publishing:
PUBLISHED and "vis kommentar" ticked), the same text the public page /erhvervspolitik shows.
The owners' raw `offentlig_kommentar` answers are never used directly: staff decide what is
public (issue 14 §1), so a round not published, or a goal whose comment is not shown, has no
comment in the report, and the report says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from intake.branding import current_brand
from intake.clock import local_date, now
from intake.goals.models import Goal
from intake.publishing import service as publishing
from intake.reports.charts import Chart, round_chart
from intake.rounds import figures
from intake.rounds.models import Round

PUBLIC_COMMENT_KEY = publishing.COMMENT_KEY  # the owners' suggestion (contract C4)
REPORT_LANGUAGE = "da"


@dataclass(frozen=True)
class GoalReport:
    """One goal: `progress` in per cent (0–100) or None; `last_year` the status label the
    goal's previous-period row ended with, or "ny i år"; `comment` the public comment."""

    title: str
    description: str
    status: str
    progress: int | None
    last_year: str
    is_new: bool
    comment: str | None

    @property
    def progress_text(self) -> str:
        return percent_text(self.progress / 100 if self.progress is not None else None)


@dataclass(frozen=True)
class AreaReport:
    name: str
    owners: int
    answered: int
    rate: float | None
    goals: list[GoalReport]

    @property
    def rate_text(self) -> str:
        return percent_text(self.rate)


@dataclass(frozen=True)
class CommitteeReport:
    """Everything the documents show, as Danish text and numbers. `rate` is a ratio (0–1) or
    None when nobody was invited; `chart` carries the status counts per area as SVG, text
    alternative and table rows."""

    title: str
    year: int
    round_title: str
    brand_name: str
    authority: str
    made_on: date
    made_on_text: str
    invited: int
    submitted: int
    rate: float | None
    areas: list[AreaReport]
    chart: Chart
    comment_source: str

    @property
    def rate_text(self) -> str:
        return percent_text(self.rate)

    def filename(self, extension: str) -> str:
        """'Status på erhvervspolitikken 2027.pdf' for extension 'pdf'."""
        return f"{self.title}.{extension}"


def percent_text(ratio: float | None) -> str:
    """0.667 → '67 %' (Danish: a space before the sign); None → '–'."""
    return "–" if ratio is None else f"{round(ratio * 100)} %"


def committee_report(round_: Round, today: date | None = None) -> CommitteeReport:
    """The report of `round_` made on `today` (default: today in Copenhagen)."""
    with force_locale(REPORT_LANGUAGE):
        return _report(round_, today or local_date(now()))


def _report(round_: Round, today: date) -> CommitteeReport:
    result = figures.compute(round_)
    comments = _published_comments(round_)
    areas = [
        AreaReport(
            area.area.label, area.owners, area.answered, area.rate,
            [_goal(line, comments) for line in area.lines],
        )
        for area in result.areas
    ]
    brand = current_brand()
    year = round_.period.year
    return CommitteeReport(
        title=_("Status på erhvervspolitikken %(year)s", year=year),
        year=year,
        round_title=round_.title,
        brand_name=brand.name,
        authority=brand.authority,
        made_on=today,
        made_on_text=format_date(today, "long"),
        invited=result.invited,
        submitted=result.submitted,
        rate=result.rate,
        areas=areas,
        chart=round_chart(result),
        comment_source=_comment_source(comments),
    )


def _goal(line: figures.GoalLine, comments: dict[int, str] | None) -> GoalReport:
    goal: Goal = line.goal
    previous = goal.carried_from
    comment = (comments or {}).get(goal.id)
    return GoalReport(
        title=goal.title,
        description=goal.description or "",
        status=figures.status_label(line.status),
        progress=line.progress,
        last_year=figures.status_label(previous.status) if previous else _("ny i år"),
        is_new=previous is None,
        comment=comment.strip() if isinstance(comment, str) and comment.strip() else None,
    )


def _published_comments(round_: Round) -> dict[int, str] | None:
    """{goal id: the published, shown comment}; None when the round is not published."""
    publication = publishing.publication_of(round_)
    if publication is None or not publication.is_published:
        return None
    return {
        row.goal_id: row.comment.strip()
        for row in publication.goals if row.is_comment_shown and row.comment.strip()
    }


def _comment_source(comments: dict[int, str] | None) -> str:
    if comments is None:
        return _(
            "Runden er ikke offentliggjort på kommunens side om erhvervspolitikken. Rapporten "
            "viser derfor ingen kommentarer: fritekstsvar og målejernes forslag til en "
            "offentlig kommentar offentliggøres aldrig uden videre."
        )
    return _(
        "Kommentaren til hvert mål er den kommentar, %(name)s har offentliggjort med runden "
        "på kommunens side om erhvervspolitikken. Mål uden offentliggjort kommentar står "
        "uden.", name=current_brand().name,
    )
