"""Invitations to a form: send a list, answer by link, change the answer, remind, resend,
withdraw, and the response rate (issue 13 §3). Every function flushes and never commits; the
view (one unit of work) commits once, then the mail worker is woken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from intake import matching
from intake.clock import now
from intake.extensions import db
from intake.formdefs.schema import FormDef
from intake.goals.service import find_owner
from intake.invitations import form_mails, tokens
from intake.invitations.form_lists import Recipient
from intake.invitations.form_models import FormInvitation, FormSending
from intake.invitations.models import Invitation, TokenPurpose
from intake.signups import service as signups


@dataclass(frozen=True)
class SendingData:
    """What staff chose: `deadline_at` aware, in the future; `reminder_days` days before it."""

    form_slug: str
    subject: str
    body: str
    deadline_at: datetime
    reminder_days: list[int] = field(default_factory=lambda: [7, 2])


@dataclass
class Plan:
    """Who gets a mail (`new`) and how many on the list were invited to this form before."""

    new: list[Recipient]
    already: int


@dataclass
class Figures:
    invited: int
    answered: int
    withdrawn: int

    @property
    def rate(self) -> float | None:
        """answered / invited (0..1), None with nobody invited."""
        return self.answered / self.invited if self.invited else None


def invitations_of_form(slug: str) -> list[FormInvitation]:
    return list(db.session.scalars(
        sa.select(FormInvitation).join(FormInvitation.sending)
        .where(FormSending.form_slug == slug)
        .options(selectinload(FormInvitation.person))
        .order_by(FormInvitation.id)
    ))


def plan(slug: str, recipients: list[Recipient]) -> Plan:
    """Leaves out everyone already invited to the form `slug` (by e-mail key; a withdrawn
    invitation does not count, so staff can invite that person again)."""
    taken = {matching.email_key(inv.recipient_email)
             for inv in invitations_of_form(slug) if not inv.is_withdrawn}
    new = [r for r in recipients if r.key not in taken]
    return Plan(new, len(recipients) - len(new))


def send(data: SendingData, recipients: list[Recipient], sent_by: str | None) -> FormSending:
    """One sending and one invitation and mail per new recipient (`plan` decides who);
    the invitation points at the person record when one exists for the address."""
    sending = FormSending(form_slug=data.form_slug, subject=data.subject, body=data.body,
                          deadline_at=data.deadline_at, reminder_days=list(data.reminder_days),
                          sent_by=sent_by, created_at=now())
    db.session.add(sending)
    for recipient in plan(data.form_slug, recipients).new:
        person = find_owner(recipient.key)  # before the new row joins the session's flush
        invitation = FormInvitation(sending=sending, locale="da", reminder_count=0,
                                    created_at=now())
        if person is not None and not person.is_erased:
            invitation.person = person
        else:
            invitation.name, invitation.email = recipient.name, recipient.key
        db.session.add(invitation)
        _mail(invitation)
    db.session.flush()
    return sending


def _mail(invitation: FormInvitation) -> None:
    token = tokens.issue(invitation, TokenPurpose.INVITATION)
    invitation.invited_at = invitation.invited_at or now()
    invitation.message = form_mails.form_invited(invitation, token)


def lock(invitation: FormInvitation) -> FormInvitation:
    """Re-reads the invitation under a row lock (PostgreSQL; on SQLite the POST's BEGIN
    IMMEDIATE already serialises writers), so two answers from one link make one sign-up."""
    db.session.execute(
        sa.select(Invitation.id).where(Invitation.id == invitation.id).with_for_update()
    )
    db.session.refresh(invitation)
    return invitation


def answer(invitation: FormInvitation, definition: FormDef, answers: dict, submission_key: str,
           locale: str = "da") -> signups.Outcome:
    """The first answer: a sign-up through `signups.service.submit(..., source="invitation")`
    (capacity, waiting list and confirmation mail as for the public form); on success the
    invitation is answered and points at it. Returns submit's Outcome; status
    "answered_before" (and the earlier sign-up) if the link has been answered meanwhile."""
    lock(invitation)
    if invitation.signup_id is not None:
        return signups.Outcome("answered_before", invitation.signup)
    outcome = signups.submit(definition, answers, submission_key, locale=locale,
                             source="invitation")
    if outcome.signup is not None:
        invitation.signup = outcome.signup
        invitation.answered_at = invitation.answered_at or now()
        db.session.flush()
    return outcome


def change(invitation: FormInvitation, definition: FormDef, answers: dict):
    """A later answer: `intake.signups.edits.change(..., changed_by="invitation")` (the
    earlier answers kept as a version; seats through capacity). Returns its EditOutcome."""
    from intake.signups import edits

    outcome = edits.change(definition, invitation.signup, answers, changed_by="invitation")
    if outcome.ok and outcome.changed:
        invitation.answered_at = now()
        db.session.flush()
    return outcome


def opened(invitation: FormInvitation) -> None:
    """Noted on a POST only (a GET changes nothing: mail scanners open links)."""
    moment = now()
    invitation.opened_at = invitation.opened_at or moment
    invitation.last_opened_at = moment


def resend(invitation: FormInvitation) -> None:
    """A new mail with a new link; the earlier links keep working until the link deadline."""
    _mail(invitation)
    db.session.flush()


def withdraw(invitation: FormInvitation) -> int:
    """Every link of the invitation stops working and no more reminders go; returns how many
    live links there were."""
    invitation.revoked_at = invitation.revoked_at or now()
    return tokens.revoke_all(invitation)


def open_invitations(sending: FormSending) -> list[FormInvitation]:
    return [inv for inv in sending.invitations if not inv.is_answered and not inv.is_withdrawn]


def remind_now(sending: FormSending) -> int:
    """Staff's "Send påmindelse nu": the engine's `send_now` (its rules: not twice a day,
    at most 3, ...) to everyone who has not answered, before the deadline only."""
    from intake.invitations import reminders

    if now() >= sending.deadline_at:
        return 0
    return reminders.send_now(open_invitations(sending))


def figures(sending: FormSending) -> Figures:
    live = [inv for inv in sending.invitations if not inv.is_withdrawn]
    return Figures(
        invited=len(live),
        answered=sum(1 for inv in live if inv.is_answered),
        withdrawn=len(sending.invitations) - len(live),
    )


def sendings_of(slug: str) -> list[FormSending]:
    return list(db.session.scalars(
        sa.select(FormSending).where(FormSending.form_slug == slug)
        .options(selectinload(FormSending.invitations))
        .order_by(FormSending.created_at.desc(), FormSending.id.desc())
    ))


