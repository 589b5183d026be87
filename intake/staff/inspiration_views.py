"""Staff pages of the inspiration sheets (/staff/inspiration, issue 14 §3): the sheets per
focus area, a new sheet (upload of the PDF), changing one (texts, area, a new PDF), publish,
take off the public page, delete (confirm first), and the staff download of any sheet.

Role GOALS. Each action: load, check, validate, call one intake.inspiration.service function,
audit, redirect (303); the request commits once. The PDF is checked as a `file` field checks
a person's file (intake/inspiration/forms.py); a refused file gets its Danish message next
to the field and what was typed stays.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from intake.files import storage
from intake.formdefs.registry import current_registry
from intake.inspiration import service
from intake.inspiration.forms import FILE_HINT, EditSheetForm, SheetForm
from intake.inspiration.models import InspirationSheet
from intake.staff import audit, bp
from intake.staff.auth import current_staff
from intake.staff.downloads import send_download
from intake.staff.forms import ButtonForm
from intake.staff.preview import Preview, is_confirmed, render_confirmation, still_current
from intake.staff.roles import Role, requires_role


@bp.record_once
def _setup(state) -> None:
    from intake.inspiration import audit as sheet_audit
    from intake.staff import audit_text

    audit_text.ACTIONS.update(sheet_audit.LABELS)
    audit_text.DESCRIBERS.update(dict.fromkeys(sheet_audit.LABELS, sheet_audit.describe))


def _sheet_or_404(sheet_id: int) -> InspirationSheet:
    sheet = service.get(sheet_id)
    if sheet is None:
        abort(404)
    return sheet


def _details(sheet: InspirationSheet, **more) -> dict:
    return {"title": sheet.title, "area": sheet.focus_area.value, **more}


def _staff_id() -> int | None:
    user = current_staff()
    return user.id if user else None


def _to_index(sheet: InspirationSheet | None = None):
    anchor = f"ark-{sheet.id}" if sheet is not None else None
    return redirect(url_for("staff.inspiration_index", _anchor=anchor), 303)


@bp.get("/inspiration/")
@requires_role(Role.GOALS)
def inspiration_index():
    return render_template("staff/inspiration/index.html", sheets=service.all_by_area(),
                           input_form=service.INPUT_FORM,
                           has_input=current_registry().get(service.INPUT_FORM) is not None)


def _render_form(form, sheet: InspirationSheet | None = None, status: int = 200):
    return render_template("staff/inspiration/form.html", form=form, sheet=sheet,
                           file_hint=FILE_HINT), status


@bp.route("/inspiration/nyt", methods=["GET", "POST"])
@requires_role(Role.GOALS)
def inspiration_new():
    form = SheetForm()
    if not form.validate_on_submit():
        return _render_form(form, status=400 if request.method == "POST" else 200)
    sheet = service.create(area=form.area, title=form.title.data,
                           description=form.description.data, file=form.checked,
                           staff_id=_staff_id())
    audit.record("inspiration.create", f"inspiration:{sheet.id}", _details(sheet))
    flash(_("Inspirationsarket er gemt. Det er ikke offentligt, før du offentliggør det."))
    return _to_index(sheet)


@bp.route("/inspiration/<int:sheet_id>/", methods=["GET", "POST"])
@requires_role(Role.GOALS)
def inspiration_edit(sheet_id: int):
    sheet = _sheet_or_404(sheet_id)
    form = EditSheetForm(data={
        "focus_area": sheet.focus_area.value, "title": sheet.title,
        "description": sheet.description})
    if not form.validate_on_submit():
        return _render_form(form, sheet, 400 if request.method == "POST" else 200)
    changed = service.update(sheet, area=form.area, title=form.title.data,
                             description=form.description.data)
    if form.checked is not None:
        service.replace_file(sheet, form.checked)
    audit.record("inspiration.update", f"inspiration:{sheet.id}",
                 _details(sheet, changed=changed, file=form.checked is not None))
    flash(_("Ændringerne er gemt."))
    return _to_index(sheet)


@bp.post("/inspiration/<int:sheet_id>/offentliggoer")
@requires_role(Role.GOALS)
def inspiration_publish(sheet_id: int):
    sheet = _sheet_or_404(sheet_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    if not sheet.is_published:
        service.publish(sheet, _staff_id())
        audit.record("inspiration.publish", f"inspiration:{sheet.id}", _details(sheet))
    flash(_("«%(title)s» er offentliggjort under %(area)s.", title=sheet.title,
            area=sheet.focus_area.label))
    return _to_index(sheet)


@bp.post("/inspiration/<int:sheet_id>/skjul")
@requires_role(Role.GOALS)
def inspiration_unpublish(sheet_id: int):
    sheet = _sheet_or_404(sheet_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    if sheet.is_published:
        service.unpublish(sheet)
        audit.record("inspiration.unpublish", f"inspiration:{sheet.id}", _details(sheet))
    flash(_("«%(title)s» er taget af den offentlige side.", title=sheet.title))
    return _to_index(sheet)


@bp.post("/inspiration/<int:sheet_id>/slet")
@requires_role(Role.GOALS)
def inspiration_delete(sheet_id: int):
    sheet = _sheet_or_404(sheet_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    preview = Preview(lines=[
        _("Inspirationsarket «%(title)s» (%(area)s) og dets PDF-fil «%(file)s» slettes. Det kan "
          "ikke fortrydes.", title=sheet.title, area=sheet.focus_area.label,
          file=sheet.file_name)])
    if sheet.is_published:
        preview.lines.append(_("Arket er offentliggjort: det forsvinder fra den offentlige "
                               "side, og links til det i sendte mails virker ikke længere."))
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Slet inspirationsark: %(title)s", title=sheet.title), preview=preview,
            action=url_for("staff.inspiration_delete", sheet_id=sheet.id),
            button=_("Ja, slet arket"), changed=is_confirmed(),
            back=url_for("staff.inspiration_index"),
        )
    details = _details(sheet)
    service.delete(sheet)
    audit.record("inspiration.delete", f"inspiration:{sheet_id}", details)
    flash(_("Inspirationsarket er slettet."))
    return _to_index()


@bp.get("/inspiration/<int:sheet_id>/hent")
@requires_role(Role.GOALS)
def inspiration_file(sheet_id: int):
    """The sheet's PDF for staff, published or not (a staff download's headers:
    no-store, attachment, nosniff; intake.staff.downloads)."""
    sheet = _sheet_or_404(sheet_id)
    if not storage.exists(sheet.storage_name):
        abort(404)
    return send_download(storage.path_of(sheet.storage_name).open("rb"), sheet.file_name,
                         service.CONTENT_TYPE)
