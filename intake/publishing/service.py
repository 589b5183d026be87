"""Staff publish a round's results (issue 14 §1): a draft per round, saved, published,
withdrawn. Services flush, never commit (intake/transactions.py).

A draft has one `PublishedGoal` per goal of the round's period that has an answer in the
round: the public title and description start as the goal's own, status and progress are
shown, the comment starts as the owners' latest `offentlig_kommentar` answer (contract C4) but
is not shown, and no names are shown. Free-text answers (gjort, resultater, …) are never
copied. Status and progress are copied from the round's figures (intake.rounds.figures) each
time staff publish.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from intake import matching
from intake.clock import now
from intake.extensions import db
from intake.rounds import answers, figures
from intake.rounds.models import Round

from .models import Publication, PublicationState, PublishedGoal

COMMENT_KEY = "offentlig_kommentar"  # the follow-up form's goal field (contract C4)
COMMENT_MAX = 1000
TITLE_MAX = 300
DESCRIPTION_MAX = 3000
ANYWHERE_MIN = 20  # characters: an owner's text this long is theirs in any goal's comment


@dataclass(frozen=True)
class Choice:
    """What staff chose for one goal (the staff form's values, already checked)."""

    title: str
    description: str = ""
    is_status_shown: bool = True
    is_progress_shown: bool = True
    comment: str = ""
    is_comment_shown: bool = False
    is_names_shown: bool = False


def publication_of(round_: Round) -> Publication | None:
    return db.session.scalar(sa.select(Publication).where(Publication.round_id == round_.id))


def answered_lines(round_: Round) -> list[figures.GoalLine]:
    """The round's goals that some owner answered, in focus-area order (figures.compute)."""
    return [
        line for line in figures.compute(round_).lines
        if answers.latest_for_goal(line.goal.id, line.entries) is not None
    ]


def owners_comment(line: figures.GoalLine) -> str:
    """The newest non-empty `offentlig_kommentar` among the owners' latest answers; ''."""
    submitted = sorted(
        (s for _inv, s in line.entries if s is not None and s.goal_answers(line.goal.id)),
        key=lambda s: (s.submitted_at, s.id), reverse=True,
    )
    for submission in submitted:
        value = submission.goal_answers(line.goal.id).get(COMMENT_KEY)
        if isinstance(value, str) and value.strip():
            return value.strip()[:COMMENT_MAX]
    return ""


def proposed(line: figures.GoalLine) -> PublishedGoal:
    """A new, unsaved row for one goal with the defaults above."""
    goal = line.goal
    return PublishedGoal(
        goal_id=goal.id, goal=goal, public_title=goal.title[:TITLE_MAX],
        public_description=goal.description or "", is_status_shown=True, is_progress_shown=True,
        comment=owners_comment(line), is_comment_shown=False, is_names_shown=False,
        status=line.status, progress=line.progress,
    )


def rows_for(round_: Round, publication: Publication | None) -> list[PublishedGoal]:
    """What the staff page edits: the saved rows, plus unsaved proposals for answered goals
    that have none yet, in the round's goal order. Nothing is added to the session."""
    saved = {row.goal_id: row for row in publication.goals} if publication else {}
    lines = answered_lines(round_)
    rows = [saved.get(line.goal.id) or proposed(line) for line in lines]
    answered = {line.goal.id for line in lines}
    rows += [row for goal_id, row in saved.items() if goal_id not in answered]
    return rows


def draft_for(round_: Round) -> Publication:
    """The round's publication, created as a DRAFT if there is none, with a row for every
    answered goal that has none yet (staff's earlier choices are kept; an empty comment is
    filled from the owners' answers again). A withdrawn one becomes a DRAFT; a published one
    stays published (its new rows become public only when staff publish)."""
    publication = publication_of(round_)
    if publication is None:
        publication = Publication(round=round_, state=PublicationState.DRAFT, updated_at=now())
        db.session.add(publication)
    elif publication.state == PublicationState.WITHDRAWN:
        publication.state = PublicationState.DRAFT
    saved = {row.goal_id: row for row in publication.goals}
    for line in answered_lines(round_):
        row = saved.get(line.goal.id)
        if row is None:
            publication.goals.append(proposed(line))
        elif not row.comment:
            row.comment = owners_comment(line)
    publication.updated_at = now()
    db.session.flush()
    return publication


def save(publication: Publication, choices: dict[int, Choice]) -> None:
    """Store staff's choices, by goal id (goals without a row are ignored). A published
    publication's rows change here too: callers save a published one only when publishing."""
    for row in publication.goals:
        choice = choices.get(row.goal_id)
        if choice is None:
            continue
        row.public_title = choice.title.strip()[:TITLE_MAX]
        row.public_description = choice.description.strip()
        row.is_status_shown = choice.is_status_shown
        row.is_progress_shown = choice.is_progress_shown
        row.comment = choice.comment.strip()
        row.is_comment_shown = choice.is_comment_shown and bool(row.comment)
        row.is_names_shown = choice.is_names_shown
    publication.updated_at = now()
    db.session.flush()


def save_draft(round_: Round, choices: dict[int, Choice]) -> Publication:
    """Draft and save in one step; raises ValueError for a published publication (staff
    publish the changes instead, so nothing public changes without a confirmation)."""
    current = publication_of(round_)
    if current is not None and current.is_published:
        raise ValueError("published: publish the changes instead")
    publication = draft_for(round_)
    save(publication, choices)
    return publication


def publish(round_: Round, choices: dict[int, Choice] | None, staff_id: int | None) -> Publication:
    """Save `choices` (if any), copy each goal's status and progress from the round's
    figures, and publish; `published_at` is now. Returns the publication."""
    publication = draft_for(round_)
    if choices:
        save(publication, choices)
    lines = {line.goal.id: line for line in figures.compute(round_).lines}
    for row in publication.goals:
        line = lines.get(row.goal_id)
        row.status = line.status if line else None
        row.progress = line.progress if line else None
    publication.state = PublicationState.PUBLISHED
    publication.published_at = now()
    publication.published_by = staff_id
    publication.updated_at = publication.published_at
    db.session.flush()
    return publication


def withdraw(publication: Publication) -> None:
    """Take it off the public pages at once (the rows are kept for a later publish)."""
    publication.state = PublicationState.WITHDRAWN
    publication.updated_at = now()
    db.session.flush()


def shown_comment(round_: Round, goal_id: int) -> str | None:
    """The comment the public page shows for the goal in this round: published and shown,
    else None (the committee report's public comment, intake.reports.committee)."""
    publication = publication_of(round_)
    if publication is None or not publication.is_published:
        return None
    row = next((r for r in publication.goals if r.goal_id == goal_id), None)
    if row is None or not row.is_comment_shown or not row.comment.strip():
        return None
    return row.comment.strip()


def comments_holding(words: Iterable[tuple[int | None, str]]) -> list[PublishedGoal]:
    """Every saved row (any round, any state) whose comment still contains one of `words`:
    (goal id, text) pairs, the texts a person wrote about a goal (their
    `offentlig_kommentar` answers, for GDPR erasure and retention, intake.rounds.gdpr). A
    staff-edited comment that keeps the words counts.

    A text counts in the rows of its own goal, where the prefill put it, however short; in
    another goal's row only from ANYWHERE_MIN characters on (staff may have copied it there;
    a shorter one, "Ja." or "-", turns up there by chance). Compared as `matching.fold` keys
    (letter case, Unicode form and runs of whitespace, such as a textarea's CRLF, do not
    matter); each text is stripped and cut to COMMENT_MAX first, as the prefill cuts it;
    empty texts are skipped. Reads only; ordered by row id."""
    keys: dict[str, set[int | None]] = {}
    for goal_id, text in words:
        key = matching.fold(text.strip()[:COMMENT_MAX]) if isinstance(text, str) else ""
        if key:
            keys.setdefault(key, set()).add(goal_id)
    if not keys:
        return []
    rows = db.session.scalars(
        sa.select(PublishedGoal).where(PublishedGoal.comment != "").order_by(PublishedGoal.id)
    )
    found = []
    for row in rows:
        comment = matching.fold(row.comment)
        if any(
            key in comment and (row.goal_id in goals or len(key) >= ANYWHERE_MIN)
            for key, goals in keys.items()
        ):
            found.append(row)
    return found


def take_down_comment(row: PublishedGoal) -> None:
    """Empty the row's comment and stop showing it, at once and whatever the publication's
    state (the rest of the publication stays as staff left it). Flushes."""
    row.comment = ""
    row.is_comment_shown = False
    row.publication.updated_at = now()
    db.session.flush()
