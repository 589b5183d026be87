"""Settings that are lists, edited one entry at a time on one page: the form's dates
(`occasions` as a list) and its eligibility rules. Each entry is a generated form
(props.build) with Save and Remove; a last form adds an entry."""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake.formdefs.types.base import prop
from intake.staff import audit
from intake.staff.editor import props
from intake.staff.editor.common import draft_or_404, save


def _p(name, da, en, kind, **kw) -> dict:
    return prop(name, da, en, kind, **kw).describe()


@dataclass(frozen=True)
class ListSpec:
    name: str
    title: object
    key: str
    properties: tuple
    intro: object = None


OCCASIONS = ListSpec(
    "datoer",
    _l("Datoer"),
    "occasions",
    (
        _p("date", "Dato", "Date", "date", required=True),
        _p("start", "Starter (tt:mm)", "Starts", "string", required=True),
        _p("end", "Slutter (tt:mm)", "Ends", "string", required=True),
        _p("place", "Sted", "Place", "text", required=True),
        _p("capacity", "Pladser på datoen", "Seats", "integer"),
    ),
    _l(
        "En liste af datoer. Vil du hellere have en fast dag hver måned, så brug «Fast dag hver "
        "måned»; den erstatter listen."
    ),
)
ELIGIBILITY = ListSpec(
    "betingelser",
    _l("Betingelser for at deltage"),
    "eligibility",
    (
        _p("field", "Felt (nøgle)", "Field", "string", required=True),
        _p("in", "Tilladte svar", "Allowed answers", "lines"),
        _p("younger_than_years", "Yngre end (år), for et datofelt", "Younger than", "integer"),
        _p("at", "Alder regnes på", "Age at", "choice", allowed=("occasions", "today")),
        _p("message", "Besked, når betingelsen ikke er opfyldt", "Message", "text", required=True),
    ),
    _l("Hver regel nævner et felt og de svar, der giver adgang."),
)


def _entries(mapping: dict, spec: ListSpec) -> list:
    value = mapping.get(spec.key)
    return list(value) if isinstance(value, list) else []


def _with(mapping: dict, spec: ListSpec, entries: list) -> dict:
    new = dict(mapping)
    if entries:
        new[spec.key] = entries
    else:
        new.pop(spec.key, None)
    return new


def list_page(spec: ListSpec, slug: str):
    draft = draft_or_404(slug)
    from intake.staff.editor.settings_views import with_field_lists

    form_cls, inputs = props.build(
        with_field_lists(spec.properties, draft.mapping), f"List_{spec.name}"
    )
    entries = _entries(draft.mapping, spec)
    posted = request.form.get("entry") if request.method == "POST" else None
    conflict, failed = None, None
    if posted is not None:
        prefix = f"e{posted}" if posted != "new" else "new"
        form = form_cls(prefix=prefix)
        if form.validate_on_submit():
            new_entries = [dict(e) if isinstance(e, dict) else e for e in entries]
            if posted == "new":
                new_entries.append(props.apply_inputs({}, form, inputs))
            elif posted.isdigit() and int(posted) < len(entries):
                index = int(posted)
                if request.form.get("action") == "remove":
                    del new_entries[index]
                else:
                    new_entries[index] = props.apply_inputs(entries[index], form, inputs)
            saved, conflict = save(
                slug, _with(_no_rule(draft.mapping, spec), spec, new_entries), form
            )
            if saved is not None:
                audit.record("form.settings", f"form:{slug}", {"section": spec.name})
                flash(_("Gemt."))
                return redirect(url_for("staff.editor_settings", slug=slug, section=spec.name), 303)
        failed = (posted, form)
    forms = []
    for index, entry in enumerate(entries):
        if failed and failed[0] == str(index):
            forms.append((str(index), failed[1]))
            continue
        data = props.form_data(entry if isinstance(entry, dict) else {}, inputs)
        forms.append(
            (
                str(index),
                form_cls(
                    prefix=f"e{index}", formdata=None, data=data | {"revision": draft.revision}
                ),
            )
        )
    new = (
        failed[1]
        if failed and failed[0] == "new"
        else form_cls(prefix="new", formdata=None, data={"revision": draft.revision})
    )
    from intake.staff.editor.settings_views import SECTIONS

    return render_template(
        "staff/editor/list.html",
        draft=draft,
        spec=spec,
        forms=forms,
        new=new,
        inputs=inputs,
        conflict=conflict,
        sections=SECTIONS,
        lists=LIST_TITLES,
        section=spec.name,
    ), 409 if conflict else (422 if failed else 200)


def _no_rule(mapping: dict, spec: ListSpec) -> dict:
    """A list of dates replaces a monthly rule (a form has one or the other)."""
    if spec is OCCASIONS and isinstance(mapping.get("occasions"), dict):
        return {k: v for k, v in mapping.items() if k != "occasions"}
    return mapping


LISTS = {
    OCCASIONS.name: lambda slug: list_page(OCCASIONS, slug),
    ELIGIBILITY.name: lambda slug: list_page(ELIGIBILITY, slug),
}
LIST_TITLES = {OCCASIONS.name: OCCASIONS.title, ELIGIBILITY.name: ELIGIBILITY.title}
