"""The list of forms, a new form from a starter, and a clone for the next edition."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, StringField
from wtforms.validators import DataRequired, Length, Regexp

from intake.staff import audit, bp
from intake.staff.editor.common import draft_or_404, forms_role, me, store
from intake.staff.forms import ChoiceField

SLUG_HELP = _l(
    "Små bogstaver, tal og bindestreger, fx netvaerksmesse-2028. Står i "
    "formularens adresse og kan ikke ændres bagefter."
)
SLUG_MESSAGE = _l(
    "Adressen skal være 2-49 tegn: små bogstaver (a-z), tal og bindestreger, "
    "og starte med et bogstav eller tal."
)


class NewFormBase(FlaskForm):
    slug = StringField(
        _l("Adresse (slug)"),
        description=SLUG_HELP,
        validators=[
            DataRequired(_l("Skriv formularens adresse.")),
            Regexp(r"^[a-z0-9][a-z0-9-]{1,48}$", message=SLUG_MESSAGE),
        ],
    )
    title = StringField(
        _l("Titel"),
        validators=[
            DataRequired(_l("Skriv formularens titel.")),
            Length(max=200, message=_l("Teksten er for lang.")),
        ],
    )


class NewForm(NewFormBase):
    starter = ChoiceField(_l("Skabelon"), validators=[DataRequired(_l("Vælg en skabelon."))])


def _starters():
    from intake.formdefs import starters

    return starters


@bp.get("/skemaer")
@forms_role
def editor_forms():
    return render_template("staff/editor/forms.html", forms=store().list_forms())


@bp.route("/skemaer/ny", methods=["GET", "POST"])
@forms_role
def editor_new():
    module = _starters()
    offered = module.starters()
    form = NewForm()
    form.starter.choices = [SelectChoice(s.id, str(s.title)) for s in offered]
    if form.validate_on_submit():
        mapping = _made(
            form,
            lambda: module.new_from_starter(form.starter.data, form.slug.data, form.title.data),
        )
        if mapping is not None and _create(form, mapping):
            return redirect(url_for("staff.editor_form", slug=form.slug.data), 303)
    return render_template("staff/editor/new.html", form=form, starters=offered)


@bp.route("/skemaer/<slug>/kopi", methods=["GET", "POST"])
@forms_role
def editor_clone(slug: str):
    draft = draft_or_404(slug)
    form = NewFormBase()
    if form.validate_on_submit():
        # The suggested title unchanged: the starter raises the year in both languages.
        title = None if form.title.data == _next_title(draft.mapping) else form.title.data
        mapping = _made(
            form, lambda: _starters().clone_for_next_edition(draft.mapping, form.slug.data, title)
        )
        if mapping is not None and _create(form, mapping, source=slug):
            return redirect(url_for("staff.editor_form", slug=form.slug.data), 303)
    elif not form.is_submitted():
        form.title.data = _next_title(draft.mapping)
        form.slug.data = _next_slug(slug, form.title.data)
    return render_template("staff/editor/clone.html", form=form, slug=slug, draft=draft)


def _made(form, make) -> dict | None:
    """The starter's mapping, or None with the reason next to the address."""
    module = _starters()
    try:
        return make()
    except (module.StarterInvalid, module.UnknownStarter) as error:
        problems = getattr(error, "problems", None) or [str(error)]
        form.slug.errors.append(
            _("Skemaet kunne ikke laves: %(why)s", why="; ".join(str(p) for p in problems))
        )
        return None


def _create(form, mapping: dict, source: str | None = None) -> bool:
    s = store()
    try:
        s.create_form(mapping, by=me())
    except s.BadSlug:
        form.slug.errors.append(SLUG_MESSAGE)
        return False
    except s.FormExists:
        form.slug.errors.append(_("Adressen bruges allerede af en anden formular."))
        return False
    audit.record("form.create", f"form:{form.slug.data}", {"from": source} if source else {})
    return True


def _next_title(mapping: dict) -> str:
    """'Netværksmesse 2027 i …' -> 'Netværksmesse 2028 i …' (every year one on)."""
    import re

    from intake.staff.editor.edits import text_parts

    title = text_parts(mapping.get("title"))[0]
    return re.sub(r"\b(20\d\d)\b", lambda m: str(int(m.group(1)) + 1), title)


def _next_slug(slug: str, title: str) -> str:
    """'netvaerksmesse-2027' -> 'netvaerksmesse-2028'; else the title's year appended."""
    import re

    match = re.search(r"-(20\d\d)$", slug)
    if match:
        return slug[: match.start()] + f"-{int(match.group(1)) + 1}"
    years = re.findall(r"\b20\d\d\b", title)
    if years:
        return f"{slug}-{years[-1]}"[:49]
    from intake.clock import local_now

    return f"{slug}-{local_now().year + 1}"[:49]
