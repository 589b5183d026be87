"""The public read model of the policy page (issue 14 §1): only PUBLISHED publications
count, and of a period's rounds the latest published one wins (by the round's deadline).

Free-text answers are never read here: a goal shows its public title and description, its
status and progress as copied when staff published (each only if staff chose to show it),
staff's comment if shown, and owners' names only if staff chose to show names AND the owner
consents in their latest submission of that round (intake.publishing.names, read now).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from intake.extensions import db
from intake.goals.models import FocusArea, Goal, GoalStatus, Period
from intake.reports.charts import Chart, status_chart
from intake.rounds.figures import STATUSES, status_label
from intake.rounds.models import Round

from . import names
from .models import Publication, PublicationState

CHART_ID = "politik-status"


@dataclass(frozen=True)
class PublicGoal:
    """`status`/`progress` are None when not shown (or not answered: `is_status_shown`
    tells which); `comment` None when not shown; `names` the consenting owners' names."""

    title: str
    description: str
    is_status_shown: bool
    status: GoalStatus | None
    progress: int | None
    comment: str | None
    names: list[str]

    @property
    def status_label(self) -> str | None:
        return status_label(self.status) if self.is_status_shown else None


@dataclass(frozen=True)
class PublicArea:
    area: FocusArea
    goals: list[PublicGoal] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.area.label

    @property
    def code(self) -> str:
        return self.area.value


@dataclass(frozen=True)
class PublicView:
    """One period's page: `published_at` (aware, UTC) is the "Sidst opdateret" moment."""

    year: int
    round_title: str
    published_at: datetime
    areas: list[PublicArea]

    @property
    def goal_count(self) -> int:
        return sum(len(a.goals) for a in self.areas)

    def chart(self) -> Chart:
        """Status counts per focus area of the goals whose status is shown (call it in the
        reader's language: the labels are translated when drawn)."""
        from flask_babel import gettext as _

        groups = []
        for area in self.areas:
            counts = {s: 0 for s in STATUSES}
            for goal in area.goals:
                if goal.is_status_shown:
                    counts[goal.status] += 1
            groups.append((area.label, counts))
        return status_chart(groups, title=_("Målenes status pr. fokusområde"), chart_id=CHART_ID)


@dataclass(frozen=True)
class ArchiveEntry:
    year: int
    round_title: str
    published_at: datetime


def _published() -> list[Publication]:
    """Every PUBLISHED publication, the newest period first and, within a period, the
    round with the latest deadline first."""
    return list(db.session.scalars(
        sa.select(Publication)
        .join(Round, Round.id == Publication.round_id)
        .join(Period, Period.id == Round.period_id)
        .where(Publication.state == PublicationState.PUBLISHED)
        .order_by(Period.year.desc(), Round.deadline_at.desc(), Publication.id.desc())
    ))


def _winners() -> dict[int, Publication]:
    winners: dict[int, Publication] = {}
    for publication in _published():
        winners.setdefault(publication.round.period.year, publication)
    return winners


def archive() -> list[ArchiveEntry]:
    """One entry per year with something published, newest first."""
    return [
        ArchiveEntry(year, p.round.title, p.published_at) for year, p in _winners().items()
    ]


def public_view(period_or_year: Period | int | None = None) -> PublicView | None:
    """The page of a period (a Period or its year); None: the newest year with something
    published. Returns None when nothing of that year is published."""
    winners = _winners()
    if period_or_year is None:
        year = next(iter(winners), None)
    else:
        year = period_or_year.year if isinstance(period_or_year, Period) else period_or_year
    publication = winners.get(year) if year is not None else None
    return _view(publication) if publication is not None else None


def _view(publication: Publication) -> PublicView:
    round_ = publication.round
    keys = names.name_keys(round_)
    by_area: dict[FocusArea, list[PublicGoal]] = {area: [] for area in FocusArea}
    rows = sorted(publication.goals, key=lambda r: r.goal_id)
    for row in rows:
        goal: Goal = row.goal
        shown_names = (
            [o.name for o in names.consenting(round_, goal, keys)] if row.is_names_shown else []
        )
        by_area[goal.focus_area].append(PublicGoal(
            title=row.public_title,
            description=row.public_description,
            is_status_shown=row.is_status_shown,
            status=row.status if row.is_status_shown else None,
            progress=row.progress if row.is_progress_shown else None,
            comment=row.comment.strip() or None if row.is_comment_shown else None,
            names=shown_names,
        ))
    return PublicView(
        year=round_.period.year,
        round_title=round_.title,
        published_at=publication.published_at,
        areas=[PublicArea(area, goals) for area, goals in by_area.items()],
    )
