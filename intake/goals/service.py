"""Goal use cases: periods and their dates, goals and owners, carrying goals forward.

Services flush, never commit; the view commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from intake import matching
from intake.clock import local_date, now, to_local
from intake.extensions import db
from intake.goals.models import (
    CycleEvent,
    CycleEventKind,
    FocusArea,
    Goal,
    GoalStatus,
    Owner,
    Period,
    Sector,
    goal_ownerships,
)

# -- periods -----------------------------------------------------------------


def period_for_year(year: int) -> Period | None:
    return db.session.scalar(sa.select(Period).where(Period.year == year))


def get_or_create_period(year: int) -> Period:
    period = period_for_year(year)
    if period is None:
        period = Period(year=year, created_at=now())
        db.session.add(period)
        db.session.flush()
    return period


def all_periods() -> list[Period]:
    return list(db.session.scalars(sa.select(Period).order_by(Period.year.desc())))


def set_event(period: Period, kind: CycleEventKind, focus_area: FocusArea | None,
              on_date: date | None, place: str = "") -> CycleEvent | None:
    """Record (or clear, with no date) one dated step of the year."""
    focus_area = focus_area if kind.is_per_group else None
    event = next((e for e in period.events if e.kind == kind and e.focus_area == focus_area), None)
    if on_date is None:
        if event is not None:
            period.events.remove(event)
            db.session.flush()
        return None
    if event is None:
        event = CycleEvent(kind=kind, focus_area=focus_area, on_date=on_date, place=place)
        period.events.append(event)
    event.on_date, event.place = on_date, place
    db.session.flush()
    return event


@dataclass(frozen=True)
class TimelineEntry:
    on_date: date
    label: str
    place: str
    kind: CycleEventKind | None  # None for a meeting (intake.meetings)
    focus_area: FocusArea | None
    is_past: bool
    is_next: bool
    meeting_id: int | None = None
    state: str = ""  # a meeting's Planlagt / Inviteret / Aflyst / Afholdt
    is_cancelled: bool = False


# The dated steps a meeting (intake.meetings) replaced; older periods' rows are still shown.
MEETING_STEPS = (CycleEventKind.MEETING_1, CycleEventKind.MEETING_2, CycleEventKind.JOINT_MEETING)


def meeting_status_label(meeting) -> str:
    """Planlagt, Inviteret or Aflyst; Afholdt once a meeting that was not cancelled has ended
    ("held" is not a stored state, intake.meetings.models.MeetingState)."""
    return _("Afholdt") if meeting.is_held else meeting.state.label


def timeline(period: Period, today: date) -> list[TimelineEntry]:
    """The year's steps in date order (Copenhagen days): the dated steps (report, Nytårskur,
    and any meeting date recorded before meetings had their own pages) and every meeting of
    the period (intake.meetings.service.meetings_of) with its state; the first step from
    today on that is not a cancelled meeting is marked as next."""
    from intake.meetings.service import meetings_of

    rows: list[tuple[tuple, TimelineEntry]] = []
    for event in period.events:
        label = event.kind.label + (f" – {event.focus_area.label}" if event.focus_area else "")
        area = event.focus_area.value if event.focus_area else ""
        key = (event.on_date, 0, event.kind.value, area)
        rows.append((key, TimelineEntry(
            on_date=event.on_date, label=label, place=event.place, kind=event.kind,
            focus_area=event.focus_area, is_past=event.on_date < today, is_next=False)))
    for meeting in meetings_of(period):
        day = local_date(meeting.starts_at)
        rows.append(((day, 1, to_local(meeting.starts_at).time().isoformat(), meeting.id),
                     TimelineEntry(
            on_date=day, label=meeting.title, place=meeting.place, kind=None,
            focus_area=meeting.focus_area, is_past=day < today, is_next=False,
            meeting_id=meeting.id, state=meeting_status_label(meeting),
            is_cancelled=meeting.is_cancelled)))
    rows.sort(key=lambda row: row[0])
    entries = [entry for _key, entry in rows]
    upcoming = next((i for i, e in enumerate(entries)
                     if e.on_date >= today and not e.is_cancelled), None)
    if upcoming is not None:
        entries[upcoming] = replace(entries[upcoming], is_next=True)
    return entries


# -- owners ------------------------------------------------------------------


def find_owner(email: str) -> Owner | None:
    """The owner with this address, however its case or Unicode form was typed or imported
    (owners store `matching.email_key`)."""
    return db.session.scalar(sa.select(Owner).where(Owner.email == matching.email_key(email)))


def upsert_owner(name: str, email: str, organisation: str, sector: Sector) -> Owner:
    """Owners are people, matched by e-mail; newer details replace older ones."""
    email = matching.email_key(email)
    owner = find_owner(email)
    if owner is None:
        owner = Owner(email=email, created_at=now())
        db.session.add(owner)
    owner.name = matching.nfc(name.strip())
    owner.organisation, owner.sector = matching.nfc(organisation.strip()), sector
    db.session.flush()
    return owner


def email_taken(email: str, except_owner: Owner | None = None) -> bool:
    other = find_owner(email)
    return other is not None and other is not except_owner


# -- goals -------------------------------------------------------------------


@dataclass
class GoalData:
    focus_area: FocusArea
    title: str
    description: str = ""
    indicator: str = ""
    target: str = ""
    deadline: date | None = None


def create_goal(period: Period, data: GoalData, owners: list[Owner] = ()) -> Goal:
    goal = Goal(period=period, created_at=now())
    _apply(goal, data)
    goal.owners.extend(owners)
    db.session.add(goal)
    db.session.flush()
    return goal


def update_goal(goal: Goal, data: GoalData) -> None:
    _apply(goal, data)
    db.session.flush()


def _apply(goal: Goal, data: GoalData) -> None:
    goal.focus_area = data.focus_area
    goal.title = data.title.strip()
    goal.description = data.description.strip()
    goal.indicator = data.indicator.strip()
    goal.target = data.target.strip()
    goal.deadline = data.deadline


def set_status(goal: Goal, status: GoalStatus | None) -> None:
    if goal.status != status:
        goal.status = status
        goal.status_changed_at = now()
        db.session.flush()


def add_owner(goal: Goal, owner: Owner) -> bool:
    if owner in goal.owners:
        return False
    goal.owners.append(owner)
    db.session.flush()
    return True


def remove_owner(goal: Goal, owner: Owner) -> None:
    if owner in goal.owners:
        goal.owners.remove(owner)
        db.session.flush()


def delete_goal(goal: Goal) -> None:
    db.session.delete(goal)
    db.session.flush()


def goals_of(period: Period, focus_area: FocusArea | None = None) -> list[Goal]:
    query = sa.select(Goal).where(Goal.period_id == period.id)
    if focus_area is not None:
        query = query.where(Goal.focus_area == focus_area)
    return list(db.session.scalars(query.order_by(Goal.focus_area, Goal.id)))


def owner_goals(owner: Owner, period: Period) -> list[Goal]:
    return list(db.session.scalars(
        sa.select(Goal).join(goal_ownerships).where(
            goal_ownerships.c.owner_id == owner.id, Goal.period_id == period.id,
        ).order_by(Goal.focus_area, Goal.id)
    ))


def goals_by_owner(period: Period) -> list[tuple[Owner, list[Goal]]]:
    """Every owner of a goal in the period with their goals, in two queries in all."""
    result: dict[int, tuple[Owner, list[Goal]]] = {}
    rows = db.session.execute(
        sa.select(Owner, Goal).join(goal_ownerships, goal_ownerships.c.owner_id == Owner.id)
        .join(Goal, Goal.id == goal_ownerships.c.goal_id).where(Goal.period_id == period.id)
        .order_by(Owner.name, Owner.id, Goal.focus_area, Goal.id)
    )
    for owner, goal in rows:
        result.setdefault(owner.id, (owner, []))[1].append(goal)
    return list(result.values())


def owners_of(period: Period) -> list[Owner]:
    return list(db.session.scalars(
        sa.select(Owner).join(goal_ownerships).join(Goal).where(Goal.period_id == period.id)
        .distinct().order_by(Owner.name, Owner.id)
    ))


def history(goal: Goal) -> list[Goal]:
    """Every year's row of this goal, oldest first."""
    return list(db.session.scalars(
        sa.select(Goal).join(Period).where(Goal.lineage_id == goal.lineage_id).order_by(Period.year)
    ))


# -- next period ---------------------------------------------------------------


def carry_forward(period: Period) -> tuple[Period, int]:
    """Copy the open goals (not achieved, not dropped) into the next year's period.

    Each copy keeps the lineage and its owners; a goal already carried is skipped, so
    pressing the button twice does no harm.
    """
    db.session.refresh(period, with_for_update=True)  # a double click carries nothing twice
    following = get_or_create_period(period.year + 1)
    carried_ids = set(
        db.session.scalars(
            sa.select(Goal.carried_from_id).where(
                Goal.period_id == following.id, Goal.carried_from_id.is_not(None)
            )
        )
    )
    count = 0
    for goal in goals_of(period):
        if not goal.is_open or goal.id in carried_ids:
            continue
        copy = Goal(
            period=following, focus_area=goal.focus_area, lineage_id=goal.lineage_id,
            carried_from_id=goal.id, title=goal.title, description=goal.description,
            indicator=goal.indicator, target=goal.target, deadline=_next_year(goal.deadline),
            status=goal.status, status_changed_at=goal.status_changed_at, created_at=now(),
        )
        db.session.add(copy)
        copy.owners.extend(goal.owners)
        count += 1
    db.session.flush()
    return following, count


def _next_year(day: date | None) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
