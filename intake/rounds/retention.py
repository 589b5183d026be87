"""Retention for follow-up data, run by `flask gdpr purge` with the sign-ups.

The follow-up form's privacy text promises: "Vi gemmer dine svar, så længe målet følges op,
og sletter dem senest 5 år efter" (forms/opfoelgning.yaml, privacy.retention). So, once a
round's links closed more than the form's `retention_days` ago (default 5 years):

- each invitation is de-identified as on erasure (intake.rounds.gdpr.deidentify): links,
  reminders, drafts and pending late answers go; superseded answer versions are deleted; the
  latest version stays without free text, as the goal's record (status and progress); the
  files the owner attached (action plans) are deleted, from disk after the commit;
- an owner who owns no goal of a period that ended within the retention time and has no
  invitation left in a younger round is deleted (name, e-mail, organisation);
- a published comment that still holds a de-identified invitation's `offentlig_kommentar`
  words is emptied and no longer shown, as on erasure (intake.rounds.gdpr).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from intake.clock import LOCAL, add_local_days
from intake.extensions import db
from intake.goals.models import Owner
from intake.rounds.definition import definition_for
from intake.rounds.gdpr import deidentify, erase_owner, is_erased, published_comments
from intake.rounds.models import Invitation, Round, RoundState

DEFAULT_RETENTION_DAYS = 5 * 365  # "senest 5 år efter" (forms/opfoelgning.yaml)


@dataclass
class FollowupPurge:
    invitations: list[Invitation] = field(default_factory=list)
    owners: list[Owner] = field(default_factory=list)
    versions: int = 0  # superseded answer versions that will be deleted
    comments: int = 0  # published comments holding these owners' words, to be taken down
    oldest_round: datetime | None = None

    @property
    def total(self) -> int:
        return len(self.invitations) + len(self.owners)


def retention_days(round_: Round) -> int:
    definition = definition_for(round_)
    return (
        definition.retention_days
        if definition is not None and definition.retention_days
        else DEFAULT_RETENTION_DAYS
    )


def plan(moment: datetime) -> FollowupPurge:
    """What the purge would do now (reads only)."""
    result = FollowupPurge()
    young_owner_ids: set[int] = set()
    for round_ in db.session.scalars(
        sa.select(Round).where(Round.state == RoundState.STARTED).order_by(Round.deadline_at)
    ):
        # Days on the Copenhagen calendar (issue 9 §4): the age is reached at the same
        # wall-clock time, not an hour off across a clock change.
        expired = round_.link_valid_until < add_local_days(moment, -retention_days(round_))
        for invitation in round_.invitations:
            if not expired:
                young_owner_ids.add(invitation.owner_id)
            elif not is_erased(invitation.owner):
                result.invitations.append(invitation)
                result.versions += max(len(invitation.submissions) - 1, 0)
                result.oldest_round = result.oldest_round or round_.link_valid_until
    cutoff = add_local_days(moment, -DEFAULT_RETENTION_DAYS)
    last_old_year = cutoff.astimezone(LOCAL).year - 1  # periods (calendar years) that ended before
    for owner in db.session.scalars(
        sa.select(Owner).where(Owner.created_at < cutoff).order_by(Owner.id)
    ):
        if is_erased(owner) or owner.id in young_owner_ids:
            continue
        if all(goal.period.year <= last_old_year for goal in owner.goals):
            result.owners.append(owner)
    if result.invitations:
        result.comments = len(published_comments(result.invitations))
    return result


def purge(found: FollowupPurge) -> tuple[int, dict]:
    """De-identify and delete what `plan` found (flushes). Returns (records, log payload
    without personal data: row ids and creation times, for `gdpr reapply-deletions`, and the
    published comments taken down by row, publication and goal id)."""
    taken_down: list[dict] = []
    payload = {
        "invitations": [
            {"id": i.id, "created_at": i.created_at.isoformat()} for i in found.invitations
        ],
        "owners": [{"id": o.id, "created_at": o.created_at.isoformat()} for o in found.owners],
        "published_comments": taken_down,
    }
    count = 0
    for invitation in found.invitations:
        count += deidentify(invitation, keep_versions=False, taken_down=taken_down)
    db.session.flush()
    for owner in found.owners:
        count += erase_owner(owner, taken_down)
    return count, payload
