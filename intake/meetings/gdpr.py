"""Meeting invitations in the GDPR tools: whom intake invited to which meeting, what they
answered (answers and comments, which may mention food or allergies, are personal data),
and whether they came.

Found through the person record (the goal-owner row of the e-mail, `person_id`) and by the
invitation's own e-mail key, so an invitation whose person record is gone is found too.
Erasing deletes the invitations with their links, reminders and every RSVP change; the
meeting itself (time, place, agenda, minutes) stays. It runs before the goal-owner provider
(order 30), which deletes the person record the search goes through. Mails sent are the
outbox provider's.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from intake.exports.cells import Column
from intake.extensions import db
from intake.gdpr.person import Person
from intake.gdpr.providers import PersonDataProvider, Section, register
from intake.goals.service import find_owner
from intake.meetings.models import MeetingInvitation


def invitations_of(person: Person) -> list[MeetingInvitation]:
    if not person.email:
        return []
    owner = find_owner(person.email)
    match = MeetingInvitation.email == person.email
    if owner is not None:
        match = sa.or_(match, MeetingInvitation.person_id == owner.id)
    return list(db.session.scalars(
        sa.select(MeetingInvitation).where(match).order_by(MeetingInvitation.id)
    ))


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("Ja" if value else "Nej")


class MeetingInvitationData(PersonDataProvider):
    key = "meeting_invitations"
    title = "Møder og svar"
    order = 25

    def find(self, person: Person) -> list[Section]:
        found = invitations_of(person)
        if not found:
            return []
        invited = Section(
            "Mødeinvitationer",
            (
                Column("Møde", width=30),
                Column("Starter", "datetime"),
                Column("Navn", width=24),
                Column("E-mail", width=30),
                Column("Inviteret", "datetime"),
                Column("Gæst"),
                Column("Svar"),
                Column("Kommentar", width=40),
                Column("Svaret", "datetime"),
                Column("Påmindelser", "number"),
                Column("Deltog"),
            ),
            [[inv.meeting.title, inv.meeting.starts_at, inv.recipient_name, inv.recipient_email,
              inv.invited_at, _yes_no(inv.is_guest),
              inv.answer.label if inv.answer else None, inv.comment or None, inv.answered_at,
              inv.reminder_count, _yes_no(inv.attended)] for inv in found],
        )
        history = Section(
            "Mødesvar",
            (Column("Møde", width=30), Column("Svar"), Column("Kommentar", width=40),
             Column("Tidspunkt", "datetime")),
            [[inv.meeting.title, change.answer.label, change.comment or None, change.changed_at]
             for inv in found for change in inv.changes],
        )
        return [invited, history] if history.rows else [invited]

    def plan(self, person: Person) -> list[tuple[str, int]]:
        found = invitations_of(person)
        changes = sum(len(inv.changes) for inv in found)
        return [(label, n) for label, n in [
            ("Mødeinvitationer med personlige links, påmindelser og fremmøde slettes", len(found)),
            ("Mødesvar og kommentarer slettes", changes),
        ] if n]

    def erase(self, person: Person) -> tuple[int, dict] | None:
        found = invitations_of(person)
        if not found:
            return None
        entries = [{"id": inv.id, "created_at": inv.created_at.isoformat()} for inv in found]
        count = _delete(found)
        return count, {"invitations": entries}

    def reapply(self, payload: dict) -> int:
        gone = []
        for item in payload.get("invitations") or []:
            invitation = db.session.get(MeetingInvitation, item.get("id"))
            if invitation is not None and invitation.created_at == datetime.fromisoformat(
                item.get("created_at", "")
            ):
                gone.append(invitation)
        return _delete(gone)


def _delete(invitations: list[MeetingInvitation]) -> int:
    count = 0
    for invitation in invitations:
        count += 1 + len(invitation.changes)
        invitation.meeting.invitations.remove(invitation)  # delete-orphan: the rows go
    db.session.flush()
    return count


register(MeetingInvitationData())
