"""History: every published version with who and when, the readable difference between any
two, and an old version restored as the new draft."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _

from intake.staff import audit, bp
from intake.staff.editor.common import (
    back_to_form,
    draft_or_404,
    expired,
    forms_role,
    me,
    posted_revision,
    stale_message,
    store,
)
from intake.staff.editor.form_views import RevisionForm


def _number(name: str, default: int | None) -> int | None:
    try:
        return int(request.args.get(name, ""))
    except ValueError:
        return default


@bp.get("/skemaer/<slug>/historik")
@forms_role
def editor_history(slug: str):
    draft = draft_or_404(slug)
    s = store()
    versions = s.versions(slug)
    numbers = [v.version for v in versions]
    new = _number("b", numbers[0] if numbers else None)
    old = _number("a", numbers[1] if len(numbers) > 1 else None)
    lines = None
    if old is not None and new is not None:
        if old not in numbers or new not in numbers:
            abort(404)
        from intake.formdefs import changes

        lines = changes.diff(s.version_mapping(slug, old), s.version_mapping(slug, new))
    return render_template(
        "staff/editor/history.html",
        draft=draft,
        versions=versions,
        old=old,
        new=new,
        lines=lines,
        button=RevisionForm(revision=draft.revision),
    )


@bp.post("/skemaer/<slug>/historik/<int:version>/gendan")
@forms_role
def editor_restore(slug: str, version: int):
    draft_or_404(slug)
    s = store()
    form = RevisionForm()
    if not form.validate_on_submit():
        return expired(slug)
    if version not in {v.version for v in s.versions(slug)}:
        abort(404)
    try:
        s.restore(slug, version, expected_revision=posted_revision(form) or -1, by=me())
    except s.StaleDraft as error:
        return back_to_form(slug, stale_message(error))
    audit.record("form.restore", f"form:{slug}", {"version": version})
    return back_to_form(
        slug, _("Version %(n)d er nu kladden. Offentliggør den for at tage den i brug.", n=version)
    )
