"""A field's own page: its properties (a form generated from its type, props.py) and its
show_if / required_if, chosen as a field and its values from lists."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectMultipleField, widgets

from intake.formdefs.types import REGISTRY
from intake.staff import audit, bp
from intake.staff.editor import edits, props
from intake.staff.editor.common import draft_or_404, forms_role, save
from intake.staff.editor.form_views import RevisionForm, type_choices
from intake.staff.forms import ChoiceField


def _field_or_404(draft, address: str) -> dict:
    try:
        field = edits.field_at(draft.mapping, address)
    except KeyError:
        abort(404)
    if str(field.get("type")) not in REGISTRY:
        abort(404)
    return field


@bp.route("/skemaer/<slug>/felter/<address>", methods=["GET", "POST"])
@forms_role
def editor_field(slug: str, address: str):
    draft = draft_or_404(slug)
    field = _field_or_404(draft, address)
    type_name = str(field["type"])
    form_cls, inputs = props.form_class(type_name)
    conflict = None
    if request.method == "POST":
        form = form_cls()
        if form.validate_on_submit():
            new = props.apply(field, form, inputs, type_name)
            new_address = _renamed(address, new)
            try:
                mapping = edits.replace_field(draft.mapping, address, new)
            except KeyError:
                abort(404)
            if new_address != address and new["key"] in edits.all_keys(draft.mapping):
                form["key"].errors.append(_("Nøglen bruges allerede af et andet felt."))
            else:
                saved, conflict = save(slug, mapping, form)
                if saved is not None:
                    audit.record("form.field_edit", f"form:{slug}", {"field": new_address})
                    flash(_("Feltet er gemt."))
                    return redirect(
                        url_for("staff.editor_field", slug=slug, address=new_address), 303
                    )
    else:
        form = form_cls(data=props.form_data(field, inputs) | {"revision": draft.revision})
    status = 409 if conflict else (422 if form.errors else 200)
    return render_template(
        "staff/editor/field.html",
        draft=draft,
        field=field,
        address=address,
        form=form,
        inputs=inputs,
        own_pages=props.own_pages(type_name),
        type=REGISTRY[type_name],
        conflict=conflict,
        sub_types=type_choices(address),
        terms={
            p["name"]: edits.condition_terms(field.get(p["name"]))
            for p in props.own_pages(type_name)
            if p["kind"] == "condition"
        },
    ), status


def _renamed(address: str, new: dict) -> str:
    parent, _sep, _key = address.rpartition(".")
    return f"{parent}.{new['key']}" if parent else str(new["key"])


class ConditionForm(props.EditorForm):
    other = ChoiceField(_l("Feltet"))
    values = SelectMultipleField(
        _l("Vis kun, når svaret er et af disse"),
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
        validate_choice=False,
    )


CONDITION_PROPS = ("show_if", "required_if")


@bp.route(
    "/skemaer/<slug>/felter/<address>/<any(show_if, required_if):prop>", methods=["GET", "POST"]
)
@forms_role
def editor_condition(slug: str, address: str, prop: str):
    """Step 1: choose the field (GET ?felt=…, a plain form); step 2: tick its values, POST."""
    draft = draft_or_404(slug)
    _field_or_404(draft, address)
    sources = edits.condition_sources(draft.mapping, address)
    by_key = {str(f["key"]): f for f in sources}
    form = ConditionForm(revision=draft.revision)
    form.other.choices = [
        SelectChoice(k, edits.text_parts(f.get("label"))[0] or k) for k, f in by_key.items()
    ]
    chosen = request.values.get("other") or request.args.get("felt")
    conflict = None
    if chosen in by_key:
        form.other.data = chosen
        form.values.choices = [
            SelectChoice(str(o.get("code")), edits.text_parts(o.get("label"))[0])
            for o in by_key[chosen].get("options") or []
        ]
    if request.method == "POST":
        if "clear" in request.form and RevisionForm().validate_on_submit():
            mapping = edits.clear_condition(draft.mapping, address, prop)
            saved, conflict = save(slug, mapping, form)
        elif form.validate_on_submit() and chosen in by_key:
            offered = {c.value for c in form.values.choices}
            values = [v for v in form.values.data or [] if v in offered]
            mapping = edits.set_condition(draft.mapping, address, prop, chosen, values)
            saved, conflict = save(slug, mapping, form)
        else:
            saved = None
            form.other.errors = [_("Vælg et felt fra listen.")]
        if saved is not None:
            audit.record("form.field_edit", f"form:{slug}", {"field": address, "prop": prop})
            flash(_("Betingelsen er gemt."))
            return redirect(url_for("staff.editor_field", slug=slug, address=address), 303)
    elif chosen in by_key:
        current = dict(edits.condition_terms(edits.field_at(draft.mapping, address).get(prop)))
        form.values.data = current.get(chosen, [])
    current_terms = edits.condition_terms(edits.field_at(draft.mapping, address).get(prop))
    return render_template(
        "staff/editor/condition.html",
        draft=draft,
        address=address,
        prop=prop,
        form=form,
        chosen=chosen if chosen in by_key else None,
        terms=current_terms,
        conflict=conflict,
        button=RevisionForm(revision=draft.revision),
    ), 409 if conflict else 200
