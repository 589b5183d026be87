"""The personal link of an invitation to a form: /inviteret/<token> on the invitee blueprint
(intake.followup.bp, whose after_request sets no-store and no-referrer).

GET shows the form with the person's name and e-mail filled in, or, once they answered,
their answer with the form to change it while the form is open. A GET changes nothing
(mail scanners open links). The first POST signs up through the sign-up service
(source "invitation"); later POSTs change the answer through intake.signups.edits. An
unknown, expired, withdrawn or mistyped link gets one "not valid" page (404).
"""

from __future__ import annotations

import secrets

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import CombinedMultiDict

from intake.extensions import csrf, db
from intake.files import service as files
from intake.followup import bp
from intake.followup.guessing import INVALID_STATUS, guarded
from intake.formdefs.display import readable
from intake.formdefs.registry import current_registry
from intake.formdefs.schema import FormDef
from intake.formdefs.versions import given_under
from intake.invitations import (
    form_policy,  # noqa: F401  (registers the FORM policy)
    form_service,
    tokens,
)
from intake.invitations.form_models import FormInvitation
from intake.invitations.models import InvitationKind
from intake.public.mine import change_form, shown_answers
from intake.public.opening import window
from intake.signups import availability, refusals
from intake.uploads.request import allow_files


def _invalid():
    return render_template("invitations/invalid.html"), INVALID_STATUS


def name_field(definition: FormDef) -> str | None:
    """The name question: key `navn`, else the first field with autocomplete `name`."""
    if definition.field("navn") is not None:
        return "navn"
    return next((f.key for f in definition.fields if f.autocomplete == "name"), None)


def prefill(definition: FormDef, invitation: FormInvitation) -> dict:
    """Name and e-mail from the invitation, for the fields that ask for them."""
    data = {}
    if definition.identity_field:
        data[definition.identity_field] = invitation.recipient_email
    name_key = name_field(definition)
    if name_key and invitation.recipient_name:
        data[name_key] = invitation.recipient_name
    return data


@bp.url_value_preprocessor
def _allow_files(endpoint, values) -> None:
    """A form with file fields may send them: the POST gets the limit its fields need, as
    the public form's does (intake/public/views.py). Set before anything reads the form."""
    if endpoint != "followup.form_invitation" or request.method != "POST":
        return
    row = tokens.find((values or {}).get("token", ""), InvitationKind.FORM)
    definition = (current_registry().get(row.invitation.sending.form_slug)
                  if row is not None else None)
    if definition is not None:
        allow_files(definition)


@bp.route("/inviteret/<token>", methods=["GET", "POST"])
@guarded
@csrf.exempt  # the form checks its own token, so an expired page keeps what was typed
def form_invitation(token: str):
    row = tokens.find(token, InvitationKind.FORM)
    if row is None:
        return _invalid()
    invitation = row.invitation
    definition = current_registry().get(invitation.sending.form_slug)
    if definition is None or definition.kind != "signup":
        return _invalid()
    if invitation.signup is not None:
        return _answered(token, invitation, definition)
    state = window(definition)
    if state.state != "open":
        status = 409 if request.method == "POST" else 200
        return render_template("invitations/closed.html", definition=definition, window=state,
                               invitation=invitation, answers=None), status
    form = current_registry().form_class(definition)(data=prefill(definition, invitation))
    resend_email = None  # signed up before (on the public form): offer the confirmation again
    if form.validate_on_submit():
        if not form.has_valid_key():
            form.submission_key.data = secrets.token_hex(16)
        form_service.opened(invitation)
        outcome = form_service.answer(invitation, definition, form.answers(),
                                      form.submission_key.data, locale=_locale())
        if outcome.signup is not None:
            files.attach(definition, outcome.signup, form)  # as the public form does
            flash(_("Tak for dit svar. Du får en bekræftelse på mail."))
            return redirect(url_for(".form_invitation", token=token), 303)
        db.session.rollback()
        refusals.explain(definition, form, outcome)
        if outcome.status == "already_signed_up" and definition.identity_field:
            resend_email = form[definition.identity_field].data
    return render_template("invitations/form.html", definition=definition, form=form,
                           invitation=invitation, window=state, resend_email=resend_email,
                           seats=availability.seats_left(definition, form.occasions))


def _answered(token: str, invitation: FormInvitation, definition: FormDef):
    """Their answer; while the form is open, the form filled with it to change it."""
    signup = invitation.signup
    shown = readable(given_under(definition.slug, signup.form_version, definition=definition),
                     shown_answers(definition, signup))  # a withdrawn consent reads as not given
    state = window(definition)
    if state.state != "open" or signup.is_cancelled:
        status = 409 if request.method == "POST" else 200
        return render_template("invitations/closed.html", definition=definition, window=state,
                               invitation=invitation, answers=shown, signup=signup), status
    # The same change form as Min tilmelding: stored files kept, cleared answers not refilled.
    posted = CombinedMultiDict((request.files, request.form)) if request.method == "POST" else None
    form = change_form(definition, signup, posted)
    if form.validate_on_submit():
        form_service.opened(invitation)
        outcome = form_service.change(invitation, definition, form.answers())
        if outcome.ok:
            files.attach(definition, signup, form)  # new files replace the stored ones
            flash(_("Dit svar er rettet. Du får en bekræftelse på mail.") if outcome.changed
                  else _("Du ændrede ikke noget, så dit svar er det samme som før."))
            return redirect(url_for(".form_invitation", token=token), 303)
        db.session.rollback()
        _explain_change(definition, form, outcome)
    return render_template("invitations/answered.html", definition=definition, form=form,
                           invitation=invitation, signup=signup, answers=shown, window=state,
                           seats=availability.seats_left(definition, form.occasions))


def _explain_change(definition: FormDef, form, outcome) -> None:
    if outcome.reason in ("full", "already_signed_up"):
        refusals.explain(definition, form, _Refusal(outcome))
    else:  # closed or cancelled meanwhile: the page says so on the next GET
        form.form_errors.append(_("Dit svar kan ikke rettes længere, fordi tilmeldingen er "
                                  "lukket eller afmeldt."))


class _Refusal:
    """An EditOutcome read as the sign-up service's Outcome (what refusals.explain reads)."""

    def __init__(self, outcome):
        self.status = outcome.reason
        self.full_buckets = outcome.full_buckets
        self.booked_buckets = outcome.booked_buckets


def _locale() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "da")
