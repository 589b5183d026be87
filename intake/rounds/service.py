"""Round use cases: create, start (invite every owner), resend, change e-mail, add late.

Services flush and queue mail; the view commits once and then wakes the mail worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from intake import matching
from intake.branding import current_brand
from intake.clock import now
from intake.extensions import db
from intake.goals import service as goals
from intake.goals.models import Goal, Owner, Period
from intake.rounds import mails, tokens
from intake.rounds.models import (
    DEFAULT_REMINDER_DAYS,
    Invitation,
    Round,
    RoundState,
    TokenPurpose,
)


@dataclass
class RoundData:
    title: str
    form_slug: str
    deadline_at: datetime  # aware
    grace_days: int = 14
    reminder_days: list[int] = field(default_factory=lambda: list(DEFAULT_REMINDER_DAYS))
    reminder_hour: int = 9
    max_reminders: int = 3
    # None: the brand's (README "Branding"), taken when the round is saved
    contact_name: str | None = None
    contact_email: str | None = None
    invitation_subject: str = mails.DEFAULT_INVITATION_SUBJECT
    invitation_body: str = mails.DEFAULT_INVITATION_BODY
    reminder_subject: str = mails.DEFAULT_REMINDER_SUBJECT
    reminder_body: str = mails.DEFAULT_REMINDER_BODY


def create_round(period: Period, data: RoundData) -> Round:
    round_ = Round(period=period, state=RoundState.DRAFT, created_at=now())
    _apply(round_, data)
    db.session.add(round_)
    db.session.flush()
    return round_


def update_round(round_: Round, data: RoundData) -> None:
    _apply(round_, data)
    db.session.flush()


def _apply(round_: Round, data: RoundData) -> None:
    brand = current_brand()
    defaults = {"contact_name": brand.name, "contact_email": brand.email}
    for name in RoundData.__dataclass_fields__:
        value = getattr(data, name)
        if value is None and name in defaults:
            value = defaults[name]
        if name.endswith("_body"):
            value = mails.with_organisation(value, brand.name)
        setattr(
            round_,
            name,
            value.strip() if isinstance(value, str) and name.endswith(("title", "name")) else value,
        )
    round_.reminder_days = sorted({int(d) for d in data.reminder_days}, reverse=True)


def rounds_of(period: Period) -> list[Round]:
    return list(db.session.scalars(
        sa.select(Round).where(Round.period_id == period.id).order_by(Round.deadline_at)
    ))


def is_open(round_: Round) -> bool:
    """Answers are accepted: started and before the deadline."""
    return round_.is_started and now() < round_.deadline_at


def goals_for(invitation: Invitation) -> list[Goal]:
    """The owner's goals in the round's period, read now (a goal added later shows up)."""
    return goals.owner_goals(invitation.owner, invitation.round.period)


def invitation_for(round_: Round, owner: Owner) -> Invitation | None:
    return db.session.scalar(
        sa.select(Invitation).where(
            Invitation.round_id == round_.id, Invitation.owner_id == owner.id
        )
    )


def start(round_: Round) -> int:
    """Invite every owner of a goal in the period: one mail each, listing their goals."""
    db.session.refresh(round_, with_for_update=True)  # a double click invites nobody twice
    if round_.is_started:
        return 0
    round_.state = RoundState.STARTED
    round_.started_at = now()
    invited = {inv.owner_id for inv in round_.invitations}
    count = 0
    for owner, owner_goals in goals.goals_by_owner(round_.period):
        if owner.id not in invited:
            invitation = Invitation(round=round_, owner=owner, created_at=now(), reminder_count=0)
            db.session.add(invitation)
            _send_invitation(invitation, owner_goals)
            count += 1
    db.session.flush()
    return count


def invite(round_: Round, owner: Owner) -> Invitation:
    """Ask one owner (also for an owner added after the start)."""
    invitation = invitation_for(round_, owner)
    if invitation is None:
        invitation = Invitation(round=round_, owner=owner, created_at=now(), reminder_count=0)
        db.session.add(invitation)
    _send_invitation(invitation)
    db.session.flush()
    return invitation


def _send_invitation(invitation: Invitation, owner_goals: list[Goal] | None = None) -> None:
    token = tokens.issue(invitation, TokenPurpose.INVITATION)
    owner_goals = goals_for(invitation) if owner_goals is None else owner_goals
    invitation.message = mails.owner_invited(invitation, owner_goals, token)
    invitation.invited_at = now()


def resend(invitation: Invitation) -> None:
    """A new mail with a new link; earlier links keep working."""
    _send_invitation(invitation)
    db.session.flush()


def revoke(invitation: Invitation) -> int:
    return tokens.revoke_all(invitation)


def change_email(owner: Owner, email: str) -> list[Invitation]:
    """The old address's links die; every open invitation is sent again to the new address."""
    owner.email = matching.email_key(email)
    reissued = []
    for invitation in db.session.scalars(
        sa.select(Invitation).where(Invitation.owner_id == owner.id)
    ):
        tokens.revoke_all(invitation)
        if invitation.round.is_started and now() < invitation.round.link_valid_until:
            _send_invitation(invitation)
            reissued.append(invitation)
    db.session.flush()
    return reissued


def add_owner_late(round_: Round, goal: Goal, owner: Owner) -> Invitation | None:
    """Make `owner` an owner of `goal`; in a started round they are invited at once."""
    goals.add_owner(goal, owner)
    if round_.is_started:
        return invite(round_, owner)
    return None


def open_invitations_for_email(email: str) -> list[Invitation]:
    """For 'Har du mistet dit link?': the owner's invitations whose links still work."""
    owner = goals.find_owner(email)
    if owner is None:
        return []
    rows = db.session.scalars(
        sa.select(Invitation).join(Round).where(
            Invitation.owner_id == owner.id, Round.state == RoundState.STARTED,
        ).order_by(Round.deadline_at)
    )
    return [inv for inv in rows if now() < inv.round.link_valid_until]


def send_lost_link(email: str) -> int:
    """Fresh links for every open invitation of the address; nothing at all if unknown."""
    invitations = open_invitations_for_email(email)
    if not invitations:
        return 0
    entries = [(inv, tokens.issue(inv, TokenPurpose.LOST_LINK)) for inv in invitations]
    mails.owner_new_link(invitations[0].owner.email, entries)
    db.session.flush()
    return len(entries)
