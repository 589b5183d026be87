"""A field's answer options: add, relabel, move up or down, remove. The code is made from
the first label when the option is added and never changes, so stored answers keep it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from intake.staff import audit, bp
from intake.staff.editor import edits
from intake.staff.editor.common import draft_or_404, forms_role, save
from intake.staff.editor.form_views import RevisionForm
from intake.staff.editor.props import EditorForm

TOO_LONG = _l("Teksten er for lang.")


class OptionForm(EditorForm):
    da = StringField(
        _l("Svarmulighed (dansk)"),
        validators=[
            DataRequired(_l("Skriv svarmuligheden på dansk.")),
            Length(max=300, message=TOO_LONG),
        ],
    )
    en = StringField(_l("Svarmulighed (engelsk)"), validators=[Length(max=300, message=TOO_LONG)])
    description_da = StringField(
        _l("Forklaring (dansk)"), validators=[Length(max=1000, message=TOO_LONG)]
    )
    description_en = StringField(
        _l("Forklaring (engelsk)"), validators=[Length(max=1000, message=TOO_LONG)]
    )


def _options_page(slug: str, address: str):
    return redirect(url_for("staff.editor_options", slug=slug, address=address), 303)


def _field_or_404(draft, address: str) -> dict:
    try:
        return edits.field_at(draft.mapping, address)
    except KeyError:
        abort(404)


@bp.route("/skemaer/<slug>/felter/<address>/svar", methods=["GET", "POST"])
@forms_role
def editor_options(slug: str, address: str):
    """GET lists the options; POST adds one (the form at the bottom of the page)."""
    draft = draft_or_404(slug)
    field = _field_or_404(draft, address)
    add = OptionForm(prefix="new", revision=draft.revision)
    conflict = None
    if request.method == "POST" and add.validate_on_submit():
        mapping, code = edits.add_option(draft.mapping, address, add.da.data, add.en.data)
        mapping = edits.relabel_option(
            mapping,
            address,
            code,
            add.da.data,
            add.en.data,
            (add.description_da.data, add.description_en.data),
        )
        saved, conflict = save(slug, mapping, add)
        if saved is not None:
            audit.record("form.field_edit", f"form:{slug}", {"field": address, "option": code})
            flash(_("Svarmuligheden er tilføjet (kode %(code)s).", code=code))
            return _options_page(slug, address)
    return _render(draft, field, address, add, conflict=conflict)


def _render(draft, field, address, add, edited=None, conflict=None):
    rows = []
    options = [o for o in field.get("options") or [] if isinstance(o, dict)]
    for index, option in enumerate(options):
        code = str(option.get("code"))
        if edited is not None and edited[0] == code:
            form = edited[1]
        else:
            da, en = edits.text_parts(option.get("label"))
            about_da, about_en = edits.text_parts(option.get("description"))
            form = OptionForm(
                prefix=f"o-{index}",
                formdata=None,
                revision=draft.revision,
                da=da,
                en=en,
                description_da=about_da,
                description_en=about_en,
            )
        rows.append(
            {"code": code, "form": form, "first": index == 0, "last": index == len(options) - 1}
        )
    failed = conflict or add.errors or (edited is not None and edited[1].errors)
    return render_template(
        "staff/editor/options.html",
        draft=draft,
        field=field,
        address=address,
        rows=rows,
        add=add,
        button=RevisionForm(revision=draft.revision),
        conflict=conflict,
    ), 409 if conflict else (422 if failed else 200)


@bp.post("/skemaer/<slug>/felter/<address>/svar/<code>")
@forms_role
def editor_option(slug: str, address: str, code: str):
    """One option's buttons: save its label, up, down, remove."""
    draft = draft_or_404(slug)
    field = _field_or_404(draft, address)
    try:
        index = edits.option_index(field, code)
    except KeyError:
        abort(404)
    action = request.form.get("action", "save")
    if action == "save":
        form = OptionForm(prefix=f"o-{index}")
        if not form.validate_on_submit():
            add = OptionForm(prefix="new", formdata=None, revision=draft.revision)
            return _render(draft, field, address, add, edited=(code, form))
        mapping = edits.relabel_option(
            draft.mapping,
            address,
            code,
            form.da.data,
            form.en.data,
            (form.description_da.data, form.description_en.data),
        )
    else:
        form = RevisionForm()
        if not form.validate_on_submit():
            flash(_("Siden var udløbet. Prøv igen."))
            return _options_page(slug, address)
        if action == "remove":
            mapping = edits.remove_option(draft.mapping, address, code)
        else:
            mapping = edits.move_option(draft.mapping, address, code, -1 if action == "up" else 1)
    saved, conflict = save(slug, mapping, form)
    if conflict:
        add = OptionForm(prefix="new", formdata=None, revision=draft.revision)
        edited = (code, form) if action == "save" else None
        return _render(draft, field, address, add, edited=edited, conflict=conflict)
    audit.record("form.field_edit", f"form:{slug}", {"field": address, "option": code})
    return _options_page(slug, address)
