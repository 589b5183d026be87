"""Goals, goal owners, periods and their yearly cycle ("Mål & Handlinger").

A goal belongs to one period (a year) and one focus area. When a period ends, open goals are
carried into the next period as new rows that share a `lineage_id`, so one goal's status
can be followed year after year while each year's row keeps what was true that year.
Follow-up rounds live in intake.rounds.models.
"""

from __future__ import annotations

import enum
import uuid

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import relationship

from intake.columns import UTCDateTime, created_at_column, enum_column
from intake.extensions import db


class FocusArea(enum.Enum):
    """The four focus areas of the business policy; one collaboration group each."""

    ARBEJDSLIV = "arbejdsliv"
    ERHVERVSLIV = "erhvervsliv"
    BAEREDYGTIGE = "baeredygtige"
    RAMMER = "rammer"

    @property
    def label(self) -> str:
        return str(FOCUS_LABELS[self])


FOCUS_LABELS = {
    FocusArea.ARBEJDSLIV: _l("Det gode arbejdsliv"),
    FocusArea.ERHVERVSLIV: _l("Det gode erhvervsliv"),
    FocusArea.BAEREDYGTIGE: _l("Det bæredygtige"),
    FocusArea.RAMMER: _l("De gode rammer"),
}


class Sector(enum.Enum):
    KOMMUNE = "kommune"
    ERHVERV = "erhverv"
    ANDRE = "andre"

    @property
    def label(self) -> str:
        return str(SECTOR_LABELS[self])


SECTOR_LABELS = {
    Sector.KOMMUNE: _l("Kommune"),
    Sector.ERHVERV: _l("Erhverv"),
    Sector.ANDRE: _l("Andre aktører"),
}


class GoalStatus(enum.Enum):
    """How a goal stands; the codes are the options of the questionnaire's `status` field."""

    IKKE_STARTET = "ikke_startet"
    I_GANG = "i_gang"
    DELVIST_NAAET = "delvist_naaet"
    NAAET = "naaet"
    UDSKUDT = "udskudt"
    OPGIVET = "opgivet"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])

    @property
    def is_closed(self) -> bool:
        """Achieved or dropped goals are not carried into the next period."""
        return self in (GoalStatus.NAAET, GoalStatus.OPGIVET)


STATUS_LABELS = {
    GoalStatus.IKKE_STARTET: _l("Ikke startet"),
    GoalStatus.I_GANG: _l("I gang"),
    GoalStatus.DELVIST_NAAET: _l("Delvist nået"),
    GoalStatus.NAAET: _l("Nået"),
    GoalStatus.UDSKUDT: _l("Udskudt"),
    GoalStatus.OPGIVET: _l("Opgivet"),
}


class CycleEventKind(enum.Enum):
    MEETING_1 = "meeting_1"
    MEETING_2 = "meeting_2"
    JOINT_MEETING = "joint_meeting"
    POLITICAL_REPORT = "political_report"
    NYTAARSKUR = "nytaarskur"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS[self])

    @property
    def is_per_group(self) -> bool:
        return self in (CycleEventKind.MEETING_1, CycleEventKind.MEETING_2)


EVENT_LABELS = {
    CycleEventKind.MEETING_1: _l("1. møde (mål sættes)"),
    CycleEventKind.MEETING_2: _l("2. møde (opfølgning)"),
    CycleEventKind.JOINT_MEETING: _l("Fællesmøde for alle grupper"),
    CycleEventKind.POLITICAL_REPORT: _l("Rapport til politisk udvalg"),
    CycleEventKind.NYTAARSKUR: _l("Nytårskur"),
}


class Period(db.Model):
    """One year of the cycle, e.g. 2027."""

    __tablename__ = "goal_periods"

    id = sa.Column(sa.Integer, primary_key=True)
    year = sa.Column(sa.Integer, nullable=False, unique=True)
    created_at = created_at_column()

    events = relationship(
        "CycleEvent", back_populates="period", cascade="all, delete-orphan",
        order_by="CycleEvent.on_date",
    )
    goals = relationship("Goal", back_populates="period", order_by="Goal.id")

    @property
    def name(self) -> str:
        return str(self.year)


class CycleEvent(db.Model):
    """A dated step of the year: each group's meetings 1 and 2, the joint meeting, the report
    to the political committee and the Nytårskur. `focus_area` is set for meetings only."""

    __tablename__ = "goal_cycle_events"
    __table_args__ = (sa.UniqueConstraint("period_id", "kind", "focus_area"),)

    id = sa.Column(sa.Integer, primary_key=True)
    period_id = sa.Column(
        sa.ForeignKey("goal_periods.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind = enum_column(CycleEventKind, nullable=False)
    focus_area = enum_column(FocusArea)
    on_date = sa.Column(sa.Date, nullable=False)
    place = sa.Column(sa.String(200), nullable=False, default="")

    period = relationship("Period", back_populates="events")


goal_ownerships = sa.Table(
    "goal_ownerships",
    db.metadata,
    sa.Column("goal_id", sa.ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "owner_id",
        sa.ForeignKey("goal_owners.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Owner(db.Model):
    """A person who took ownership of one or more goals; identified by e-mail (lower-case)."""

    __tablename__ = "goal_owners"

    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(200), nullable=False)
    email = sa.Column(sa.String(254), nullable=False, unique=True)
    organisation = sa.Column(sa.String(200), nullable=False, default="")
    sector = enum_column(Sector, nullable=False)
    created_at = created_at_column()

    goals = relationship(
        "Goal", secondary=goal_ownerships, back_populates="owners", order_by="Goal.id"
    )

    @property
    def is_erased(self) -> bool:
        """A placeholder keeping an erased owner's de-identified answers (intake.rounds.gdpr)."""
        return self.email.endswith("@" + ERASED_DOMAIN)


ERASED_DOMAIN = "slettet.invalid"  # RFC 2606: .invalid never resolves, so never receives mail


def new_lineage() -> str:
    return uuid.uuid4().hex


class Goal(db.Model):
    __tablename__ = "goals"

    id = sa.Column(sa.Integer, primary_key=True)
    period_id = sa.Column(
        sa.ForeignKey("goal_periods.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    focus_area = enum_column(FocusArea, nullable=False, index=True)
    # Shared by every year's row of the same goal; the first row's lineage is random.
    lineage_id = sa.Column(sa.String(32), nullable=False, index=True, default=new_lineage)
    carried_from_id = sa.Column(sa.ForeignKey("goals.id", ondelete="SET NULL"), index=True)
    title = sa.Column(sa.String(300), nullable=False)
    description = sa.Column(sa.Text, nullable=False, default="")
    indicator = sa.Column(sa.Text, nullable=False, default="")
    target = sa.Column(sa.Text, nullable=False, default="")
    deadline = sa.Column(sa.Date)
    # The latest status an owner submitted (or staff set); None until first followed up.
    status = enum_column(GoalStatus)
    status_changed_at = sa.Column(UTCDateTime)
    created_at = created_at_column()

    period = relationship("Period", back_populates="goals")
    owners = relationship(
        "Owner", secondary=goal_ownerships, back_populates="goals", order_by="Owner.name"
    )
    carried_from = relationship("Goal", remote_side=[id])

    @property
    def is_open(self) -> bool:
        return self.status is None or not self.status.is_closed
