"""Drafts, submitted versions, and last round's answers as a hint.

Answers are stored as {"goals": {"<goal id>": {...block answers...}}, "general": {...}}.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from intake.clock import now
from intake.extensions import db
from intake.goals import service as goals
from intake.goals.models import Goal, GoalStatus
from intake.rounds.models import (
    Invitation,
    LateAnswer,
    LateAnswerState,
    Round,
    RoundState,
    Submission,
)

STATUS_KEY = "status"
PROGRESS_KEY = "fremdrift"


def current(invitation: Invitation) -> dict:
    """What the page shows: a newer draft, else the latest submitted version, else nothing."""
    latest = invitation.latest
    if invitation.draft_answers is not None and (
        latest is None or invitation.draft_saved_at >= latest.submitted_at
    ):
        return invitation.draft_answers
    return latest.answers if latest else {}


def lock(invitation: Invitation) -> None:
    """Take the invitation's row lock and re-read it, before a draft or a new version is
    written, so two quick clicks (or two tabs) make two versions instead of a clash."""
    db.session.refresh(invitation, with_for_update=True)


def save_draft(invitation: Invitation, answers: dict) -> None:
    invitation.draft_answers = answers
    invitation.draft_saved_at = now()
    db.session.flush()


def submit(invitation: Invitation, answers: dict, form_version: int, at=None) -> Submission:
    """A new version; earlier versions stay. Goals take the submitted status.

    `at` (aware datetime) dates a late answer by when it arrived; default now.
    """
    moment = at or now()
    version = (invitation.latest.version if invitation.latest else 0) + 1
    submission = Submission(
        version=version, form_version=form_version, answers=answers, submitted_at=moment
    )
    invitation.submissions.append(submission)
    invitation.submitted_at = moment
    invitation.draft_answers = None
    invitation.draft_saved_at = None
    by_id = {goal.id: goal for goal in goals.owner_goals(invitation.owner, invitation.round.period)}
    for goal_id, block in (answers.get("goals") or {}).items():
        goal = by_id.get(int(goal_id))
        status = status_of(block)
        if goal is not None and status is not None:
            goals.set_status(goal, status)
    db.session.flush()
    return submission


def save_late(invitation: Invitation, answers: dict, form_version: int) -> LateAnswer:
    """Answers sent after the deadline are kept, never dropped and never counted on their own.

    One pending late answer per invitation: sending again replaces its text and time, so staff
    see the newest. Raises nothing; the caller has taken the invitation's lock.
    """
    late = invitation.pending_late
    if late is None:
        late = LateAnswer(answers=answers, form_version=form_version, received_at=now(),
                          state=LateAnswerState.PENDING)
        invitation.late_answers.append(late)
    else:
        late.answers, late.form_version, late.received_at = answers, form_version, now()
    db.session.flush()
    return late


def accept_late(late: LateAnswer, staff_user_id: int | None) -> Submission | None:
    """Staff take a late answer into the round: a new version dated when it really arrived.

    Returns None when it was already accepted (a double click makes one version, not two).
    """
    invitation = late.invitation
    lock(invitation)
    db.session.refresh(late)
    if late.state != LateAnswerState.PENDING:
        return None
    submission = submit(invitation, late.answers, late.form_version, at=late.received_at)
    late.state = LateAnswerState.ACCEPTED
    late.accepted_at = now()
    late.accepted_by = staff_user_id
    late.submission = submission
    db.session.flush()
    return submission


def status_of(block: dict | None) -> GoalStatus | None:
    try:
        return GoalStatus((block or {}).get(STATUS_KEY))
    except ValueError:
        return None


def progress_of(block: dict | None) -> int | None:
    value = (block or {}).get(PROGRESS_KEY)
    return value if isinstance(value, int) else None


@dataclass(frozen=True)
class Hint:
    round_title: str
    owner_name: str
    answers: dict


def previous_hint(goal: Goal, owner_id: int, round_: Round) -> Hint | None:
    """Last time this goal (or its earlier years) was followed up, before this round.

    The owner's own answer is preferred; a co-owner's is shown when the owner had none.
    """
    lineage = [g.id for g in goals.history(goal)]
    earlier = db.session.scalars(
        sa.select(Round).where(
            Round.state == RoundState.STARTED, Round.id != round_.id,
            Round.deadline_at < round_.deadline_at,
            Round.period_id.in_(sa.select(Goal.period_id).where(Goal.id.in_(lineage))),
        ).order_by(Round.deadline_at.desc())
    )
    for earlier_round in earlier:
        found: list[tuple[int, Invitation, dict]] = []
        for invitation in earlier_round.invitations:
            latest = invitation.latest
            if latest is None:
                continue
            for goal_id in lineage:
                block = latest.goal_answers(goal_id)
                if block:
                    found.append((0 if invitation.owner_id == owner_id else 1, invitation, block))
        if found:
            found.sort(key=lambda item: item[0])
            _, invitation, block = found[0]
            return Hint(earlier_round.title, invitation.owner.name, block)
    return None


def latest_by_goal(round_: Round) -> dict[int, list[tuple[Invitation, Submission | None]]]:
    """For each goal of the round's period: every owner's invitation with its latest version,
    then every other invitation whose latest version answers the goal.

    An answer stays part of the goal's record when its author is no longer an owner (staff
    removed them, or they were erased and their answer kept de-identified, see
    intake.rounds.gdpr): the goal's status in the round must not fall back to "ikke besvaret".
    """
    result: dict[int, list[tuple[Invitation, Submission | None]]] = {}
    by_owner = {inv.owner_id: inv for inv in round_.invitations}
    for goal in goals.goals_of(round_.period):
        entries = [
            (by_owner[owner.id], by_owner[owner.id].latest)
            for owner in goal.owners
            if owner.id in by_owner
        ]
        seen = {inv.id for inv, _latest in entries}
        entries += [
            (inv, inv.latest)
            for inv in round_.invitations
            if inv.id not in seen and inv.latest is not None and inv.latest.goal_answers(goal.id)
        ]
        result[goal.id] = entries
    return result


def latest_for_goal(
    goal_id: int, entries: list[tuple[Invitation, Submission | None]]
) -> Submission | None:
    """Of the owners' latest versions, the most recently submitted one that answers the goal."""
    submitted = [s for _, s in entries if s is not None and s.goal_answers(goal_id)]
    return max(submitted, key=lambda s: (s.submitted_at, s.id)) if submitted else None


def round_status(
    goal: Goal, entries: list[tuple[Invitation, Submission | None]]
) -> GoalStatus | None:
    """A goal's status in a round: the most recently submitted owner's answer."""
    latest = latest_for_goal(goal.id, entries)
    return status_of(latest.goal_answers(goal.id)) if latest else None
