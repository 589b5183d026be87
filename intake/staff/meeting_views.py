"""Staff pages of the groups' meetings (issue 13 §2): a period's meetings, a new meeting, its
page (answers by sector, invitees, attendance, minutes), edit, invite, guests, cancel,
reminders and resending one invitation.

Reached from the period page (/staff/maal/perioder/<year>), not a menu entry of its own: a
meeting belongs to a period's year, as its goals and rounds do. Everything that mails people
(invite, an edit of an invited meeting, cancel, remind) is shown first as a confirmation
computed by the real service (intake/staff/preview.py). The use cases are
intake.meetings.service; these views load, check, call one service and redirect.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake import groups
from intake.extensions import db
from intake.goals import service as goals
from intake.goals.models import FocusArea, Sector
from intake.meetings import service
from intake.meetings.models import Meeting, MeetingInvitation, MeetingKind, MeetingState, RsvpAnswer
from intake.staff import bp
from intake.staff.audit import record
from intake.staff.forms import ButtonForm
from intake.staff.meeting_forms import GuestForm, MeetingForm, MinutesForm
from intake.staff.period_views import period_or_404
from intake.staff.preview import dry_run, is_confirmed, render_confirmation, still_current
from intake.staff.roles import Role, requires_role

# The confirmation page posts the edit form back as hidden fields, without these.
_NOT_CARRIED = {"csrf_token", "confirm", "preview"}


@bp.record_once
def _audit(state) -> None:
    from intake.staff import audit_text, meeting_audit

    audit_text.ACTIONS.update(meeting_audit.LABELS)
    audit_text.DESCRIBERS.update(dict.fromkeys(meeting_audit.LABELS, meeting_audit.describe))


def meeting_or_404(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def _page(meeting: Meeting) -> str:
    return url_for(".meeting_page", meeting_id=meeting.id)


def _button_or_400() -> None:
    if not ButtonForm().validate_on_submit():
        abort(400)


def _form(meeting: Meeting | None = None) -> MeetingForm:
    form = MeetingForm()
    organisations = groups.organisations(None)
    form.set_hosts(organisations)
    if meeting is not None and not form.is_submitted():
        form.fill_from(meeting, organisations)
    return form


def _data(form: MeetingForm) -> service.MeetingData:
    kind = MeetingKind(form.kind.data)
    area = FocusArea(form.focus_area.data) if form.focus_area.data else None
    title = (form.title.data or "").strip() or default_title(kind, area)
    return service.MeetingData(
        kind=kind, focus_area=area, title=title, starts_at=form.starts_at,
        ends_at=form.ends_at, host_name=form.host_name, address=form.address.data.strip(),
        agenda=(form.agenda.data or "").replace("\r\n", "\n").strip(),
        rsvp_deadline_at=form.rsvp_deadline_at,
    )


def default_title(kind: MeetingKind, area: FocusArea | None) -> str:
    """"1. møde – Det gode arbejdsliv"; a joint meeting is named by its kind alone."""
    return f"{kind.label} – {area.label}" if area is not None else str(kind.label)


@bp.get("/maal/perioder/<int:year>/moeder")
@requires_role(Role.GOALS)
def period_meetings(year: int):
    period = period_or_404(year)
    return render_template("staff/meetings/index.html", period=period,
                           meetings=service.meetings_of(period), status=status_of)


@bp.route("/maal/perioder/<int:year>/moeder/nyt", methods=["GET", "POST"])
@requires_role(Role.GOALS)
def new_meeting(year: int):
    period = period_or_404(year)
    form = _form()
    if not form.is_submitted():
        form.kind.data = request.args.get("slags", "")
        form.focus_area.data = request.args.get("gruppe", "")
    if form.validate_on_submit():
        meeting = service.create(period, _data(form))
        record("meeting.create", f"meeting:{meeting.id}")
        flash(_("Mødet er oprettet. Send invitationerne, når alt er på plads."))
        return redirect(_page(meeting), 303)
    return render_template("staff/meetings/form.html", form=form, period=period, meeting=None)


@bp.route("/maal/moeder/<int:meeting_id>/ret", methods=["GET", "POST"])
@requires_role(Role.GOALS)
def edit_meeting(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    if meeting.state == MeetingState.CANCELLED:
        flash(_("Mødet er aflyst og kan ikke rettes."))
        return redirect(_page(meeting), 303)
    form = _form(meeting)
    if form.validate_on_submit():
        data = _data(form)
        if not service.narrows_audience(meeting, data):
            return _save_changes(meeting, data)
        form.focus_area.errors.append(_(
            "Invitationerne er sendt til gruppens medlemmer, så mødet kan ikke flyttes til en "
            "anden gruppe. Aflys mødet, og opret et nyt for den rigtige gruppe."))
    return render_template("staff/meetings/form.html", form=form, period=meeting.period,
                           meeting=meeting)


def _save_changes(meeting: Meeting, data: service.MeetingData):
    """Ask first when the change mails the invited an update; then save and say so."""
    preview = dry_run(lambda: service.update(meeting, data), list)
    preview.lines = [_(
        "Mødet ændres (%(what)s). %(n)s inviterede får en opdateret kalenderinvitation "
        "til det samme møde.",
        what=", ".join(_field_label(name) for name in preview.result), n=len(preview.mails))]
    if preview.mails and not (is_confirmed() and still_current(preview)):
        fields = {k: v for k, v in request.form.items() if k not in _NOT_CARRIED}
        return render_confirmation(
            title=_("Ret %(title)s", title=meeting.title), preview=preview, fields=fields,
            action=url_for(".edit_meeting", meeting_id=meeting.id), danger=False,
            changed=is_confirmed(), button=_("Ja, gem og send opdateringen"),
            back=_page(meeting))
    changed = service.update(meeting, data)
    record("meeting.update", f"meeting:{meeting.id}",
           {"changed": changed, "told": len(preview.mails)})
    flash(_("Mødet er gemt.") if not preview.mails else
          _("Mødet er gemt, og %(n)s inviterede får en opdatering.", n=len(preview.mails)))
    return redirect(_page(meeting), 303)


FIELD_LABELS = {
    "kind": _l("slags"), "focus_area": _l("gruppe"), "title": _l("titel"),
    "starts_at": _l("tidspunkt"), "ends_at": _l("sluttidspunkt"), "host_name": _l("vært"),
    "address": _l("adresse"), "agenda": _l("dagsorden"), "rsvp_deadline_at": _l("svarfrist"),
}


def _field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


@bp.get("/maal/moeder/<int:meeting_id>")
@requires_role(Role.GOALS)
def meeting_page(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    return _render(meeting, MinutesForm(minutes=meeting.minutes or ""))


def _render(meeting: Meeting, minutes_form: MinutesForm, status: int = 200):
    invitees = sorted(meeting.invitations,
                      key=lambda i: (i.recipient_name.casefold(), i.id))
    return render_template(
        "staff/meetings/meeting.html", meeting=meeting, invitees=invitees,
        by_sector=service.answers_by_sector(meeting), sectors=[*Sector, None],
        answers=[*RsvpAnswer, None], status=status_of(meeting), minutes_form=minutes_form,
        button=ButtonForm(), is_first=meeting.kind == MeetingKind.MEETING_1,
    ), status


def status_of(meeting: Meeting) -> str:
    """Planlagt / Inviteret / Aflyst, or Afholdt once it has ended (not a stored state)."""
    return goals.meeting_status_label(meeting)


@bp.post("/maal/moeder/<int:meeting_id>/inviter")
@requires_role(Role.GOALS)
def meeting_invite(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    _button_or_400()
    if meeting.state == MeetingState.CANCELLED:
        abort(409)
    preview = dry_run(lambda: service.invite_members(meeting))
    preview.lines = [_("%(n)s medlemmer får en invitation med et personligt svarlink og mødet "
                       "som kalenderinvitation.", n=preview.result) if preview.result else
                     _("Ingen får en invitation: alle medlemmer er allerede inviteret.")]
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Send invitationer til %(title)s", title=meeting.title), preview=preview,
            action=url_for(".meeting_invite", meeting_id=meeting.id), changed=is_confirmed(),
            button=_("Ja, send invitationerne"), back=_page(meeting), danger=False)
    count = service.invite_members(meeting)
    record("meeting.invite", f"meeting:{meeting.id}", {"invited": count})
    flash(_("%(n)s invitationer er sendt.", n=count))
    return redirect(_page(meeting), 303)


@bp.route("/maal/moeder/<int:meeting_id>/gaest", methods=["GET", "POST"])
@requires_role(Role.GOALS)
def meeting_add_guest(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    if meeting.state == MeetingState.CANCELLED:
        abort(409)
    form = GuestForm()
    if form.validate_on_submit():
        invitation = service.add_guest(meeting, form.name.data.strip(), form.email.data,
                                       (form.organisation.data or "").strip(), form.sector_value)
        record("meeting.add_guest", f"meeting:{meeting.id}", {"invitation": invitation.id})
        flash(_("%(name)s er tilføjet som gæst.", name=invitation.recipient_name)
              if meeting.state == MeetingState.PLANNED else
              _("%(name)s er tilføjet som gæst og får en invitation.",
                name=invitation.recipient_name))
        return redirect(_page(meeting), 303)
    return render_template("staff/meetings/guest.html", form=form, meeting=meeting)


@bp.post("/maal/moeder/<int:meeting_id>/aflys")
@requires_role(Role.GOALS)
def meeting_cancel(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    _button_or_400()
    if meeting.state == MeetingState.CANCELLED:
        flash(_("Mødet er allerede aflyst."))
        return redirect(_page(meeting), 303)
    preview = dry_run(lambda: service.cancel(meeting))
    preview.lines = [_("Mødet aflyses. %(n)s inviterede får en aflysning, som fjerner mødet fra "
                       "deres kalender. Det kan ikke fortrydes.", n=preview.result)]
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Aflys %(title)s", title=meeting.title), preview=preview,
            action=url_for(".meeting_cancel", meeting_id=meeting.id), changed=is_confirmed(),
            button=_("Ja, aflys mødet"), back=_page(meeting))
    count = service.cancel(meeting)
    record("meeting.cancel", f"meeting:{meeting.id}", {"told": count})
    flash(_("Mødet er aflyst, og %(n)s inviterede får besked.", n=count))
    return redirect(_page(meeting), 303)


@bp.post("/maal/moeder/<int:meeting_id>/paamind")
@requires_role(Role.GOALS)
def meeting_remind(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    _button_or_400()
    preview = dry_run(lambda: service.remind_now(meeting))
    preview.lines = [_("%(n)s inviterede, der ikke har svaret, får en påmindelse nu.",
                       n=preview.result) if preview.result else
                     _("Ingen får en påmindelse: alle har svaret, har fået en i dag, har fået "
                       "det højeste antal, eller svarfristen er overskredet.")]
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Send påmindelse nu"), preview=preview, danger=False,
            action=url_for(".meeting_remind", meeting_id=meeting.id), changed=is_confirmed(),
            button=_("Ja, send påmindelserne"), back=_page(meeting))
    count = service.remind_now(meeting)
    record("meeting.remind_now", f"meeting:{meeting.id}", {"sent": count})
    flash(_("%(n)s påmindelser er sendt.", n=count))
    return redirect(_page(meeting), 303)


@bp.post("/maal/moeder/<int:meeting_id>/invitationer/<int:invitation_id>/gensend")
@requires_role(Role.GOALS)
def meeting_resend(meeting_id: int, invitation_id: int):
    meeting = meeting_or_404(meeting_id)
    invitation = db.session.get(MeetingInvitation, invitation_id)
    if invitation is None or invitation.meeting_id != meeting.id:
        abort(404)
    _button_or_400()
    if meeting.state != MeetingState.INVITED or invitation.revoked_at is not None:
        abort(409)
    service.resend(invitation)
    record("meeting.resend", f"meeting:{meeting.id}", {"invitation": invitation.id})
    flash(_("Invitationen er sendt igen til %(email)s.", email=invitation.recipient_email))
    return redirect(_page(meeting), 303)


@bp.post("/maal/moeder/<int:meeting_id>/fremmoede")
@requires_role(Role.GOALS)
def meeting_attendance(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    _button_or_400()
    known = {i.id for i in meeting.invitations}
    picked = {int(v) for v in request.form.getlist("attended") if v.isdigit()} & known
    service.set_attendance(meeting, picked)
    record("meeting.attendance", f"meeting:{meeting.id}", {"attended": len(picked)})
    flash(_("Fremmødet er gemt: %(n)s deltog.", n=len(picked)))
    return redirect(_page(meeting) + "#fremmoede", 303)


@bp.post("/maal/moeder/<int:meeting_id>/referat")
@requires_role(Role.GOALS)
def meeting_minutes(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = MinutesForm()
    if not form.validate_on_submit():
        return _render(meeting, form, 422)
    service.set_minutes(meeting, (form.minutes.data or "").replace("\r\n", "\n").strip())
    record("meeting.minutes", f"meeting:{meeting.id}")
    flash(_("Referatet er gemt."))
    return redirect(_page(meeting) + "#referat", 303)
