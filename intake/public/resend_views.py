"""'Send my confirmation again' (issue 8 §7): the way forward from "already signed up".

The answer is the same, after the same work, whether or not the address has signed up: the
request only queues a job (intake.jobs) and the mail worker sends the confirmation again, or
nothing (issue 9 §5). The page names the contact address for anyone who gets nothing.
"""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import InputRequired, Length

from intake.extensions import limiter
from intake.formdefs.display import contact_address
from intake.jobs import service as jobs
from intake.jobs.models import JobKind
from intake.outbox.addresses import ValidEmail
from intake.public import bp
from intake.public.views import _definition_or_404


class ResendForm(FlaskForm):
    email = EmailField(
        _l("Din e-mailadresse"),
        validators=[InputRequired(_l("Skriv den e-mailadresse, du tilmeldte dig med.")),
                    Length(max=254, message=_l("Adressen er for lang.")),
                    ValidEmail()],
        render_kw={"autocomplete": "email"},
    )


def _ip_limit() -> str:
    return current_app.config.get("SIGNUP_RESEND_RATE_LIMIT", "10 per hour")


def _email_limit() -> str:
    return current_app.config.get("SIGNUP_RESEND_EMAIL_LIMIT", "3 per day")


def _email_key() -> str:
    return "resend:" + request.view_args.get("slug", "") + ":" + (
        (request.form.get("email") or "").strip().lower()[:254])


@bp.route("/f/<slug>/send-bekraeftelse", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"])
@limiter.limit(_email_limit, methods=["POST"], key_func=_email_key)
def resend_confirmation(slug: str):
    definition = _definition_or_404(slug)
    form = ResendForm()
    if form.validate_on_submit():
        jobs.queue(JobKind.SIGNUP_RESEND, form.email.data.strip(), form_slug=definition.slug)
        return render_template("public/resend_sent.html", definition=definition,
                               contact=contact_address(definition))
    return render_template("public/resend.html", definition=definition, form=form,
                           contact=contact_address(definition))
