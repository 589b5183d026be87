"""The figures of a round, computed once and shown three ways: the round page, the status
page for the meeting screen, and the status report workbook.

A goal's status in a round is the most recently submitted owner answer for it; a goal no
owner has answered counts as "ikke besvaret". Response rates count owners per focus area
(an owner with goals in two areas counts in both) and owners overall.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from intake.extensions import db
from intake.goals import service as goals
from intake.goals.models import FocusArea, Goal, GoalStatus, Period
from intake.rounds import answers
from intake.rounds.models import Invitation, Round, RoundState, Submission

STATUSES: list[GoalStatus | None] = [*GoalStatus, None]


def status_label(status: GoalStatus | None) -> str:
    from flask_babel import gettext as _

    return status.label if status else _("Ikke besvaret")


@dataclass
class GoalLine:
    goal: Goal
    status: GoalStatus | None
    progress: int | None
    entries: list[tuple[Invitation, Submission | None]]

    def latest_block(self) -> dict:
        """The answers of the owner whose status counts (the latest submitted)."""
        latest = answers.latest_for_goal(self.goal.id, self.entries)
        return latest.goal_answers(self.goal.id) if latest else {}


@dataclass
class AreaFigures:
    area: FocusArea
    lines: list[GoalLine] = field(default_factory=list)
    counts: dict[GoalStatus | None, int] = field(default_factory=dict)
    owners: int = 0
    answered: int = 0

    @property
    def rate(self) -> float | None:
        return self.answered / self.owners if self.owners else None


@dataclass
class RoundFigures:
    round: Round
    areas: list[AreaFigures]
    invited: int
    submitted: int

    @property
    def rate(self) -> float | None:
        return self.submitted / self.invited if self.invited else None

    @property
    def lines(self) -> list[GoalLine]:
        return [line for area in self.areas for line in area.lines]

    def totals(self) -> dict[GoalStatus | None, int]:
        return {s: sum(a.counts.get(s, 0) for a in self.areas) for s in STATUSES}


def compute(round_: Round) -> RoundFigures:
    by_goal = answers.latest_by_goal(round_)
    invitations = [i for i in round_.invitations if i.invited_at is not None]
    areas = []
    for area in FocusArea:
        figures = AreaFigures(area, counts={s: 0 for s in STATUSES})
        owners: dict[int, bool] = {}
        for goal in goals.goals_of(round_.period, area):
            entries = by_goal.get(goal.id, [])
            status = answers.round_status(goal, entries)
            line = GoalLine(goal, status, None, entries)
            line.progress = answers.progress_of(line.latest_block())
            figures.lines.append(line)
            figures.counts[status] += 1
            for invitation, _latest in entries:
                if invitation.invited_at is not None:
                    owners[invitation.owner_id] = (
                        owners.get(invitation.owner_id, False) or invitation.is_submitted
                    )
        figures.owners = len(owners)
        figures.answered = sum(owners.values())
        areas.append(figures)
    return RoundFigures(
        round_, areas, len(invitations), sum(1 for i in invitations if i.is_submitted)
    )


def last_year_round(round_: Round) -> Round | None:
    """The comparison round: the previous year's latest started round."""
    previous = goals.period_for_year(round_.period.year - 1)
    if previous is None:
        return None
    return db.session.scalar(
        sa.select(Round).where(Round.period_id == previous.id, Round.state == RoundState.STARTED)
        .order_by(Round.deadline_at.desc()).limit(1)
    )


def latest_round(period: Period) -> Round | None:
    return db.session.scalar(
        sa.select(Round).where(Round.period_id == period.id, Round.state == RoundState.STARTED)
        .order_by(Round.deadline_at.desc()).limit(1)
    )
