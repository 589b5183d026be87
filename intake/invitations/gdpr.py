"""Invitations in the GDPR tools, for every kind: the name and e-mail an invitation holds
when there is no person record behind it (`person_id` is None: a pasted address, a guest,
or a person record erased since).

Found by the e-mail key (matching.email_key, as stored). Erasing deletes such invitations
whole, with their links and reminders, and each kind's own row (joined-table inheritance).
Invitations with a person record are found through the person by their kind's provider
(rounds: intake/rounds/gdpr.py). A kind whose own provider already finds its invitations by
e-mail is listed in `COVERED_ELSEWHERE`, so the access export shows it once; this provider
runs after those (order 40) and erases whatever they left.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from intake.exports.cells import Column
from intake.extensions import db
from intake.gdpr.person import Person
from intake.gdpr.providers import PersonDataProvider, Section, register
from intake.invitations.models import Invitation, InvitationKind

KIND_LABELS = {
    InvitationKind.ROUND: "Opfølgning",
    InvitationKind.MEETING: "Møde",
    InvitationKind.FORM: "Skema",
}
# intake/meetings/gdpr.py finds meeting invitations by their e-mail as well.
COVERED_ELSEWHERE = {InvitationKind.MEETING}


def without_person(person: Person, *, every_kind: bool = False) -> list[Invitation]:
    """The person's invitations that have no person record, oldest first."""
    if not person.email:
        return []
    query = sa.select(Invitation).where(
        Invitation.person_id.is_(None), Invitation.email == person.email
    )
    if not every_kind:
        query = query.where(Invitation.kind.not_in(COVERED_ELSEWHERE))
    return list(db.session.scalars(query.order_by(Invitation.id)))


def _delete(invitation: Invitation) -> int:
    count = 1 + len(invitation.tokens) + len(invitation.reminders)
    db.session.delete(invitation)
    return count


class InvitationData(PersonDataProvider):
    key = "invitations"
    title = "Invitationer med personligt link"
    order = 40

    def find(self, person: Person) -> list[Section]:
        found = without_person(person)
        if not found:
            return []
        return [Section(
            "Invitationer",
            (
                Column("Slags"),
                Column("Navn", width=24),
                Column("E-mail", width=30),
                Column("Inviteret", "datetime"),
                Column("Åbnet", "datetime"),
                Column("Svaret", "datetime"),
                Column("Påmindelser", "number"),
                Column("Tilbagekaldt", "datetime"),
            ),
            [[KIND_LABELS[inv.kind], inv.name, inv.email, inv.invited_at, inv.opened_at,
              inv.answered_at, inv.reminder_count, inv.revoked_at] for inv in found],
        )]

    def plan(self, person: Person) -> list[tuple[str, int]]:
        found = without_person(person)
        if not found:
            return []
        return [("Invitationer med personligt link (navn, e-mail, links, påmindelser) slettes",
                 len(found))]

    def erase(self, person: Person) -> tuple[int, dict] | None:
        found = without_person(person, every_kind=True)
        if not found:
            return None
        entries = [{"id": inv.id, "created_at": inv.created_at.isoformat()} for inv in found]
        count = sum(_delete(inv) for inv in found)
        db.session.flush()
        return count, {"invitations": entries}

    def reapply(self, payload: dict) -> int:
        done = 0
        for item in payload.get("invitations") or []:
            invitation = db.session.get(Invitation, item.get("id"))
            if invitation is not None and invitation.created_at == datetime.fromisoformat(
                item.get("created_at", "")
            ):
                done += _delete(invitation)
        db.session.flush()
        return done


register(InvitationData())
