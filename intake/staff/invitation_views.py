"""Staff pages of invitations to a form by personal link (issue 13 §3): send a form to a
list (pasted, a workbook, groups' members; confirm first), and per sending the response
rate, who answered and who did not, remind now, resend one, withdraw one."""

from __future__ import annotations

from datetime import time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake import clock
from intake.clock import LOCAL
from intake.extensions import db
from intake.formdefs.schema import FormDef
from intake.invitations import (
    form_lists,
    form_mails,
    form_policy,  # noqa: F401  (registers the FORM policy)
    form_service,
)
from intake.invitations.form_models import FormInvitation, FormSending
from intake.public.opening import window
from intake.staff import bp, invitation_audit
from intake.staff.audit import record
from intake.staff.auth import current_staff
from intake.staff.forms import ButtonForm
from intake.staff.invitation_forms import SendForm
from intake.staff.lookups import definition_or_404
from intake.staff.preview import dry_run, is_confirmed, render_confirmation, still_current
from intake.staff.roles import Role, requires_role

invitation_audit.register()
CARRIED = ("subject", "body", "deadline_date", "deadline_time", "reminder_days")


@bp.record_once
def _links(state) -> None:
    from intake.staff.nav import add_form_link

    add_form_link(state.app, "staff.form_sendings", _l("Send personlige links"))


def sending_or_404(sending_id: int) -> tuple[FormSending, FormDef]:
    sending = db.session.get(FormSending, sending_id)
    if sending is None:
        abort(404)
    return sending, definition_or_404(sending.form_slug)


def invitation_or_404(sending: FormSending, invitation_id: int) -> FormInvitation:
    invitation = db.session.get(FormInvitation, invitation_id)
    if invitation is None or invitation.sending_id != sending.id:
        abort(404)
    return invitation


@bp.get("/f/<slug>/invitationer")
@requires_role(Role.SIGNUPS)
def form_sendings(slug: str):
    definition = definition_or_404(slug)
    sendings = form_service.sendings_of(slug)
    return render_template("staff/invitations/list.html", definition=definition,
                           sendings=[(s, form_service.figures(s)) for s in sendings])


def _send_form(definition: FormDef) -> SendForm:
    form = SendForm()
    if not form.is_submitted():
        from intake.branding import current_brand

        form.subject.data = form_mails.DEFAULT_SUBJECT
        form.body.data = form_mails.default_body(current_brand().name)
        if definition.closes_at and definition.closes_at > clock.now():
            local = definition.closes_at.astimezone(LOCAL)
            form.deadline_date.data, form.deadline_time.data = local.date(), local.time()
        else:
            form.deadline_time.data = time(12, 0)
    return form


def _recipients(form: SendForm) -> form_lists.Parsed:
    """Every list given, checked and merged; problems from all of them at once."""
    pasted = form_lists.parse_pasted(form.pasted.data or "")
    parsed = form_lists.Parsed(problems=list(pasted.problems))
    lists = [pasted.recipients]
    upload = form.file.data
    if upload is not None and getattr(upload, "filename", ""):
        from_file = form_lists.read_workbook(upload.stream)
        parsed.problems.extend(from_file.problems)
        lists.append(from_file.recipients)
    if form.groups.data:
        lists.append(form_lists.from_groups(form.groups.data))
    parsed.recipients = form_lists.merge(*lists)
    return parsed


@bp.route("/f/<slug>/invitationer/ny", methods=["GET", "POST"])
@requires_role(Role.SIGNUPS)
def new_sending(slug: str):
    """All or nothing: any bad line or row is reported with the others and nothing is sent;
    a clean list gets a preview (how many get a mail, who is skipped) and one confirmed POST
    queues them all."""
    definition = definition_or_404(slug)
    form = _send_form(definition)
    problems: list[str] = []
    if form.validate_on_submit():
        deadline = clock.local_time_on(form.deadline_date.data, form.deadline_time.data)
        if deadline <= clock.now():
            form.deadline_date.errors.append(_("Svarfristen skal ligge i fremtiden."))
        parsed = _recipients(form)
        problems = parsed.problems
        if window(definition).state == "closed":  # the links would open a closed page
            problems.insert(0, _("Skemaet er lukket for tilmeldinger. Åbn det igen, før du "
                                 "sender personlige links."))
        if not problems and not parsed.recipients and not form.deadline_date.errors:
            form.pasted.errors.append(_("Skriv mindst én modtager, vælg et regneark, eller vælg "
                                        "en gruppe."))
        if not problems and parsed.recipients and not form.deadline_date.errors:
            return _confirm_or_send(definition, form, deadline, parsed.recipients)
    status = 422 if problems or form.errors else 200
    return render_template("staff/invitations/new.html", definition=definition, form=form,
                           problems=problems), status


