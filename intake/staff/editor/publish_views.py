"""Publish the draft (refused while the checker has anything to say, shown with the change
report of what the new version does to what is already collected), and close or reopen a
form now."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext

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
from intake.staff.editor.form_views import RevisionForm, problem_links


def _latest_mapping(slug: str) -> dict | None:
    s = store()
    versions = s.versions(slug)
    return s.version_mapping(slug, versions[0].version) if versions else None


def change_report(slug: str, old: dict | None, new: dict) -> tuple[list, list]:
    """(what the new version does to what is collected, every difference): h5's
    changes.impact and changes.diff, Danish sentences; ([], []) for a first version."""
    if old is None:
        return [], []
    from intake.formdefs import changes, changes_impact

    try:
        report = changes.impact(slug, old, new)
    except changes_impact.NotChecked:  # an old version the checker no longer passes
        report = []
    return report, changes.diff(old, new)


@bp.route("/skemaer/<slug>/offentliggoer", methods=["GET", "POST"])
@forms_role
def editor_publish(slug: str):
    draft = draft_or_404(slug)
    s = store()
    form = RevisionForm(revision=draft.revision)
    conflict = None
    problems = problem_links(slug, draft.mapping, s.check(draft.mapping))
    latest = _latest_mapping(slug)
    report, differences = ([], []) if problems else change_report(slug, latest, draft.mapping)
    if form.is_submitted():
        if not form.validate():
            return expired(slug)
        try:
            info = s.publish(slug, expected_revision=posted_revision(form) or -1, by=me())
        except s.StaleDraft as error:
            conflict = stale_message(error)
        except s.NotPublishable:
            conflict = _("Skemaet kan ikke offentliggøres, før fejlene herunder er rettet.")
        else:
            told = _tell_booked(slug, info.version, report) if request.form.get("notify") else 0
            audit.record("form.publish", f"form:{slug}", {"version": info.version, "told": told})
            message = _("Version %(n)d er offentliggjort.", n=info.version)
            if told:
                message += " " + ngettext(
                    "%(num)d tilmeldt har fået en opdateret kalenderinvitation.",
                    "%(num)d tilmeldte har fået en opdateret kalenderinvitation.",
                    told,
                )
            return back_to_form(slug, message)
    return render_template(
        "staff/editor/publish.html",
        draft=draft,
        form=form,
        problems=problems,
        is_first=latest is None,
        report=report,
        differences=differences,
        notice_dates=_notice_dates(report),
        conflict=conflict,
    ), 409 if conflict else 200


def _notice_dates(report: list) -> list[str]:
    """Occasion keys whose booked people can be told (h5's Change.offers_notice)."""
    return [c.occasion for c in report if c.offers_notice and getattr(c, "occasion", None)]


def _tell_booked(slug: str, version: int, report: list) -> int:
    """An updated calendar invitation now to those booked on a moved or changed date
    (changes_impact.notify_booked, in this request's transaction); the mail worker's own
    compare would otherwise send it a little later. Returns the mails queued."""
    from intake.formdefs.changes_impact import notify_booked
    from intake.formdefs.loader import load_mapping

    keys = _notice_dates(report)
    if not keys:
        return 0
    definition, _problems = load_mapping(store().version_mapping(slug, version), slug)
    return notify_booked(definition, keys) if definition is not None else 0


@bp.post("/skemaer/<slug>/luk")
@forms_role
def editor_close(slug: str):
    return _set_closed(slug, True)


@bp.post("/skemaer/<slug>/genaabn")
@forms_role
def editor_reopen(slug: str):
    return _set_closed(slug, False)


def _set_closed(slug: str, closed: bool):
    draft_or_404(slug)
    if not RevisionForm().validate_on_submit():
        return expired(slug)
    store().set_closed(slug, closed, by=me())
    audit.record("form.close" if closed else "form.reopen", f"form:{slug}")
    return back_to_form(
        slug, _("Tilmeldingen er lukket nu.") if closed else _("Tilmeldingen er åbnet igen.")
    )
