"""Owner views: open a personal link, answer, save a draft, submit, and get a lost link again."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict
from wtforms import EmailField, HiddenField
from wtforms.validators import InputRequired, Length

from intake.clock import now
from intake.extensions import csrf, db, limiter
from intake.files import service as files
from intake.followup import owner_session, questionnaire
from intake.formdefs.display import readable
from intake.jobs import service as jobs
from intake.jobs.models import JobKind
from intake.outbox.addresses import ValidEmail
from intake.rounds import answers, tokens
from intake.rounds import service as rounds
from intake.rounds.definition import definition_for
from intake.rounds.models import Invitation
from intake.uploads.request import allow_files

from . import bp
from .guessing import INVALID_STATUS, guarded


def invalid_link():
    return render_template("followup/invalid.html"), INVALID_STATUS


def _lost_limit() -> str:
    return current_app.config.get("FOLLOWUP_LOST_LINK_RATE_LIMIT", "5 per hour")


def _lost_email_key() -> str:
    return "lost-link:" + (request.form.get("email") or "").strip().lower()[:254]


class OpenForm(FlaskForm):
    token = HiddenField()


class LostLinkForm(FlaskForm):
    email = EmailField(
        _l("Din e-mailadresse"),
        validators=[InputRequired(_l("Skriv din e-mailadresse.")), Length(max=254),
                    ValidEmail()],
        render_kw={"autocomplete": "email"},
    )


@bp.url_value_preprocessor
def _allow_files(endpoint, values) -> None:
    """The questionnaire may send files (an action plan per goal): its POST gets the limit
    its file fields need for the owner's goals (intake.uploads.request.allow_files),
    as the public form's does. Reads the session without touching its idle timer."""
    if endpoint != "followup.answer" or request.method != "POST":
        return
    data = session.get(owner_session.SESSION_KEY)
    invitation_id = data.get("invitation") if isinstance(data, dict) else None
    invitation = db.session.get(Invitation, invitation_id) \
        if isinstance(invitation_id, int) else None
    if invitation is None or invitation.owner is None:
        return
    definition = definition_for(invitation.round)
    if definition is None:
        return
    allow_files(definition, blocks=len(rounds.goals_for(invitation)))


# -- the link ------------------------------------------------------------------


@bp.get("/opfoelgning/<token>")
@guarded
def open_link(token: str):
    """Shows a button only: opening the link (by a person or a mail scanner) changes nothing."""
    row = tokens.find(token)
    if row is None:
        return invalid_link()
    return render_template(
        "followup/open.html", form=OpenForm(token=token), round=row.invitation.round
    )


@bp.post("/opfoelgning/aabn")
@csrf.exempt  # checked below, so an expired page gets its button back instead of an error
@guarded
def exchange():
    form = OpenForm()
    row = tokens.find(form.token.data or "")
    if row is None:
        return invalid_link()
    if not form.validate():
        flash(_("Siden var udløbet. Tryk på knappen igen."))
        return render_template(
            "followup/open.html", form=OpenForm(token=form.token.data), round=row.invitation.round
        )
    invitation = row.invitation
    moment = now()
    invitation.opened_at = invitation.opened_at or moment
    invitation.last_opened_at = moment
    owner_session.start(row.id, invitation.id)
    return redirect(url_for(".answer"), 303)


# -- the questionnaire ---------------------------------------------------------


