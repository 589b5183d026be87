"""Follow-up rounds for staff: create and edit, start, remind, and per-owner actions."""

from __future__ import annotations

from datetime import time

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from intake import clock
from intake.clock import LOCAL
from intake.extensions import db
from intake.formdefs.display import readable
from intake.goals import service as goals
from intake.goals.models import Sector
from intake.rounds import answers, figures, reminders
from intake.rounds import service as rounds
from intake.rounds.definition import answered_for, definition_for, usable_forms
from intake.rounds.forms import ChangeEmailForm, LateOwnerForm, RoundForm
from intake.rounds.models import Invitation, LateAnswer, Round
from intake.staff import bp
from intake.staff.audit import record
from intake.staff.auth import current_staff
from intake.staff.forms import ButtonForm
from intake.staff.period_views import period_or_404
from intake.staff.preview import dry_run, is_confirmed, render_confirmation, still_current
from intake.staff.roles import Role, requires_role

EMAIL_CHANGED = _l(
    "E-mailen er ændret. De gamle links virker ikke længere; en ny invitation er sendt."
)

def round_or_404(round_id: int) -> Round:
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        abort(404)
    return round_


def invitation_or_404(round_: Round, invitation_id: int) -> Invitation:
    """The round's invitation; an erased owner's placeholder has nobody to mail or link (404)."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.round_id != round_.id or invitation.owner.is_erased:
        abort(404)
    return invitation


def _round_form(round_: Round | None) -> RoundForm:
    form = RoundForm()
    form.form_slug.choices = [SelectChoice(f.slug, str(f.title)) for f in usable_forms()]
    if round_ is not None and not form.is_submitted():
        local = round_.deadline_at.astimezone(LOCAL)
        for name in (
            "title",
            "form_slug",
            "grace_days",
            "reminder_hour",
            "max_reminders",
            "contact_name",
            "contact_email",
            "invitation_subject",
            "invitation_body",
            "reminder_subject",
            "reminder_body",
        ):
            form[name].data = getattr(round_, name)
        form.deadline_date.data, form.deadline_time.data = local.date(), local.time()
        form.reminder_days.data = ", ".join(str(d) for d in round_.reminder_days)
    elif round_ is None and not form.is_submitted():
        from intake.branding import current_brand
        from intake.rounds import mails

        brand = current_brand()
        form.invitation_subject.data = mails.DEFAULT_INVITATION_SUBJECT
        form.invitation_body.data = mails.with_organisation(
            mails.DEFAULT_INVITATION_BODY, brand.name)
        form.reminder_subject.data = mails.DEFAULT_REMINDER_SUBJECT
        form.reminder_body.data = mails.with_organisation(mails.DEFAULT_REMINDER_BODY, brand.name)
        form.contact_name.data, form.contact_email.data = brand.name, brand.email
        form.deadline_time.data = time(12, 0)
        form.form_slug.data = form.form_slug.choices[0].value if form.form_slug.choices else None
    return form


def _round_data(form: RoundForm) -> rounds.RoundData:
    deadline = clock.local_time_on(form.deadline_date.data, form.deadline_time.data)
    return rounds.RoundData(
        title=form.title.data, form_slug=form.form_slug.data, deadline_at=deadline,
        grace_days=form.grace_days.data, reminder_days=getattr(form.reminder_days, "days", []),
        reminder_hour=form.reminder_hour.data, max_reminders=form.max_reminders.data,
        contact_name=form.contact_name.data, contact_email=form.contact_email.data,
        invitation_subject=form.invitation_subject.data, invitation_body=form.invitation_body.data,
        reminder_subject=form.reminder_subject.data, reminder_body=form.reminder_body.data,
    )


@bp.route("/maal/perioder/<int:year>/runder/ny", methods=["GET", "POST"])
@requires_role(Role.GOALS)
def new_round(year: int):
    period = period_or_404(year)
    form = _round_form(None)
    if form.validate_on_submit():
        round_ = rounds.create_round(period, _round_data(form))
        record("round.create", f"round:{round_.id}")
        return redirect(url_for(".round_page", round_id=round_.id), 303)
    return render_template("staff/goals/round_form.html", form=form, period=period, round=None)


@bp.route("/maal/runder/<int:round_id>/rediger", methods=["GET", "POST"])
@requires_role(Role.GOALS)
def edit_round(round_id: int):
    round_ = round_or_404(round_id)
    form = _round_form(round_)
    if form.validate_on_submit() and round_.is_started and form.form_slug.data != round_.form_slug:
        form.form_slug.errors.append(_("Spørgeskemaet kan ikke skiftes, når runden er startet."))
    elif form.is_submitted() and not form.errors:
        rounds.update_round(round_, _round_data(form))
        record("round.update", f"round:{round_.id}")
        flash(_("Runden er gemt."))
        return redirect(url_for(".round_page", round_id=round_.id), 303)
    return render_template(
        "staff/goals/round_form.html", form=form, period=round_.period, round=round_
    )


@bp.get("/maal/runder/<int:round_id>")
@requires_role(Role.GOALS)
def round_page(round_id: int):
    round_ = round_or_404(round_id)
    late = LateOwnerForm()
    late.goal.choices = _goal_choices(round_)
    return _render_round(round_, late)


def _render_round(round_: Round, late: LateOwnerForm):
    goals_by_owner = {i.id: rounds.goals_for(i) for i in round_.invitations}
    return render_template(
        "staff/goals/round.html",
        round=round_,
        figures=figures.compute(round_),
        button=ButtonForm(),
        late=late,
        schedule=reminders.schedule(round_),
        is_open=rounds.is_open(round_),
        goals_by_owner=goals_by_owner,
        unsent=_unsent(round_, goals_by_owner),
    )


def _unsent(round_: Round, goals_by_owner: dict) -> list[dict]:
    """Drafts and late answers, readable, so staff see what owners typed but did not send in
    time (issue 9 §3): [{"invitation", "kind", "at", "late", "blocks": [(title, rows, block)]}];
    `block` is the stored answers, for the links to its files (answer_files)."""
    definition = answered_for(round_)
    if definition is None:
        return []

    def blocks(invitation: Invitation, stored: dict) -> list[tuple[str, list, dict]]:
        goal_parts = stored.get("goals") or {}
        parts = [(g.title, goal_parts.get(str(g.id)) or {}, definition.goal_fields)
                 for g in goals_by_owner[invitation.id]]
        parts.append((_("Til sidst"), stored.get("general") or {}, None))
        shown = [(title, readable(definition, block, fields), block)
                 for title, block, fields in parts]
        return [(title, rows, block) for title, rows, block in shown if rows]

    found = []
    for invitation in round_.invitations:
        for late_answer in reversed(invitation.late_answers):
            found.append({"invitation": invitation, "kind": "late", "at": late_answer.received_at,
                          "late": late_answer, "blocks": blocks(invitation, late_answer.answers)})
        if invitation.draft_answers is not None:
            found.append(
                {
                    "invitation": invitation,
                    "kind": "draft",
                    "at": invitation.draft_saved_at,
                    "late": None,
                    "blocks": blocks(invitation, invitation.draft_answers),
                }
            )
    return found


def _goal_choices(round_: Round) -> list[SelectChoice]:
    return [
        SelectChoice(g.id, f"{g.focus_area.label}: {g.title}")
        for g in goals.goals_of(round_.period)
    ]


def _button_or_400() -> None:
    if not ButtonForm().validate_on_submit():
        abort(400)


def _back(round_: Round) -> str:
    return url_for(".round_page", round_id=round_.id)


@bp.post("/maal/runder/<int:round_id>/start")
@requires_role(Role.GOALS)
def start_round(round_id: int):
    round_ = round_or_404(round_id)
    _button_or_400()
    if round_.is_started:
        flash(_("Runden er allerede startet."))
        return redirect(url_for(".round_page", round_id=round_.id), 303)
    if definition_for(round_) is None:
        flash(_("Spørgeskemaet findes ikke længere. Vælg et andet under «Ret runden»."))
        return redirect(url_for(".round_page", round_id=round_.id), 303)
    preview = dry_run(lambda: rounds.start(round_))
    starts = ngettext(
        "Runden «%(title)s» startes, og %(num)d målejer får én invitation med sine mål og et "
        "personligt link.",
        "Runden «%(title)s» startes, og %(num)d målejere får hver én invitation med deres mål og "
        "et personligt link.",
        preview.result,
        title=round_.title,
    )
    preview.lines = [
        starts,
        _(
            "Fristen er %(deadline)s. Påmindelser går derefter ud af sig selv.",
            deadline=format_datetime(round_.deadline_at, "d. MMMM y 'kl.' HH.mm"),
        ),
    ]
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Start runden «%(title)s»", title=round_.title),
            preview=preview,
            back=_back(round_),
            action=url_for(".start_round", round_id=round_.id),
            changed=is_confirmed(),
            button=_("Ja, start runden og send invitationerne"),
        )
    count = rounds.start(round_)
    record("round.start", f"round:{round_.id}", {"invited": count})
    flash(ngettext("Runden er startet. %(num)d målejer får en invitation.",
                   "Runden er startet. %(num)d målejere får en invitation.", count))
    return redirect(url_for(".round_page", round_id=round_.id), 303)


@bp.post("/maal/runder/<int:round_id>/paamind")
@requires_role(Role.GOALS)
def remind_now(round_id: int):
    round_ = round_or_404(round_id)
    _button_or_400()
    preview = dry_run(lambda: reminders.send_now(round_) if rounds.is_open(round_) else 0)
    preview.lines = [
        _("%(n)s målejere, der ikke har svaret, får en påmindelse nu.", n=preview.result)
    ]
    if not preview.result:
        preview.lines = [
            _(
                "Ingen får en påmindelse: alle har svaret, har fået en i dag, har fået det "
                "højeste antal, eller runden er lukket."
            )
        ]
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Send påmindelse nu"), preview=preview, back=_back(round_), danger=False,
            action=url_for(".remind_now", round_id=round_.id), changed=is_confirmed(),
            button=_("Ja, send påmindelserne"))
    count = reminders.send_now(round_) if rounds.is_open(round_) else 0
    record("round.remind_now", f"round:{round_.id}", {"sent": count})
    flash(_("%(n)s påmindelser er sendt til målejere, der ikke har svaret.", n=count))
    return redirect(url_for(".round_page", round_id=round_.id), 303)


@bp.post("/maal/runder/<int:round_id>/invitationer/<int:invitation_id>/gensend")
@requires_role(Role.GOALS)
def resend(round_id: int, invitation_id: int):
    round_ = round_or_404(round_id)
    invitation = invitation_or_404(round_, invitation_id)
    _button_or_400()
    if not round_.is_started:
        abort(409)
    rounds.resend(invitation)
    record("round.resend", f"invitation:{invitation.id}")
    flash(_("En ny invitation er sendt til %(email)s.", email=invitation.owner.email))
    return redirect(url_for(".round_page", round_id=round_.id), 303)


@bp.post("/maal/runder/<int:round_id>/invitationer/<int:invitation_id>/tilbagekald")
@requires_role(Role.GOALS)
def revoke(round_id: int, invitation_id: int):
    round_ = round_or_404(round_id)
    invitation = invitation_or_404(round_, invitation_id)
    _button_or_400()
    preview = dry_run(lambda: rounds.revoke(invitation))
    preview.lines = [
        _(
            "%(n)s personlige links til %(name)s holder op med at virke. Målejeren kan ikke "
            "svare, før du sender en ny invitation.",
            n=preview.result,
            name=invitation.owner.name,
        )
    ]
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Luk links for %(name)s", name=invitation.owner.name), preview=preview,
            back=_back(round_), changed=is_confirmed(), button=_("Ja, luk linkene"),
            action=url_for(".revoke", round_id=round_.id, invitation_id=invitation.id))
    count = rounds.revoke(invitation)
    record("round.revoke", f"invitation:{invitation.id}", {"links": count, "round": round_.id})
    flash(_("Målejerens links virker ikke længere. Send en ny invitation for at give et nyt link."))
    return redirect(url_for(".round_page", round_id=round_.id), 303)


@bp.route(
    "/maal/runder/<int:round_id>/invitationer/<int:invitation_id>/email", methods=["GET", "POST"]
)
@requires_role(Role.GOALS)
def change_email(round_id: int, invitation_id: int):
    round_ = round_or_404(round_id)
    invitation = invitation_or_404(round_, invitation_id)
    form = ChangeEmailForm()
    if form.validate_on_submit():
        if goals.email_taken(form.email.data, except_owner=invitation.owner):
            form.email.errors.append(_("Den e-mail har en anden målejer allerede."))
        else:
            reissued = rounds.change_email(invitation.owner, form.email.data)
            record(
                "owner.change_email", f"owner:{invitation.owner_id}", {"reissued": len(reissued)}
            )
            flash(str(EMAIL_CHANGED))
            return redirect(url_for(".round_page", round_id=round_.id), 303)
    return render_template(
        "staff/goals/change_email.html", round=round_, invitation=invitation, form=form
    )


@bp.post("/maal/runder/<int:round_id>/sen-ejer")
@requires_role(Role.GOALS)
def add_owner_late(round_id: int):
    round_ = round_or_404(round_id)
    form = LateOwnerForm()
    form.goal.choices = _goal_choices(round_)
    if form.validate_on_submit():
        goal = next(g for g in goals.goals_of(round_.period) if g.id == form.goal.data)
        owner = goals.upsert_owner(form.name.data, form.email.data, form.organisation.data or "",
                                   Sector(form.sector.data))
        invitation = rounds.add_owner_late(round_, goal, owner)
        record("round.add_owner", f"round:{round_.id}", {"goal": goal.id, "owner": owner.id})
        flash(
            _("Målejeren er tilføjet.") + (" " + _("Invitationen er sendt.") if invitation else "")
        )
        return redirect(url_for(".round_page", round_id=round_.id), 303)
    return _render_round(round_, form)


@bp.post("/maal/runder/<int:round_id>/sene-svar/<int:late_id>/tag-med")
@requires_role(Role.GOALS)
def accept_late(round_id: int, late_id: int):
    """Take a late answer into the round as a new version, dated when it arrived."""
    round_ = round_or_404(round_id)
    late_answer = db.session.get(LateAnswer, late_id)
    if late_answer is None or late_answer.invitation.round_id != round_.id:
        abort(404)
    _button_or_400()
    submission = answers.accept_late(late_answer, getattr(current_staff(), "id", None))
    if submission is None:
        flash(_("Det sene svar er allerede taget med."))
    else:
        record("round.accept_late", f"invitation:{late_answer.invitation_id}",
               {"late_answer": late_answer.id, "version": submission.version})
        flash(_("Det sene svar fra %(name)s er taget med som version %(n)s.",
                name=late_answer.invitation.owner.name, n=submission.version))
    return redirect(url_for(".round_page", round_id=round_.id) + "#unsent", 303)
