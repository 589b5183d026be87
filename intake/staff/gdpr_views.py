"""GDPR pages: find a person, download everything about them, erase them, the deletion log."""

from __future__ import annotations

import tempfile
from datetime import date, datetime

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake.extensions import db
from intake.gdpr import service
from intake.gdpr.models import DeletionLog
from intake.gdpr.person import parse
from intake.staff import audit, bp
from intake.staff.auth import current_staff
from intake.staff.downloads import XLSX, send_download
from intake.staff.gdpr_forms import AccessForm, EraseForm, FindForm
from intake.staff.preview import CHANGED, Preview, dry_run
from intake.staff.roles import Role, requires_role

PER_PAGE = 100


@bp.record_once
def _links(state) -> None:
    from intake.staff.nav import add_link

    add_link(state.app, "staff.gdpr_find", _l("GDPR"), 70, "/staff/gdpr")


def shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, "d. MMM y HH.mm")
    if isinstance(value, date):
        return format_date(value, "d. MMM y")
    return str(value)


def _results(find_form: FindForm, erase_form: EraseForm | None = None, status: int = 200):
    person = parse(find_form.q.data)
    report = service.find(person)
    access_form = AccessForm(formdata=None, q=find_form.q.data)
    erase_form = erase_form or EraseForm(formdata=None, q=find_form.q.data)
    return render_template(
        "staff/gdpr/find.html",
        find_form=find_form,
        report=report,
        shown=shown,
        access_form=access_form,
        erase_form=erase_form,
    ), status


@bp.get("/gdpr/")
@requires_role(Role.GDPR)
def gdpr_find():
    return render_template("staff/gdpr/find.html", find_form=FindForm(), report=None)


@bp.post("/gdpr/")
@requires_role(Role.GDPR)
def gdpr_search():
    form = FindForm()
    if not form.validate_on_submit():
        return render_template("staff/gdpr/find.html", find_form=form, report=None), 400
    response = _results(form)
    audit.record("gdpr.find", None, {"kind": "email" if "@" in form.q.data else "phone"})
    return response


@bp.post("/gdpr/indsigt")
@requires_role(Role.GDPR)
def gdpr_access():
    form = AccessForm()
    if not form.validate_on_submit():
        flash(_("Søg personen frem igen, og hent så regnearket."))
        return redirect(url_for("staff.gdpr_find"), 303)
    report = service.find(parse(form.q.data))
    audit.record("gdpr.access_export", None, {"rows": report.total})
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (send_file closes it after the response)
    service.write_access_workbook(report, spool)
    spool.seek(0)
    return send_download(spool, "indsigt.xlsx", XLSX)


def _erase_preview(person) -> Preview:
    """Everything that goes, counted per kind, and the mails the freed seats cause."""
    preview = dry_run(
        lambda: service.erase(person, staff_user_id=current_staff().id, actor="staff"),
        lambda entry: entry.total if entry is not None else 0,
    )
    preview.lines = [f"{label}: {count}" for label, count in service.plan(person)]
    return preview


@bp.post("/gdpr/slet")
@requires_role(Role.GDPR)
def gdpr_erase():
    form = EraseForm()
    person = parse(form.q.data or "")
    if person is None or not form.q.validate(form) or not form.csrf_token.validate(form):
        return render_template("staff/gdpr/find.html", find_form=FindForm(), report=None), 400
    preview = _erase_preview(person)
    if not preview.result:
        flash(_("Der var intet at slette om personen."))
        return redirect(url_for("staff.gdpr_find"), 303)
    confirming = bool(form.preview.data)
    if not confirming or not form.validate() or form.preview.data != preview.digest:
        if not confirming:
            form = EraseForm(formdata=None, q=form.q.data)
        changed = confirming and not form.errors and form.preview.data != preview.digest
        form.preview.data = preview.digest
        return render_template(
            "staff/gdpr/erase.html",
            form=form,
            preview=preview,
            person=person,
            changed=changed,
            changed_message=CHANGED,
        ), 400 if form.errors else 200
    entry = service.erase(person, staff_user_id=current_staff().id, actor="staff")
    audit.record("gdpr.erase", f"deletion:{entry.entry_id}", {"counts": entry.counts})
    flash(
        _(
            "Alt om personen er slettet (%(n)d poster). Sletningen står i sletteloggen.",
            n=entry.total,
        )
    )
    return redirect(url_for("staff.gdpr_log"), 303)


@bp.get("/gdpr/sletninger")
@requires_role(Role.GDPR)
def gdpr_log():
    query = sa.select(DeletionLog).order_by(DeletionLog.id.desc()).limit(PER_PAGE + 1)
    after = request.args.get("efter", "")
    if after.isdigit():
        query = query.where(DeletionLog.id < int(after))
    rows = db.session.scalars(query).all()
    more = len(rows) > PER_PAGE
    rows = rows[:PER_PAGE]
    return render_template(
        "staff/gdpr/log.html", rows=rows, next_after=rows[-1].id if more else None
    )
