"""The follow-up round as a kind of invitation: what the engine asks a round (links,
reminders), answered from the round's own settings."""

from __future__ import annotations

from datetime import datetime

from intake.invitations.models import InvitationKind
from intake.invitations.policies import Policy, register
from intake.invitations.reminders import slots_before
from intake.rounds.models import Invitation, Round


def schedule(round_: Round) -> list[datetime]:
    """The automatic reminder moments (aware, UTC), earliest first, all before the deadline."""
    return slots_before(round_.deadline_at, round_.reminder_days or [], round_.reminder_hour)


class RoundPolicy(Policy):
    kind = InvitationKind.ROUND

    def link_valid_until(self, invitation: Invitation) -> datetime:
        return invitation.round.link_valid_until

    def is_live(self, invitation: Invitation) -> bool:
        return invitation.round.is_started

    def reminder_slots(self, invitation: Invitation) -> list[datetime]:
        return schedule(invitation.round)

    def wants_reminder(self, invitation: Invitation, moment: datetime) -> bool:
        round_ = invitation.round
        return round_.is_started and moment < round_.deadline_at and not invitation.is_submitted

    def max_reminders(self, invitation: Invitation) -> int:
        return invitation.round.max_reminders

    def send_reminder(self, invitation: Invitation, token: str):
        from intake.rounds import mails
        from intake.rounds import service as rounds

        return mails.owner_reminded(invitation, rounds.goals_for(invitation), token)

    def open_invitations(self, moment: datetime) -> list[Invitation]:
        from intake.rounds import reminders

        return reminders.candidates(reminders.rounds_with_a_passed_slot(moment))


register(RoundPolicy())
