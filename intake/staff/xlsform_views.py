"""Forms as XLSForm spreadsheets (issue 12 §3): download a draft or a published version,
upload a workbook as a form's draft or as a new form, and the template.

Every view needs the forms role. An upload is saved only when the workbook is clean
(intake.formdefs.xlsform.upload); otherwise every problem is shown by sheet, row and column.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField

from intake.formdefs import store
from intake.formdefs.xlsform import template_bytes, workbook_bytes
from intake.formdefs.xlsform.upload import upload
from intake.staff import audit, bp
from intake.staff.auth import current_staff
from intake.staff.downloads import XLSX, send_download
from intake.staff.roles import Role, requires_role
from intake.uploads.package import Limits


class UploadForm(FlaskForm):
    # The kind of file is judged from its content (intake.uploads), not from its name.
    file = FileField(_l("Regneark (.xlsx)"), validators=[FileRequired(_l("Vælg en fil."))])
    revision = HiddenField()


# The audit log's label and sentence for each action here (intake/staff/audit_text.py).
LABELS = {
    "form.xlsform_download": _l("Skema hentet som regneark"),
    "form.xlsform_upload": _l("Skema sendt som regneark"),
}


def _download_sentence(entry, d: dict) -> str:
    slug = (entry.target or "").removeprefix("form:")
    if d.get("version") is not None:
        return _("Hentede version %(n)s af skemaet %(slug)s som regneark (XLSForm)",
                 n=d["version"], slug=slug)
    return _("Hentede kladden til skemaet %(slug)s som regneark (XLSForm)", slug=slug)


def _upload_sentence(entry, d: dict) -> str:
    slug = (entry.target or "").removeprefix("form:")
    if d.get("new"):
        return _("Oprettede skemaet %(slug)s fra et regneark (XLSForm)", slug=slug)
    return _("Gemte et regneark (XLSForm) som kladde til skemaet %(slug)s", slug=slug)


@bp.record_once
def _links(state) -> None:
    from intake.staff import audit_text
    from intake.staff.nav import add_form_link

    audit_text.ACTIONS.update(LABELS)
    audit_text.DESCRIBERS.update({"form.xlsform_download": _download_sentence,
                                  "form.xlsform_upload": _upload_sentence})

    # Reached from the editor's pages ("Skemaer"), not a menu entry of its own.
    add_form_link(state.app, "staff.xlsform_form", _l("Skemaet som regneark (XLSForm)"),
                  kinds=("signup", "followup"))


def _draft_or_404(slug: str) -> store.Draft:
    try:
        return store.get_draft(slug)
    except store.UnknownForm:
        abort(404)


@bp.get("/skemaer/<slug>/regneark.xlsx")
@requires_role(Role.FORMS)
def xlsform_download(slug: str):
    """The draft (default) or published version ?version=N as an XLSForm workbook."""
    version = request.args.get("version", type=int)
    if version is None:
        mapping, name = _draft_or_404(slug).mapping, f"{slug}-kladde.xlsx"
    else:
        try:
            mapping = store.version_mapping(slug, version)
        except store.UnknownForm:
            abort(404)
        name = f"{slug}-version-{version}.xlsx"
    audit.record("form.xlsform_download", f"form:{slug}",
                 {"version": version} if version is not None else {"draft": True})
    return send_download(workbook_bytes(mapping), name, XLSX)


@bp.get("/skemaer/regneark/skabelon.xlsx")
@requires_role(Role.FORMS)
def xlsform_template():
    return send_download(template_bytes(), "skabelon.xlsx", XLSX)


@bp.route("/skemaer/<slug>/regneark", methods=["GET", "POST"])
@requires_role(Role.FORMS)
def xlsform_form(slug: str):
    """One form: download its draft or a version, upload a workbook as its new draft."""
    draft = _draft_or_404(slug)
    form = UploadForm()
    if request.method == "GET":
        form.revision.data = str(draft.revision)
    result, conflict = None, None
    if form.validate_on_submit():
        try:
            revision = int(form.revision.data or "")
        except ValueError:
            revision = draft.revision
        try:
            result = upload(_read(form), slug=slug, expected_revision=revision,
                            by=current_staff().email)
        except store.StaleDraft as error:
            who = error.updated_by or _("en anden medarbejder")
            conflict = _("%(who)s gemte skemaet, mens du arbejdede i regnearket. Intet er "
                         "gemt. Hent kladden igen, ret den, og send den.", who=who)
            form.revision.data = str(_draft_or_404(slug).revision)
        if result is not None and result.draft is not None:
            audit.record("form.xlsform_upload", f"form:{slug}",
                         {"revision": result.draft.revision})
            flash(_("Regnearket er gemt som skemaets kladde. Den er ikke offentliggjort endnu."))
            return redirect(_after_upload(slug), 303)
    return render_template("staff/xlsform.html", draft=draft, form=form, result=result,
                           conflict=conflict, versions=store.versions(slug),
                           title=_title(draft.mapping, slug))


@bp.route("/skemaer/regneark", methods=["GET", "POST"])
@requires_role(Role.FORMS)
def xlsform_new():
    """A new form from a workbook (its form_id is the new form's address), and the template."""
    form = UploadForm()
    result = None
    if form.validate_on_submit():
        result = upload(_read(form), slug=None, expected_revision=None, by=current_staff().email)
        if result.draft is not None:
            audit.record("form.xlsform_upload", f"form:{result.draft.slug}", {"new": True})
            flash(_("Skemaet «%(slug)s» er oprettet fra regnearket som kladde. Det er ikke "
                    "offentliggjort endnu.", slug=result.draft.slug))
            return redirect(_after_upload(result.draft.slug), 303)
    return render_template("staff/xlsform_new.html", form=form, result=result,
                           forms=store.list_forms())


def _read(form: UploadForm) -> bytes:
    return form.file.data.stream.read(Limits().max_upload + 1)


def _after_upload(slug: str) -> str:
    """The editor's page of the form, where the draft can be previewed and published."""
    return url_for("staff.editor_form", slug=slug)


def _title(mapping: dict, slug: str) -> str:
    title = mapping.get("title")
    if isinstance(title, dict):
        return str(title.get("da") or slug)
    return str(title or slug)
