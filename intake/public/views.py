"""Public views: load the definition, check the window, validate, call one service, redirect."""

from __future__ import annotations

import secrets
import unicodedata

from flask import (
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from intake.extensions import csrf, db, limiter
from intake.files import service as files
from intake.formdefs import occasions as occasion_rules
from intake.formdefs.display import readable
from intake.formdefs.registry import current_registry
from intake.formdefs.typed import posted_rows
from intake.formdefs.versions import given_under
from intake.public import bp
from intake.public.opening import window
from intake.redirects import safe_next
from intake.signups import availability, refusals
from intake.signups import service as signups
from intake.uploads.request import allow_files

RECEIPTS_KEPT = 10


def _definition_or_404(slug: str):
    definition = current_registry().get(slug)
    if definition is None or definition.kind != "signup":
        abort(404)
    return definition


# Rate limits (README, "Settings"): only accepted sign-ups count per address and form and per
# e-mail address, so people who mistype, or share one address at a fair, are not locked out;
# every POST counts towards a looser per-address ceiling that stops a flood of junk.
def _signup_limit() -> str:
    return current_app.config["SIGNUP_RATE_LIMIT"]


def _post_limit() -> str:
    return current_app.config.get("SIGNUP_POST_RATE_LIMIT", "120 per minute")


def _email_limit() -> str:
    return current_app.config.get("SIGNUP_EMAIL_RATE_LIMIT", "5 per hour;20 per day")


def _address_and_form() -> str:
    return f"signup:{get_remote_address()}:{(request.view_args or {}).get('slug', '')}"


def _address() -> str:
    return f"signup-post:{get_remote_address()}"


def _email_key() -> str:
    """The identity field's address, NFC and case-folded; empty (the limit skipped) if none."""
    definition = current_registry().get((request.view_args or {}).get("slug", ""))
    field = definition.identity_field if definition is not None else None
    typed = request.form.get(field) or "" if field else ""
    value = unicodedata.normalize("NFC", typed).strip().casefold()
    return f"signup-email:{value[:254]}" if value else ""


def _signed_up(response) -> bool:
    return response.status_code == 303


def _refill(_limit) -> Response:
    """A refused POST gets its form back, filled in, with the reason at the top (issue 8 §9)."""
    definition = _definition_or_404(request.view_args["slug"])
    form = current_registry().form_class(definition)()
    notice = _("Der er sendt mange tilmeldinger fra din internetforbindelse lige nu, så vi har "
               "ikke modtaget din endnu. Det, du skrev, står her stadig. Vent et minut, og tryk så "
               "på «Send tilmelding» igen.")
    response = make_response(render_template(
        "public/form.html", definition=definition, form=form,
        seats=availability.seats_left(definition, form.occasions), window=window(definition),
        notice=notice), 429)
    response.headers["Retry-After"] = "60"
    return response


@bp.url_value_preprocessor
def _allow_files(endpoint, values) -> None:
    """A form with file fields may send them: its POST gets the body limit for files
    (intake.uploads.request.allow_files) instead of MAX_CONTENT_LENGTH. Set here, as
    the URL is matched, because the rate limiter reads the form before any before_request."""
    if endpoint != "public.form_page" or request.method != "POST":
        return
    definition = current_registry().get((values or {}).get("slug", ""))
    if definition is not None:
        allow_files(definition)


@bp.get("/")
def index():
    definitions = [(f, window(f)) for f in current_registry().signup_forms() if f.listed]
    return render_template("public/index.html", definitions=definitions)


@bp.route("/f/<slug>", methods=["GET", "POST"])
@limiter.limit(_post_limit, methods=["POST"], key_func=_address, on_breach=_refill)
@limiter.limit(_signup_limit, methods=["POST"], key_func=_address_and_form, deduct_when=_signed_up,
               on_breach=_refill)
@limiter.limit(_email_limit, methods=["POST"], key_func=_email_key, deduct_when=_signed_up,
               on_breach=_refill)
@csrf.exempt  # the form checks its own token, so an expired page keeps what was typed
def form_page(slug: str):
    definition = _definition_or_404(slug)
    state = window(definition)
    if state.state != "open":
        # A POST after closing time gets back what it carried (issue 9 §3), never stored.
        typed = posted_rows(definition.fields, request.form) if request.method == "POST" else []
        status = 409 if request.method == "POST" else 200
        return render_template("public/closed.html", definition=definition, window=state,
                               typed=typed), status
    form = current_registry().form_class(definition)(prefill=request.args)
    resend_email = None  # "already signed up": offer to send the confirmation again
    if form.validate_on_submit():
        if form.is_bot():
            return render_template("public/received.html", definition=definition)
        if not form.has_valid_key():  # tampered with; the person is not at fault
            form.submission_key.data = secrets.token_hex(16)
        outcome = signups.submit(definition, form.answers(), form.submission_key.data,
                                 locale=_locale())
        if outcome.signup is not None:
            files.attach(definition, outcome.signup, form)
            # read before the commit expires it (no extra SELECT)
            reference = outcome.signup.reference
            _remember_receipt(reference)
            return redirect(url_for(".receipt", slug=slug, reference=reference), 303)
        db.session.rollback()
        refusals.explain(definition, form, outcome)
        if outcome.status == "already_signed_up" and definition.identity_field:
            resend_email = form[definition.identity_field].data
    return render_template("public/form.html", definition=definition, form=form,
                           seats=availability.seats_left(definition, form.occasions),
                           window=state, resend_email=resend_email)


def _locale() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "da")


def _remember_receipt(reference: str) -> None:
    """Only the browser that signed up may see the receipt: it holds the reference in its
    session."""
    receipts = [r for r in session.get("receipts", []) if r != reference]
    session["receipts"] = (receipts + [reference])[-RECEIPTS_KEPT:]


@bp.get("/f/<slug>/kvittering/<reference>")
def receipt(slug: str, reference: str):
    definition = _definition_or_404(slug)
    if reference not in session.get("receipts", []):
        abort(404)
    signup = signups.find_by_reference(reference)
    if signup is None or signup.form_slug != slug:
        abort(404)
    return render_template(
        "public/receipt.html", definition=definition, signup=signup,
        answers=readable(
            given_under(slug, signup.form_version, definition=definition), signup.answers
        ),
        occasions=occasion_rules.chosen(definition, signup.answers),
        is_waitlisted=signups.is_waitlisted(signup),
        manage_token=signups.cancel_token(signup),  # "Min tilmelding" (mine_views.py)
    )


@bp.route("/afmeld/<token>", methods=["GET", "POST"])
@csrf.exempt  # a POST is "Min tilmelding"'s, which checks the token itself
def cancel(token: str):
    """Old mails' cancel link: "Min tilmelding" (intake/public/mine_views.py) took over.
    A GET is sent there (303); a POST from a page opened before is handled there."""
    from intake.public import mine_views

    if request.method == "POST" or signups.signup_for_cancel_token(token) is None:
        return mine_views.mine_page(token)  # not valid: the same "not valid" page (404)
    return redirect(url_for(".mine_page", token=token), 303)


@bp.get("/sprog/<lang>")
def language(lang: str):
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_next(request.args.get("next"), url_for(".index")), 303)


@bp.get("/f/<slug>/privatliv")
def form_privacy(slug: str):
    return render_template("public/privacy_form.html", definition=_definition_or_404(slug))


@bp.get("/privatliv")
def privacy():
    return render_template("public/privacy.html", definitions=current_registry().signup_forms())


@bp.get("/tilgaengelighed")
def accessibility():
    return render_template("public/accessibility.html")
