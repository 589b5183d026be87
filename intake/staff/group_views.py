"""Staff pages of the collaboration groups (/staff/grupper, issue 13 §1): the four groups,
one group's members, pending sign-ups and waiting list, approval, ending a membership, and
the roster page and workbook. Each action: load, check, validate, call one service, audit,
redirect (303); the request boundary commits once and wakes the mail worker."""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake import groups
from intake.extensions import db
from intake.formdefs.schema import FormDef
from intake.goals.models import FocusArea
from intake.groups import roster
from intake.signups import approval, availability, capacity
from intake.signups import service as signups
from intake.signups.availability import BucketAvailability
from intake.signups.models import Booking
from intake.staff import audit, bp
from intake.staff.downloads import XLSX, send_download
from intake.staff.forms import ButtonForm
from intake.staff.group_forms import ApprovalRequiredForm, DeclineForm
from intake.staff.lookups import definition_or_404
from intake.staff.preview import dry_run, is_confirmed, render_confirmation, still_current
from intake.staff.roles import Role, requires_role

REFUSED = {
    "not_pending": _l("Tilmeldingen afventer ikke længere godkendelse."),
    "full": _l("Der er ingen ledig plads, og formularen har ingen venteliste."),
}


@bp.record_once
def _setup(state) -> None:
    from intake.staff import audit_text, group_audit
    from intake.staff.nav import add_link

    add_link(state.app, "staff.groups_index", _l("Samarbejdsgrupper"), 35, "/staff/grupper")
    audit_text.ACTIONS.update(group_audit.LABELS)
    audit_text.DESCRIBERS.update(dict.fromkeys(group_audit.LABELS, group_audit.describe))


@dataclass(frozen=True)
class GroupRow:
    area: FocusArea
    seats: BucketAvailability
    is_approval_required: bool


def _definition() -> FormDef:
    return definition_or_404(groups.groups_form())


def _area_or_404(code: str) -> FocusArea:
    try:
        return FocusArea(code)
    except ValueError:
        abort(404)


def _booking_or_404(area: FocusArea, booking_id: int) -> Booking:
    booking = db.session.get(Booking, booking_id)
    if booking is None or booking.form_slug != groups.groups_form() or (
            booking.bucket != groups.bucket_of(area)):
        abort(404)
    return booking


def _to_group(area: FocusArea, anchor: str | None = None):
    return redirect(url_for("staff.group", area=area.value, _anchor=anchor), 303)


@bp.get("/grupper/")
@requires_role(Role.SIGNUPS)
def groups_index():
    definition = _definition()
    seats = availability.read(definition, [groups.bucket_of(a) for a in FocusArea], waiting=True)
    rows = [GroupRow(a, seats[groups.bucket_of(a)],
                     capacity.requires_approval(definition.slug, groups.bucket_of(a)))
            for a in FocusArea]
    return render_template("staff/groups/index.html", rows=rows, definition=definition)


def render_group(area: FocusArea, failed: tuple[int, DeclineForm] | None = None,
                 status: int = 200):
    definition = _definition()
    bucket = groups.bucket_of(area)
    pending = groups.pending(area)
    declines = {m.booking_id: DeclineForm(formdata=None, prefix=f"decline-{m.booking_id}")
                for m in pending}
    if failed is not None:
        declines[failed[0]] = failed[1]
    required = capacity.requires_approval(definition.slug, bucket)
    return render_template(
        "staff/groups/group.html", area=area, definition=definition,
        seats=availability.read(definition, [bucket], waiting=True)[bucket],
        members=groups.members(area), pending=pending, waiting=groups.waiting(area),
        declines=declines, failed=failed,
        approval_form=ApprovalRequiredForm(formdata=None, is_required=required),
        is_approval_required=required,
    ), status


@bp.get("/grupper/<area>/")
@requires_role(Role.SIGNUPS)
def group(area: str):
    return render_group(_area_or_404(area))


@bp.post("/grupper/<area>/godkendelse")
@requires_role(Role.SIGNUPS)
def group_approval(area: str):
    found, form = _area_or_404(area), ApprovalRequiredForm()
    if not form.validate_on_submit():
        return render_group(found, status=400)
    required = bool(form.is_required.data)
    approval.set_required(_definition(), groups.bucket_of(found), required)
    audit.record("group.approval", f"group:{found.value}",
                 {"area": found.value, "required": required})
    flash(_("Nye tilmeldinger skal nu godkendes.") if required
          else _("Nye tilmeldinger får nu plads uden godkendelse."))
    return _to_group(found)


