"""The owner's questionnaire page: one block of the form's `goal_fields` per goal, then the
general part. Field names carry the goal id (`g12-status`); the POST is checked against the
session's own goals before anything is read, so an edited goal or owner id changes nothing.

Files (a `file` field, e.g. the action plan `handlingsplan`, issue 14 §3): the page posts
multipart; a POST is given the stored references of the file fields, so a field with no new
file keeps its files (a browser never sends a file twice) unless the owner ticks "Fjern";
accepted new files are stored by `store_files` when a draft, a version or a late answer is
saved, attached to the invitation and the goal (intake.files.service).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from werkzeug.datastructures import MultiDict

from intake.files import service as files
from intake.formdefs.blocks import form_data
from intake.formdefs.display import readable
from intake.formdefs.registry import current_registry
from intake.formdefs.schema import Condition, FieldDef, FormDef
from intake.goals.models import Goal, Owner
from intake.rounds import answers as answer_store
from intake.rounds.models import Invitation

BLOCK_NAME = re.compile(r"^g(\d+)-")


def _prefixed(condition: Condition | None, prefix: str) -> Condition | None:
    if condition is None:
        return None
    return Condition(tuple((prefix + name, values) for name, values in condition.terms))


def _prefixed_def(fdef: FieldDef, prefix: str) -> FieldDef:
    """A copy whose conditions name the prefixed fields, as the page's script sees them."""
    return replace(
        fdef,
        show_if=_prefixed(fdef.show_if, prefix),
        required_if=_prefixed(fdef.required_if, prefix),
        options=tuple(replace(o, show_if=_prefixed(o.show_if, prefix)) for o in fdef.options),
    )


class BlockView:
    """Stands in for the definition in the field macros of one goal's block."""

    capacity = None

    def __init__(self, definition: FormDef, prefix: str):
        self.definition, self.prefix = definition, prefix

    def field(self, name: str) -> FieldDef | None:
        key = name[len(self.prefix):] if name.startswith(self.prefix) else name
        return self.definition.goal_field(key)