@bp.route("/opfoelgning/svar", methods=["GET", "POST"])
@csrf.exempt  # the page's own form checks CSRF, so typed answers survive an expired page
def answer():
    owner = owner_session.resolve()
    if owner.invitation is None:
        return _session_ended(owner)
    invitation = owner.invitation
    round_ = invitation.round
    definition = definition_for(round_)
    if definition is None:
        abort(404)
    goals = rounds.goals_for(invitation)
    if request.method == "POST":
        posted = CombinedMultiDict((request.files, request.form))  # files: intake/files
        if questionnaire.post_is_foreign(invitation, goals, posted):
            abort(404)
        action = request.form.get("action")
        if action not in ("draft", "submit"):
            abort(400)
        page = questionnaire.build(invitation, goals, definition, formdata=posted)
        is_open = rounds.is_open(round_)
        # After the deadline nothing is required: whatever was typed is kept as a late answer.
        if questionnaire.validate(page, is_draft=action == "draft" or not is_open):
            collected = questionnaire.collect(page)
            answers.lock(invitation)
            questionnaire.store_files(page, collected)
            if not rounds.is_open(round_):
                answers.save_late(invitation, collected, definition.version)
                files.prune_invitation(invitation)
                flash(_("Fristen var overskredet, da du sendte. Dit svar er gemt som et sent svar, "
                        "og %(name)s kan tage det med i opfølgningen.", name=round_.contact_name))
                return redirect(url_for(".answer"), 303)
            if action == "draft":
                answers.save_draft(invitation, collected)
                flash(_("Din kladde er gemt. Husk at sende dine svar inden fristen."))
            else:
                submission = answers.submit(invitation, collected, definition.version)
                flash(_("Tak! Dine svar er sendt (version %(n)s). Du kan rette dem indtil fristen.",
                        n=submission.version))
            files.prune_invitation(invitation)
            return redirect(url_for(".answer"), 303)
        status = 200 if is_open else 409
    elif not rounds.is_open(round_):
        return _closed(invitation, definition, goals)
    else:
        page, status = questionnaire.build(invitation, goals, definition), 200
    return render_template("followup/form.html", page=page, round=round_, invitation=invitation,
                           deadline=round_.deadline_at, is_open=rounds.is_open(round_)), status


def _session_ended(owner: owner_session.OwnerSession):
    """Says truthfully why the page is closed; a POST gets back what it carried."""
    typed = []
    if request.method == "POST" and owner.stale is not None:
        definition = definition_for(owner.stale.round)
        if definition is not None:
            typed = questionnaire.typed_rows(definition, request.form)
    return render_template("followup/session_ended.html", reason=owner.ended.value, typed=typed,
                           idle_minutes=int(owner_session.idle_limit().total_seconds() // 60)), 403


def _closed(invitation: Invitation, definition, goals):
    """After the deadline: the round is closed; whom to contact; the owner's own answers,
    their unsent draft and any late answer, each said for what it is."""
    latest = invitation.latest

    def shown(stored: dict | None) -> tuple[list, list]:
        if not stored:
            return [], []
        blocks = (stored.get("goals") or {})
        rows = [(goal, readable(definition, blocks.get(str(goal.id)) or {}, definition.goal_fields))
                for goal in goals]
        return rows, readable(definition, stored.get("general") or {})

    rows, general = shown(latest.answers if latest else None)
    draft_rows, draft_general = shown(invitation.draft_answers)
    late = invitation.late_answers[-1] if invitation.late_answers else None
    late_rows, late_general = shown(late.answers if late else None)
    return render_template(
        "followup/closed.html", round=invitation.round, latest=latest, rows=rows, general=general,
        draft_at=invitation.draft_saved_at if invitation.draft_answers else None,
        draft_rows=draft_rows, draft_general=draft_general,
        late=late, late_rows=late_rows, late_general=late_general,
    )


@bp.post("/opfoelgning/log-ud")
def log_out():
    owner_session.end()
    flash(_("Du er logget ud. Brug linket i din e-mail for at åbne spørgeskemaet igen."))
    return redirect(url_for(".lost_link"), 303)


# -- lost link -------------------------------------------------------------------


@bp.route("/opfoelgning/mistet-link", methods=["GET", "POST"])
@limiter.limit(_lost_limit, methods=["POST"])
@limiter.limit(lambda: current_app.config.get("FOLLOWUP_LOST_LINK_EMAIL_LIMIT", "3 per day"),
               methods=["POST"], key_func=_lost_email_key)
def lost_link():
    """The same answer, after the same work, whether the address is known or not: the look-up
    and the mail are a job for the mail worker (intake.jobs), so timing cannot tell either."""
    form = LostLinkForm()
    if form.validate_on_submit():
        jobs.queue(JobKind.FOLLOWUP_LOST_LINK, form.email.data.strip())
        return render_template("followup/lost_link_sent.html")
    return render_template("followup/lost_link.html", form=form)