@bp.post("/grupper/<area>/godkend/<int:booking_id>")
@requires_role(Role.SIGNUPS)
def approve_member(area: str, booking_id: int):
    found = _area_or_404(area)
    booking = _booking_or_404(found, booking_id)
    if not ButtonForm().validate_on_submit():
        return render_group(found, status=400)
    change = approval.approve(_definition(), booking)
    if not change.ok:
        db.session.rollback()
        flash(str(REFUSED[change.reason]))
        return _to_group(found, "godkendelse")
    status = booking.status.value
    audit.record("signup.approve", f"signup:{booking.signup.reference}",
                 {"area": found.value, "form": booking.form_slug, "status": status})
    flash(_("Tilmeldingen er godkendt, og personen har fået en plads og en mail om det.")
          if status == "confirmed" else
          _("Tilmeldingen er godkendt. Der er ingen ledig plads, så personen står på "
            "ventelisten og har fået en mail om det."))
    return _to_group(found, "godkendelse")


@bp.post("/grupper/<area>/afvis/<int:booking_id>")
@requires_role(Role.SIGNUPS)
def decline_member(area: str, booking_id: int):
    found = _area_or_404(area)
    booking = _booking_or_404(found, booking_id)
    form = DeclineForm(prefix=f"decline-{booking.id}")
    if not form.validate_on_submit():
        return render_group(found, (booking.id, form), 400)
    reference = booking.signup.reference
    change = approval.decline(_definition(), booking, form.reason.data)
    if not change.ok:
        db.session.rollback()
        flash(str(REFUSED[change.reason]))
        return _to_group(found, "godkendelse")
    audit.record("signup.decline", f"signup:{reference}",
                 {"area": found.value, "form": booking.form_slug})
    flash(_("Tilmeldingen er afvist, og personen har fået en mail med begrundelsen."))
    return _to_group(found, "godkendelse")


@bp.post("/grupper/<area>/afslut/<int:booking_id>")
@requires_role(Role.SIGNUPS)
def end_membership(area: str, booking_id: int):
    found = _area_or_404(area)
    booking = _booking_or_404(found, booking_id)
    signup, definition = booking.signup, _definition()
    if not ButtonForm().validate_on_submit() or signup.is_cancelled:
        flash(_("Medlemskabet er allerede afsluttet."))
        return _to_group(found)
    name = signup.answers.get("navn") or signup.reference
    preview = dry_run(lambda: signups.cancel(definition, signup, by_staff=True),
                      lambda promoted: [b.signup.reference for b in promoted])
    preview.lines = [_("%(name)s (%(ref)s) er ikke længere medlem af %(group)s og får en mail "
                       "om det. Pladsen gives videre.", name=name, ref=signup.reference,
                       group=found.label)]
    preview.lines += [_("%(ref)s rykker op fra ventelisten og får en mail om det.", ref=ref)
                      for ref in preview.result]
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Afslut medlemskab: %(name)s", name=name), preview=preview,
            action=url_for("staff.end_membership", area=found.value, booking_id=booking.id),
            button=_("Ja, afslut medlemskabet"), changed=is_confirmed(),
            back=url_for("staff.group", area=found.value),
        )
    promoted = signups.cancel(definition, signup, by_staff=True)
    audit.record("group.end_membership", f"signup:{signup.reference}", {
        "area": found.value, "form": definition.slug,
        "promoted": [b.signup.reference for b in promoted]})
    flash(_("Medlemskabet er afsluttet, og personen har fået en mail om det."))
    return _to_group(found)


@bp.get("/grupper/<area>/deltagerliste")
@requires_role(Role.SIGNUPS)
def group_roster(area: str):
    found = _area_or_404(area)
    _definition()
    return render_template("staff/groups/roster.html", area=found, rows=roster.rows(found))


@bp.get("/grupper/<area>/deltagerliste.xlsx")
@requires_role(Role.SIGNUPS)
def group_roster_xlsx(area: str):
    found = _area_or_404(area)
    _definition()
    body = io.BytesIO()
    roster.write_workbook(found, body)
    audit.record("group.roster_xlsx", f"group:{found.value}", {"area": found.value})
    return send_download(body.getvalue(), roster.filename(found), XLSX)
