"""A group's roster (issue 13 §1 "The roster"): one row per confirmed member, for the staff
page and the workbook. `rows` is pure reading; `write_workbook` hands them to the exports
writer (intake/exports/xlsx.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import IO

from intake.clock import local_date
from intake.exports.cells import Column
from intake.exports.xlsx import WorkbookWriter
from intake.goals.models import FocusArea
from intake.groups.members import Member, members


@dataclass(frozen=True)
class RosterRow:
    member: Member
    sector_label: str  # "" when the sign-up has no sector
    member_since: date | None  # the Copenhagen date the seat was confirmed
    meetings_attended: int  # the group's own and joint meetings, as staff registered them


COLUMNS = (
    Column("Navn", width=24), Column("Organisation", width=28), Column("Sektor", width=14),
    Column("Rolle", width=28), Column("E-mail", width=28), Column("Telefon", width=14),
    Column("Medlem siden", "date"), Column("Møder deltaget", "number"),
)


def rows(area: FocusArea) -> list[RosterRow]:
    """The group's confirmed members by name, with attendance from the meetings domain
    (`intake.meetings.service.attendance_by_email`, keyed by e-mail key)."""
    from intake.meetings.service import attendance_by_email

    attended = attendance_by_email(area)
    return [
        RosterRow(
            member,
            member.sector.label if member.sector is not None else "",
            local_date(member.member_since) if member.member_since else None,
            attended.get(member.email, 0),
        )
        for member in members(area)
    ]


def cells(row: RosterRow) -> tuple:
    """One workbook row: texts, a real date and an int (never numbers as text)."""
    m = row.member
    return (m.name, m.organisation, row.sector_label, m.role, m.email, m.phone or "",
            row.member_since, row.meetings_attended)


def write_workbook(area: FocusArea, target: IO[bytes]) -> None:
    """The roster as an .xlsx workbook with one sheet named after the group."""
    with WorkbookWriter(target, title=f"Deltagerliste: {area.label}") as writer:
        writer.write_sheet(area.label, COLUMNS, (cells(row) for row in rows(area)))


def filename(area: FocusArea) -> str:
    return f"deltagerliste-{area.value}.xlsx"
