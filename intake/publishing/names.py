"""Whose name the public page may show: an owner who ticked the round form's name consent.

The consent is the general field of type `consent` with purpose `name` (contract C1/C4, e.g.
`navn_offentligt` in forms/opfoelgning.yaml), read from the owner's latest submission in the
round (`Submission.answers["general"][key]`) each time a page is drawn, so answering again
without the tick hides the name at once. An erased owner's placeholder never consents.
"""

from __future__ import annotations

import sqlalchemy as sa

from intake.extensions import db
from intake.formdefs.types.consent import is_given
from intake.goals.models import Goal, Owner
from intake.rounds.definition import answered_for
from intake.rounds.models import Invitation, Round

CONSENT_TYPE = "consent"
NAME_PURPOSE = "name"


def name_keys(round_: Round) -> list[str]:
    """The keys of the round form's general consent fields with purpose `name` (older
    versions' included, so an answer given under one still counts); [] when none."""
    definition = answered_for(round_)
    if definition is None:
        return []
    return [
        f.key for f in definition.fields
        if f.type == CONSENT_TYPE and f.extra.get("purpose", "news") == NAME_PURPOSE
    ]


def consenting(round_: Round, goal: Goal, keys: list[str] | None = None) -> list[Owner]:
    """The goal's owners, by name, whose latest submission in `round_` gives the name
    consent. `keys` from `name_keys(round_)` when the caller already has them."""
    keys = name_keys(round_) if keys is None else keys
    if not keys:
        return []
    owners = [o for o in goal.owners if not o.is_erased]
    if not owners:
        return []
    invitations = db.session.scalars(
        sa.select(Invitation).where(
            Invitation.round_id == round_.id, Invitation.owner_id.in_([o.id for o in owners])
        )
    )
    latest = {inv.owner_id: inv.latest for inv in invitations}
    return [o for o in owners if _gives(latest.get(o.id), keys)]


def _gives(submission, keys: list[str]) -> bool:
    if submission is None:
        return False
    general = (submission.answers or {}).get("general") or {}
    return any(is_given(general.get(key)) for key in keys)
