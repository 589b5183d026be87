"""Which follow-up form (forms/*.yaml with `kind: followup`) a round asks with, and whether a
form has what the status report needs."""

from __future__ import annotations

from intake.formdefs.registry import current_registry
from intake.formdefs.schema import FormDef
from intake.goals.models import GoalStatus
from intake.rounds import answers as answer_store
from intake.rounds.models import Round


def definition_for(round_: Round) -> FormDef | None:
    """The round's follow-up form, or None when it is gone or is not a follow-up form."""
    definition = current_registry().get(round_.form_slug)
    return definition if definition is not None and definition.kind == "followup" else None


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