def _confirm_or_send(definition: FormDef, form: SendForm, deadline, recipients):
    data = form_service.SendingData(
        form_slug=definition.slug, subject=form.subject.data, body=form.body.data,
        deadline_at=deadline, reminder_days=getattr(form.reminder_days, "days", [7, 2]))
    actor = getattr(current_staff(), "email", None)
    planned = form_service.plan(definition.slug, recipients)
    preview = dry_run(lambda: form_service.send(data, recipients, actor),
                      summarise=lambda sending: len(sending.invitations))
    preview.lines = [_("%(n)s personer får en mail med et personligt link til «%(title)s».",
                       n=preview.result, title=definition.title)]
    if planned.already:
        preview.lines.append(_("%(n)s på listen er allerede inviteret til skemaet og får ingen "
                               "ny mail.", n=planned.already))
    preview.lines.append(_("Svarfristen er %(when)s. Påmindelser går derefter ud af sig selv "
                           "til dem, der ikke har svaret.",
                           when=form_mails.deadline_text(deadline)))
    if not (is_confirmed() and still_current(preview)):
        fields = {name: request.form.get(name, "") for name in CARRIED}
        fields["pasted"] = "\n".join(r.as_line() for r in recipients)
        return render_confirmation(
            title=_("Send «%(title)s» med personlige links", title=definition.title),
            preview=preview, fields=fields, changed=is_confirmed(), danger=False,
            back=url_for(".form_sendings", slug=definition.slug),
            action=url_for(".new_sending", slug=definition.slug),
            button=_("Ja, send mails til %(n)s personer", n=preview.result))
    sending = form_service.send(data, recipients, actor)
    count = len(sending.invitations)
    record("form_invitation.send", f"form:{definition.slug}",
           {"sending": sending.id, "invited": count, "skipped": planned.already})
    flash(_("%(n)s personer får en mail med et personligt link.", n=count))
    return redirect(url_for(".form_sending", sending_id=sending.id), 303)


@bp.get("/invitationer/<int:sending_id>")
@requires_role(Role.SIGNUPS)
def form_sending(sending_id: int):
    sending, definition = sending_or_404(sending_id)
    invitations = sending.invitations
    return render_template(
        "staff/invitations/sending.html", sending=sending, definition=definition,
        figures=form_service.figures(sending), button=ButtonForm(),
        answered=[i for i in invitations if i.is_answered and not i.is_withdrawn],
        waiting=[i for i in invitations if not i.is_answered and not i.is_withdrawn],
        withdrawn=[i for i in invitations if i.is_withdrawn],
        is_open=clock.now() < sending.deadline_at,
        schedule=form_policy.schedule(sending),
    )


def _button_or_400() -> None:
    if not ButtonForm().validate_on_submit():
        abort(400)


def _back(sending: FormSending) -> str:
    return url_for(".form_sending", sending_id=sending.id)


@bp.post("/invitationer/<int:sending_id>/paamind")
@requires_role(Role.SIGNUPS)
def form_sending_remind(sending_id: int):
    sending, _definition = sending_or_404(sending_id)
    _button_or_400()
    preview = dry_run(lambda: form_service.remind_now(sending))
    preview.lines = [_("%(n)s personer, der ikke har svaret, får en påmindelse nu.",
                       n=preview.result) if preview.result else
                     _("Ingen får en påmindelse: alle har svaret, har fået en i dag, har fået "
                       "det højeste antal, eller fristen er overskredet.")]
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Send påmindelse nu"), preview=preview, back=_back(sending), danger=False,
            action=url_for(".form_sending_remind", sending_id=sending.id),
            changed=is_confirmed(), button=_("Ja, send påmindelserne"))
    count = form_service.remind_now(sending)
    record("form_invitation.remind_now", f"sending:{sending.id}", {"sent": count})
    flash(_("%(n)s påmindelser er sendt til dem, der ikke har svaret.", n=count))
    return redirect(_back(sending), 303)


@bp.post("/invitationer/<int:sending_id>/personer/<int:invitation_id>/gensend")
@requires_role(Role.SIGNUPS)
def form_invitation_resend(sending_id: int, invitation_id: int):
    sending, _definition = sending_or_404(sending_id)
    invitation = invitation_or_404(sending, invitation_id)
    _button_or_400()
    if invitation.is_withdrawn:
        abort(409)
    form_service.resend(invitation)
    record("form_invitation.resend", f"invitation:{invitation.id}", {"sending": sending.id})
    flash(_("En ny mail med et nyt link er sendt til %(email)s. De tidligere links virker "
            "stadig.", email=invitation.recipient_email))
    return redirect(_back(sending), 303)


@bp.post("/invitationer/<int:sending_id>/personer/<int:invitation_id>/tilbagekald")
@requires_role(Role.SIGNUPS)
def form_invitation_withdraw(sending_id: int, invitation_id: int):
    sending, _definition = sending_or_404(sending_id)
    invitation = invitation_or_404(sending, invitation_id)
    _button_or_400()
    preview = dry_run(lambda: form_service.withdraw(invitation))
    preview.lines = [_("%(n)s personlige links til %(name)s holder op med at virke, og der "
                       "sendes ikke flere påmindelser. En tilmelding, personen har sendt, "
                       "står fast.", n=preview.result,
                       name=invitation.recipient_name or invitation.recipient_email)]
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Tilbagekald invitationen til %(name)s",
                    name=invitation.recipient_name or invitation.recipient_email),
            preview=preview, back=_back(sending), changed=is_confirmed(),
            button=_("Ja, tilbagekald invitationen"),
            action=url_for(".form_invitation_withdraw", sending_id=sending.id,
                           invitation_id=invitation.id))
    count = form_service.withdraw(invitation)
    record("form_invitation.withdraw", f"invitation:{invitation.id}",
           {"sending": sending.id, "links": count})
    flash(_("Invitationen er tilbagekaldt. Linkene virker ikke længere."))
    return redirect(_back(sending), 303)
