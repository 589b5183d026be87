"""One form's page: its settings in short, its fields (edit, up, down, remove), a new
field, and the checker's report with each mistake linked to its field."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectChoice, StringField
from wtforms.validators import DataRequired, Length

from intake.formdefs.types import REGISTRY
from intake.staff import audit, bp
from intake.staff.editor import edits
from intake.staff.editor.common import (
    back_to_form,
    draft_or_404,
    expired,
    forms_role,
    save,
    store,
)
from intake.staff.editor.props import EditorForm
from intake.staff.forms import ChoiceField


class AddFieldForm(EditorForm):
    type = ChoiceField(_l("Felttype"), validators=[DataRequired(_l("Vælg en felttype."))])
    label = StringField(
        _l("Spørgsmål"),
        validators=[
            DataRequired(_l("Skriv spørgsmålet, fx Hvad hedder virksomheden?")),
            Length(max=300, message=_l("Teksten er for lang.")),
        ],
    )
    parent = HiddenField()


class RevisionForm(EditorForm):
    """A button (move, remove, close): the CSRF token and the draft's revision."""


def type_choices(parent: str | None = None) -> list[SelectChoice]:
    """Every registered type, by its Danish name; only those allowed in a repeat's row."""

    def allowed(t) -> bool:
        if parent == edits.GOAL_BLOCK:
            return t.in_goal_block or not t.top_level_only
        return not (parent and (t.top_level_only or t.rows))

    return [
        SelectChoice(name, f"{t.label} ({name})")
        for name, t in sorted(REGISTRY.items())
        if allowed(t)
    ]


def field_rows(fields: list, parent: str = "", depth: int = 0) -> list[dict]:
    """The fields as the page lists them: address, depth, label, type name, first/last."""
    rows = []
    for index, field in enumerate(fields or []):
        if not isinstance(field, dict):
            continue
        key = str(field.get("key"))
        address = f"{parent}.{key}" if parent else key
        kind = REGISTRY.get(str(field.get("type")))
        rows.append(
            {
                "address": address,
                "key": key,
                "depth": depth,
                "label": edits.text_parts(field.get("label") or field.get("text"))[0] or key,
                "type": kind.label.da if kind else str(field.get("type")),
                "first": index == 0,
                "last": index == len(fields) - 1,
                "show_if": bool(field.get("show_if")),
            }
        )
        if field.get("fields"):
            rows.extend(field_rows(field["fields"], address, depth + 1))
    return rows


def problem_links(slug: str, mapping: dict, problems) -> list[tuple[str, str | None]]:
    """(Danish text, the URL of the field's edit page or None) for each checker problem."""
    listed = field_rows(mapping.get("fields")) + field_rows(
        mapping.get(edits.GOAL_BLOCK), edits.GOAL_BLOCK
    )
    rows = {row["key"]: row["address"] for row in listed}
    out = []
    for problem in problems:
        name = getattr(problem, "field", None)
        address = rows.get(name) or (name if name in rows.values() else None)
        link = url_for("staff.editor_field", slug=slug, address=address) if address else None
        out.append((problem.text, link))
    return out


@bp.get("/skemaer/<slug>")
@forms_role
def editor_form(slug: str):
    draft = draft_or_404(slug)
    add = AddFieldForm(revision=draft.revision)
    add.type.choices = type_choices()
    return _page(draft, add)


def _page(draft, add, status: int = 200, conflict: str | None = None):
    s = store()
    problems = problem_links(draft.slug, draft.mapping, s.check(draft.mapping))
    summary = next((f for f in s.list_forms() if f.slug == draft.slug), None)
    return render_template(
        "staff/editor/form.html",
        draft=draft,
        mapping=draft.mapping,
        add=add,
        rows=field_rows(draft.mapping.get("fields")),
        goal_rows=field_rows(draft.mapping.get(edits.GOAL_BLOCK), edits.GOAL_BLOCK)
        if draft.mapping.get("kind") == "followup"
        else None,
        goal_types=type_choices(edits.GOAL_BLOCK),
        problems=problems,
        summary=summary,
        button=RevisionForm(revision=draft.revision),
        conflict=conflict,
        title=edits.text_parts(draft.mapping.get("title"))[0] or draft.slug,
    ), status


@bp.post("/skemaer/<slug>/felter")
@forms_role
def editor_add_field(slug: str):
    draft = draft_or_404(slug)
    add = AddFieldForm()
    parent = add.parent.data or None
    add.type.choices = type_choices(parent)
    if not add.validate_on_submit():
        return _page(draft, add, 422)
    try:
        mapping, address = edits.add_field(draft.mapping, add.type.data, add.label.data, parent)
    except KeyError:
        return back_to_form(slug, _("Feltet findes ikke længere."))
    saved, conflict = save(slug, mapping, add)
    if conflict:
        return _page(draft, add, 409, conflict)
    audit.record("form.field_add", f"form:{slug}", {"field": address})
    return _redirect_field(slug, address)


def _redirect_field(slug: str, address: str):
    flash(_("Feltet er tilføjet. Udfyld dets egenskaber."))
    return redirect(url_for("staff.editor_field", slug=slug, address=address), 303)


@bp.post("/skemaer/<slug>/felter/<address>/flyt")
@forms_role
def editor_move_field(slug: str, address: str):
    draft = draft_or_404(slug)
    form = RevisionForm()
    if not form.validate_on_submit():
        return expired(slug)
    step = -1 if request.form.get("step") == "up" else 1
    try:
        mapping = edits.move_field(draft.mapping, address, step)
    except KeyError:
        return back_to_form(slug, _("Feltet findes ikke længere."))
    _saved, conflict = save(slug, mapping, form)
    return back_to_form(slug, conflict)


@bp.post("/skemaer/<slug>/felter/<address>/slet")
@forms_role
def editor_remove_field(slug: str, address: str):
    draft = draft_or_404(slug)
    form = RevisionForm()
    if not form.validate_on_submit():
        return expired(slug)
    try:
        mapping = edits.remove_field(draft.mapping, address)
    except KeyError:
        return back_to_form(slug, _("Feltet findes ikke længere."))
    _saved, conflict = save(slug, mapping, form)
    if conflict:
        return back_to_form(slug, conflict)
    audit.record("form.field_remove", f"form:{slug}", {"field": address})
    return back_to_form(slug, _("Feltet %(key)s er fjernet fra kladden.", key=address))
