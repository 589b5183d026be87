"""The engine's rules for an invitation to a form (intake/invitations/policies.py), registered
at import (issue 13 §3 "Follow-up"):

- a link works until the sending's deadline + LINK_GRACE (14 days), so someone who answered
  can still open it and see their answer for a while; whether the form still takes changes
  is the form's own window;
- automatic reminders at 09.00 Copenhagen time on the sending's reminder days before the
  deadline (default 7 and 2), at most MAX_REMINDERS, only to those who have not answered
  and only before the deadline; the engine adds the common rules (not twice a day, ...);
- retention (`expired`): the invitation is deleted by `flask gdpr purge` the form's own
  `retention_days` after it was sent, the promise its privacy text makes for the sign-up; a
  form without `retention_days`, or kept for the archive, keeps them as it keeps sign-ups.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, selectinload

from intake.extensions import db
from intake.invitations import policies
from intake.invitations.form_models import DEFAULT_REMINDER_DAYS, FormInvitation, FormSending
from intake.invitations.models import InvitationKind

LINK_GRACE = timedelta(days=14)
REMINDER_HOUR = 9
MAX_REMINDERS = 3


def schedule(sending: FormSending) -> list[datetime]:
    """The sending's automatic reminder moments (aware UTC, earliest first)."""
    from intake.invitations.reminders import slots_before

    days = sending.reminder_days if sending.reminder_days is not None else DEFAULT_REMINDER_DAYS
    return slots_before(sending.deadline_at, days, REMINDER_HOUR)


class FormPolicy(policies.Policy):
    kind = InvitationKind.FORM

    def link_valid_until(self, invitation: FormInvitation) -> datetime:
        return invitation.sending.deadline_at + LINK_GRACE

    def reminder_slots(self, invitation: FormInvitation) -> list[datetime]:
        return schedule(invitation.sending)

    def wants_reminder(self, invitation: FormInvitation, moment: datetime) -> bool:
        return not invitation.is_answered and moment < invitation.sending.deadline_at

    def max_reminders(self, invitation: FormInvitation) -> int:
        return MAX_REMINDERS

    def send_reminder(self, invitation: FormInvitation, token: str):
        from intake.invitations import form_mails

        return form_mails.form_reminded(invitation, token)

    def open_invitations(self, moment: datetime) -> list[FormInvitation]:
        return list(db.session.scalars(
            sa.select(FormInvitation).join(FormInvitation.sending)
            .where(FormSending.deadline_at > moment,
                   FormInvitation.answered_at.is_(None),
                   FormInvitation.revoked_at.is_(None),
                   FormInvitation.invited_at.is_not(None),
                   FormInvitation.reminder_count < MAX_REMINDERS)
            .options(contains_eager(FormInvitation.sending),
                     selectinload(FormInvitation.reminders),
                     selectinload(FormInvitation.person))
            .order_by(FormInvitation.id)
        ).unique())

    def expired(self, moment: datetime) -> sa.Select | None:
        from intake.clock import add_local_days
        from intake.formdefs.registry import current_registry

        sent = sa.func.coalesce(FormInvitation.invited_at, FormInvitation.created_at)
        per_form = [
            sa.and_(FormSending.form_slug == definition.slug,
                    sent < add_local_days(moment, -definition.retention_days))
            for definition in current_registry().definitions.values()
            if definition.retention_days and not definition.archive
        ]
        if not per_form:
            return None
        return (
            sa.select(FormInvitation.id, sent)
            .join(FormSending, FormSending.id == FormInvitation.sending_id)
            .where(sa.or_(*per_form))
        )


POLICY = policies.register(FormPolicy())
