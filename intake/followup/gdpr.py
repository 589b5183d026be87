"""Goal owners in the GDPR tools: who they are, their goals, their follow-up answers.

Found by e-mail (owners have no phone number). Erasing deletes the owner, their invitations,
links, reminders and every submitted version; the goals stay (they belong to the collaboration
group), without this owner. Mails to the owner are erased by the outbox provider, which runs
first. The deletion log keeps the owner's row id with its creation time, which identify
nothing once the row is gone, and stop a restored database from deleting a newer owner that
happens to reuse the id.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from intake.exports.cells import Column
from intake.extensions import db
from intake.followup.models import Invitation
from intake.followup.questionnaire import definition_for
from intake.formdefs.display import readable
from intake.gdpr.person import Person
from intake.gdpr.providers import PersonDataProvider, Section, register
from intake.goals import service as goals
from intake.goals.models import Owner


def _owner(person: Person) -> Owner | None:
    return goals.find_owner(person.email) if person.email else None


class GoalOwnerData(PersonDataProvider):
    key = "goal_owners"
    title = "Målejere og opfølgning"
    order = 30

    def find(self, person: Person) -> list[Section]:
        owner = _owner(person)
        if owner is None:
            return []
        who = Section("Målejer", (Column("Navn", width=24), Column("E-mail", width=30), Column("Organisation", width=24),
                                  Column("Sektor"), Column("Oprettet", "datetime")),
                      [[owner.name, owner.email, owner.organisation, owner.sector.label, owner.created_at]])
        owned = Section("Mål", (Column("År", "number"), Column("Fokusområde", width=20), Column("Mål", width=50)),
                        [[g.period.year, g.focus_area.label, g.title] for g in owner.goals])
        followup = Section("Opfølgning", (
            Column("Runde", width=28), Column("Inviteret", "datetime"), Column("Åbnet", "datetime"),
            Column("Påmindelser", "number"), Column("Version", "number"), Column("Sendt", "datetime"),
            Column("Mål", width=40), Column("Spørgsmål", width=40), Column("Svar", width=60),
        ))
        for invitation in self._invitations(owner):
            round_ = invitation.round
            definition = definition_for(round_)
            head = [round_.title, invitation.invited_at, invitation.opened_at, invitation.reminder_count]
            unsent = invitation.draft_answers is None and not invitation.late_answers
            if not invitation.submissions and unsent:
                followup.rows.append([*head, None, None, None, None, None])
            versions = [(s.version, s.submitted_at, s.answers) for s in invitation.submissions]
            if invitation.draft_answers is not None:
                versions.append(("kladde", invitation.draft_saved_at, invitation.draft_answers))
            versions += [("sent svar", a.received_at, a.answers) for a in invitation.late_answers]
            titles = {g.id: g.title for g in goals.goals_of(round_.period)}
            for version, at, answers in versions:
                for goal_id, block in (answers.get("goals") or {}).items():
                    for question, answer in self._rows(definition, block, goals_part=True):
                        followup.rows.append([*head, version, at, titles.get(int(goal_id), goal_id), question, answer])
                for question, answer in self._rows(definition, answers.get("general") or {}, goals_part=False):
                    followup.rows.append([*head, version, at, None, question, answer])
        return [who, owned, followup]

    @staticmethod
    def _rows(definition, answers: dict, goals_part: bool) -> list[tuple[str, str]]:
        if definition is None:
            return [(key, str(value)) for key, value in answers.items() if value not in (None, "", [])]
        return readable(definition, answers, definition.goal_fields if goals_part else None)

    @staticmethod
    def _invitations(owner: Owner) -> list[Invitation]:
        return list(db.session.scalars(sa.select(Invitation).where(Invitation.owner_id == owner.id)
                                       .order_by(Invitation.id)))

    def erase(self, person: Person) -> tuple[int, dict] | None:
        owner = _owner(person)
        if owner is None:
            return None
        count = self._delete(owner)
        return count, {"owners": [{"id": owner.id, "created_at": owner.created_at.isoformat()}]}

    def reapply(self, payload: dict) -> int:
        done = 0
        for item in payload.get("owners") or []:
            owner = db.session.get(Owner, item.get("id"))
            if owner is not None and owner.created_at == datetime.fromisoformat(item.get("created_at", "")):
                done += self._delete(owner)
        return done

    def _delete(self, owner: Owner) -> int:
        invitations = self._invitations(owner)
        count = 1 + len(invitations) + sum(len(i.submissions) for i in invitations)
        for invitation in invitations:
            db.session.delete(invitation)  # its links, reminders and versions go with it
        owner.goals.clear()
        db.session.delete(owner)
        db.session.flush()
        return count


register(GoalOwnerData())
