"""What differs between kinds of invitation, in one interface the engine calls.

Each kind registers one `Policy` at import (`register`). tokens.py asks it whether a link is
still valid; reminders.py asks it when to remind, whom, and what the reminder says;
retention.py asks it which invitations are past their storage time (GDPR art. 5(1)(e)).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select

from intake.invitations.models import Invitation, InvitationKind

_POLICIES: dict[InvitationKind, Policy] = {}


class Policy:
    """Subclass per kind; every method gets an invitation of that kind."""

    kind: InvitationKind

    def link_valid_until(self, invitation: Invitation) -> datetime:
        """Aware UTC moment after which every link of the invitation is "not valid"."""
        raise NotImplementedError

    def is_live(self, invitation: Invitation) -> bool:
        """False when the thing asked about no longer takes answers or shows anything (a round
        not started); a link to a live invitation still needs `now() < link_valid_until`."""
        return True

    def reminder_slots(self, invitation: Invitation) -> list[datetime]:
        """The automatic reminder moments (aware UTC, earliest first) for this invitation."""
        return []

    def wants_reminder(self, invitation: Invitation, moment: datetime) -> bool:
        """Whether this person should be reminded at `moment` at all (not answered, before
        the deadline, ...); the engine adds the rules common to every kind."""
        return not invitation.is_answered

    def max_reminders(self, invitation: Invitation) -> int:
        return 3

    def send_reminder(self, invitation: Invitation, token: str):
        """Queue the reminder mail carrying `token`; returns its OutboxMessage."""
        raise NotImplementedError

    def open_invitations(self, moment: datetime) -> list[Invitation]:
        """Candidates for automatic reminders at `moment` (eager-load what the checks read)."""
        return []

    def expired(self, moment: datetime) -> Select | None:
        """This kind's invitations whose storage time ended before `moment` (aware UTC), as
        a select of rows (invitation id, aware UTC moment the storage time counts from);
        `flask gdpr purge` deletes them (intake/invitations/retention.py). None: the kind
        keeps its invitations or has its own retention (rounds: intake/rounds/retention.py)."""
        return None


def register(policy: Policy) -> Policy:
    _POLICIES[policy.kind] = policy
    return policy


def policy_for(kind: InvitationKind) -> Policy:
    return _POLICIES[kind]


def all_policies() -> list[Policy]:
    return list(_POLICIES.values())