@dataclass
class GoalBlock:
    goal: Goal
    prefix: str
    form: object
    fields: list[FieldDef]
    view: BlockView
    co_owners: list[Owner]
    hint: answer_store.Hint | None = None
    hint_rows: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Page:
    definition: FormDef
    invitation: Invitation
    goals: list[Goal]
    blocks: list[GoalBlock]
    general: object

    @property
    def has_errors(self) -> bool:
        return bool(self.general.errors) or any(b.form.errors for b in self.blocks)

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor id, text) for the error summary, in page order."""
        from intake.public.rendering import error_text, first_input_id

        links = []
        for block in self.blocks:
            for fdef in self.definition.goal_fields:
                if fdef.has_input and block.form[fdef.key].errors:
                    wtf = block.form[fdef.key]
                    links.append(
                        (
                            first_input_id(wtf),
                            f"{block.goal.title} – {fdef.label}: {error_text(wtf.errors)}",
                        )
                    )
        for fdef in self.definition.fields:
            if fdef.has_input and self.general[fdef.key].errors:
                wtf = self.general[fdef.key]
                links.append((first_input_id(wtf), f"{fdef.label}: {error_text(wtf.errors)}"))
        return links


def build(invitation: Invitation, goals: list[Goal], definition: FormDef,
          formdata: MultiDict | None = None) -> Page:
    block_cls, general_cls = current_registry().block_classes(definition)
    stored = answer_store.current(invitation)
    stored_goals = stored.get("goals") or {}
    blocks = []
    for goal in goals:
        prefix = f"g{goal.id}-"
        stored_block = stored_goals.get(str(goal.id))
        data = form_data(
            _file_defs(definition.goal_fields) if formdata is not None else definition.goal_fields,
            stored_block,
        )
        form = block_cls(formdata=formdata, prefix=prefix, data=data)
        _ready_files(form, definition.goal_fields, stored_block, formdata)
        hint = answer_store.previous_hint(goal, invitation.owner_id, invitation.round)
        blocks.append(GoalBlock(
            goal=goal, prefix=prefix, form=form,
            fields=[_prefixed_def(f, prefix) for f in definition.goal_fields],
            view=BlockView(definition, prefix),
            co_owners=[o for o in goal.owners if o.id != invitation.owner_id],
            hint=hint,
            hint_rows=readable(definition, hint.answers, definition.goal_fields) if hint else [],
        ))
    general_data = form_data(
        _file_defs(definition.fields) if formdata is not None else definition.fields,
        stored.get("general"),
    )
    general = general_cls(formdata=formdata, data=general_data)
    _ready_files(general, definition.fields, stored.get("general"), formdata)
    general.Subject.data = str(invitation.owner_id)
    general.Items.data = ",".join(str(g.id) for g in goals)
    return Page(definition, invitation, goals, blocks, general)


def _file_defs(defs) -> tuple[FieldDef, ...]:
    return tuple(f for f in defs if f.type == "file")


def _ready_files(form, defs, stored: dict | None, formdata: MultiDict | None) -> None:
    """Each file field may drop its stored files ("Fjern", `<name>-fjern`) and keeps them to
    show again if a new file is refused (intake.formdefs.types.file.FilesField)."""
    for fdef in _file_defs(defs):
        field = form[fdef.key]
        field.removable = True
        field.kept = [i for i in (stored or {}).get(fdef.key) or [] if isinstance(i, dict)]
        if formdata is not None:
            field.drop(formdata.getlist(f"{field.name}-fjern"))


def store_files(page: Page, collected: dict) -> None:
    """Store the newly chosen, accepted files of every block and the general part, and put
    their references (with ids) into `collected` (what `collect` gave); a field hidden by
    show_if stores nothing. Call it under the invitation's lock, before the answers are
    saved; then intake.files.service.prune_invitation drops files no answer names."""
    parts = [(b.form, b.goal.id, collected["goals"][str(b.goal.id)]) for b in page.blocks]
    parts.append((page.general, None, collected["general"]))
    for form, goal_id, answers in parts:
        defs = page.definition.goal_fields if goal_id is not None else page.definition.fields
        for fdef in _file_defs(defs):
            checked = getattr(form[fdef.key], "checked", None)
            if checked and answers.get(fdef.key) == [item.reference() for item in checked]:
                answers[fdef.key] = files.attach_to_invitation(
                    page.invitation, goal_id, fdef.key, checked)


def post_is_foreign(invitation: Invitation, goals: list[Goal], formdata: MultiDict) -> bool:
    """True when the POST names another owner or a goal that is not this owner's."""
    own = {g.id for g in goals}
    if formdata.get("Subject") != str(invitation.owner_id):
        return True
    try:
        listed = {int(x) for x in (formdata.get("Items") or "").split(",") if x}
    except ValueError:
        return True
    if listed != own:
        return True
    for name in formdata:
        match = BLOCK_NAME.match(name)
        if match and int(match.group(1)) not in own:
            return True
    return False


def validate(page: Page, is_draft: bool) -> bool:
    ok = page.general.validate(is_draft=is_draft)
    for block in page.blocks:
        ok = block.form.validate(is_draft=is_draft) and ok
    return ok


def collect(page: Page) -> dict:
    """The page's answers; a consent still ticked keeps the time, wording and language it was
    first given with (the name consent `navn_offentligt`: saving again renews nothing)."""
    from intake.formdefs.types.consent import keep_earlier

    earlier = answer_store.current(page.invitation).get("general")
    return {
        "goals": {str(b.goal.id): b.form.answers() for b in page.blocks},
        "general": keep_earlier(page.definition.fields, earlier, page.general.answers()),
    }


def typed_rows(definition: FormDef, formdata: MultiDict) -> list[tuple[str, list[tuple[str, str]]]]:
    """What a POST carried, exactly as typed (invalid values too), labelled by the form.

    For pages that cannot store a POST (the session has ended): [(heading, [(label, text)])].
    Goals are named by their place ("Mål 1"), never by title, so an ended session shows no
    stored data, only what the browser itself sent.
    """
    from flask_babel import gettext as _

    from intake.formdefs.typed import posted_rows

    ids = []
    for name in formdata:
        match = BLOCK_NAME.match(name)
        if match and match.group(1) not in ids:
            ids.append(match.group(1))
    parts = [(_("Mål %(n)s", n=n), posted_rows(definition.goal_fields, formdata, f"g{goal_id}-"))
             for n, goal_id in enumerate(ids, start=1)]
    parts.append((_("Til sidst"), posted_rows(definition.fields, formdata)))
    return [(heading, found) for heading, found in parts if found]
