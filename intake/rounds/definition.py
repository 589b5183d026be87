"""Which follow-up form (forms/*.yaml with `kind: followup`) a round asks with, and whether a
form has what the status report needs."""

from __future__ import annotations

import sqlalchemy as sa

from intake.extensions import db
from intake.formdefs.registry import current_registry
from intake.formdefs.schema import FormDef
from intake.formdefs.versions import answered_definition
from intake.goals.models import GoalStatus
from intake.rounds import answers as answer_store
from intake.rounds.models import Invitation, LateAnswer, Round, Submission


def definition_for(round_: Round) -> FormDef | None:
    """The round's follow-up form, or None when it is gone or is not a follow-up form."""
    definition = current_registry().get(round_.form_slug)
    return definition if definition is not None and definition.kind == "followup" else None


def answered_for(round_: Round) -> FormDef | None:
    """The round's form joined with every older version its answers (submitted or late)
    were given under, so a question since removed keeps its column and label in the round's
    workbooks and answer pages (intake.formdefs.versions)."""
    definition = definition_for(round_)
    if definition is None:
        return None
    versions = set()
    for model in (Submission, LateAnswer):
        versions.update(db.session.scalars(
            sa.select(model.form_version).distinct()
            .join(Invitation, Invitation.id == model.invitation_id)
            .where(Invitation.round_id == round_.id)
        ))
    registry = current_registry()
    older = [
        found
        for version in sorted(versions - {definition.version})
        if (found := registry.get_version(round_.form_slug, version)) is not None
    ]
    return answered_definition(definition, older)


def check_definition(definition: FormDef) -> list[str]:
    """What the status report needs from a follow-up form, in Danish for staff."""
    problems = []
    status = definition.goal_field(answer_store.STATUS_KEY)
    codes = {s.value for s in GoalStatus}
    if status is None or status.type != "choice":
        problems.append(
            f"'goal_fields' skal have et choice-felt med nøglen '{answer_store.STATUS_KEY}'."
        )
    elif not {o.code for o in status.options} <= codes:
        problems.append(
            "Svarkoderne for 'status' skal være blandt: " + ", ".join(sorted(codes)) + "."
        )
    progress = definition.goal_field(answer_store.PROGRESS_KEY)
    if progress is not None and progress.type != "integer":
        problems.append(f"'{answer_store.PROGRESS_KEY}' skal være et integer-felt.")
    return problems


def usable_forms() -> list[FormDef]:
    """The follow-up forms a new round may use: those without problems."""
    return [f for f in current_registry().followup_forms() if not check_definition(f)]
