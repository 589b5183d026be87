"""Invitations to a form that point at a person record (`goal_owners`), in the GDPR tools.

An invitation to a pasted address keeps its own name and e-mail and is found and erased by
the engine's provider for invitations (intake/invitations/gdpr.py). One sent to someone who
already had a person record points at that record instead, so it is found here, by the
record's e-mail key, and deleted whole (with its links and reminders) before the person
record itself is erased (goal owners, order 30). The sign-up an answer made is the sign-ups'
provider's.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from intake.exports.cells import Column
from intake.extensions import db
from intake.gdpr.person import Person
from intake.gdpr.providers import PersonDataProvider, Section, register
from intake.goals.models import Owner
from intake.invitations.form_models import FormInvitation


def with_person(person: Person) -> list[FormInvitation]:
    if not person.email:
        return []
    return list(db.session.scalars(
        sa.select(FormInvitation).join(Owner, FormInvitation.person_id == Owner.id)
        .where(Owner.email == person.email).order_by(FormInvitation.id)
    ))


def _delete(invitation: FormInvitation) -> int:
    count = 1 + len(invitation.tokens) + len(invitation.reminders)
    db.session.delete(invitation)
    return count


class FormInvitationData(PersonDataProvider):
    key = "form_invitations"
    title = "Invitationer til skemaer"
    order = 25

    def find(self, person: Person) -> list[Section]:
        found = with_person(person)
        if not found:
            return []
        slugs = {inv.sending_id: inv.sending.form_slug for inv in found}
        return [Section(
            "Invitationer til skemaer",
            (
                Column("Skema", width=24),
                Column("Navn", width=24),
                Column("E-mail", width=30),
                Column("Inviteret", "datetime"),
                Column("Åbnet", "datetime"),
                Column("Svaret", "datetime"),
                Column("Påmindelser", "number"),
                Column("Tilbagekaldt", "datetime"),
            ),
            [[slugs[inv.sending_id], inv.recipient_name, inv.recipient_email, inv.invited_at,
              inv.opened_at, inv.answered_at, inv.reminder_count, inv.revoked_at]
             for inv in found],
        )]

    def plan(self, person: Person) -> list[tuple[str, int]]:
        found = with_person(person)
        if not found:
            return []
        return [("Invitationer til skemaer (links og påmindelser) slettes", len(found))]

    def erase(self, person: Person) -> tuple[int, dict] | None:
        found = with_person(person)
        if not found:
            return None
        entries = [{"id": inv.id, "created_at": inv.created_at.isoformat()} for inv in found]
        count = sum(_delete(inv) for inv in found)
        db.session.flush()
        return count, {"invitations": entries}

    def reapply(self, payload: dict) -> int:
        done = 0
        for item in payload.get("invitations") or []:
            invitation = db.session.get(FormInvitation, item.get("id"))
            if invitation is not None and invitation.created_at == datetime.fromisoformat(
                item.get("created_at", "")
            ):
                done += _delete(invitation)
        db.session.flush()
        return done


register(FormInvitationData())

