"""Invitations in the GDPR tools, for the kinds that have no provider of their own.

Found by the e-mail key (matching.email_key, as stored): an invitation's own `email` when no
person record is behind it (a pasted address, a guest, a person record erased since), and the
person record's e-mail for the kinds in `THROUGH_PERSON` (form invitations sent to someone
intake already knew). Erasing deletes such invitations whole, with their links and
reminders, and each kind's own row (joined-table inheritance). It runs before the person
records are erased (goal owners, order 30), which would otherwise cut the link.

Rounds keep their own provider (intake/rounds/gdpr.py: answers are de-identified, not
deleted) and so do meetings (intake/meetings/gdpr.py, which also finds invitations by
e-mail): `COVERED_ELSEWHERE`, so the access export shows each invitation once.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from intake.exports.cells import Column
from intake.extensions import db
from intake.gdpr.person import Person
from intake.gdpr.providers import PersonDataProvider, Section, register
from intake.goals.models import Owner
from intake.invitations.models import Invitation, InvitationKind

KIND_LABELS = {
    InvitationKind.ROUND: "Opfølgning",
    InvitationKind.MEETING: "Møde",
    InvitationKind.FORM: "Skema",
    InvitationKind.NEWS: "Nyheder",  # found by the invitation's own e-mail (no person record)
}
# intake/meetings/gdpr.py finds meeting invitations by their e-mail as well.
COVERED_ELSEWHERE = {InvitationKind.MEETING}
THROUGH_PERSON = {InvitationKind.FORM}


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


def through_person(person: Person) -> list[Invitation]:
    """The person's invitations of the `THROUGH_PERSON` kinds that point at their record."""
    if not person.email:
        return []
    return list(db.session.scalars(
        sa.select(Invitation).join(Owner, Invitation.person_id == Owner.id)
        .where(Owner.email == person.email, Invitation.kind.in_(THROUGH_PERSON))
        .order_by(Invitation.id)
    ))


def of_person(person: Person, *, every_kind: bool = False) -> list[Invitation]:
    """Everything this provider shows and erases; `every_kind`: also the kinds covered
    elsewhere (what their providers left, at erasure)."""
    return sorted({*without_person(person, every_kind=every_kind), *through_person(person)},
                  key=lambda invitation: invitation.id)


def _delete(invitation: Invitation) -> int:
    count = 1 + len(invitation.tokens) + len(invitation.reminders)
    db.session.delete(invitation)
    return count


class InvitationData(PersonDataProvider):
    key = "invitations"
    title = "Invitationer med personligt link"
    order = 25  # before the person records (30), which hold the e-mail of some

    def find(self, person: Person) -> list[Section]:
        found = of_person(person)
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
            [[KIND_LABELS[inv.kind], inv.recipient_name, inv.recipient_email, inv.invited_at,
              inv.opened_at, inv.answered_at, inv.reminder_count, inv.revoked_at]
             for inv in found],
        )]

    def plan(self, person: Person) -> list[tuple[str, int]]:
        found = of_person(person)
        if not found:
            return []
        return [("Invitationer med personligt link (navn, e-mail, links, påmindelser) slettes",
                 len(found))]

    def erase(self, person: Person) -> tuple[int, dict] | None:
        found = of_person(person, every_kind=True)
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
