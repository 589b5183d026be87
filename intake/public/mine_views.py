""""Min tilmelding" (intake/public/mine.py) and "Har du mistet din bekræftelse?".

`/min-tilmelding/<token>`: the sign-up, the cancel buttons (POST); `/…/ret`: change the
answers; `/min-tilmelding`: ask for the links again. The last answers the same, after the
same work (one queued job, intake.jobs), whether or not the address has signed up, and is
rate limited per IP and per address (MINE_LOST_LINK_RATE_LIMIT, MINE_LOST_LINK_EMAIL_LIMIT).
"""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.datastructures import CombinedMultiDict

from intake import matching
from intake.extensions import csrf, db, limiter
from intake.files import service as files
from intake.formdefs.display import readable
from intake.formdefs.registry import current_registry
from intake.formdefs.typed import posted_rows
from intake.formdefs.versions import given_under
from intake.jobs import service as jobs
from intake.jobs.models import JobKind
from intake.public import bp, mine
from intake.public.opening import window
from intake.public.resend_views import ResendForm  # the same one-address form
from intake.signups import availability, edits
from intake.signups import service as signups
from intake.uploads.request import allow_files


@bp.url_value_preprocessor
def _allow_files(endpoint, values) -> None:
    """A change of answers with file fields may send new files: its POST gets the limit the
    form's fields need, as the public form's does (intake/public/views.py)."""
    if endpoint != "public.mine_change" or request.method != "POST":
        return
    _signup, definition = _load((values or {}).get("token", ""))
    if definition is not None:
        allow_files(definition)


def _load(token: str):
    signup = signups.signup_for_cancel_token(token)
    definition = current_registry().get(signup.form_slug) if signup else None
    return (signup, definition) if definition is not None else (None, None)


def _invalid():
    return render_template("public/mine_invalid.html"), 404


@bp.route("/min-tilmelding/<token>", methods=["GET", "POST"])
@csrf.exempt  # checked below, so an expired page gets a message instead of a bare 400
def mine_page(token: str):
    """GET: the sign-up. POST: cancel the date chosen ("hvad") or all, then 303 back."""
    signup, definition = _load(token)
    if signup is None:
        return _invalid()
    with force_locale(mine.language(signup)):
        if request.method != "POST" or signup.is_cancelled:
            return _render(definition, signup)
        from flask_wtf.csrf import validate_csrf
        from wtforms import ValidationError

        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            flash(_("Siden var udløbet. Tryk på knappen igen."))
            return redirect(url_for(".mine_page", token=token), 303)
        picked = request.form.get("hvad", "")
        done, text = mine.cancel(definition, signup, picked)
        if not done:
            db.session.rollback()
            return _render(definition, signup, picked=picked, error=text, status=400)
        if not signup.is_cancelled:  # a cancelled sign-up's page says so itself
            flash(text)
        return redirect(url_for(".mine_page", token=token), 303)


def _render(definition, signup, picked: str = "", error: str | None = None, status: int = 200):
    return render_template(
        "public/mine.html",
        definition=definition,
        signup=signup,
        token=signups.cancel_token(signup),
        lines=mine.booking_lines(definition, signup),
        dates=mine.dates(definition, signup),
        answers=readable(given_under(signup.form_slug, signup.form_version,
                                     definition=definition) or definition,
                         mine.shown_answers(definition, signup)),
        news=mine.news_state(definition, signup),
        window=window(definition),
        choices=mine.choices(definition, signup),
        all_value=mine.ALL,
        picked=picked,
        error=error,
    ), status


@bp.route("/min-tilmelding/<token>/nyheder", methods=["POST"])
@csrf.exempt  # checked below, so an expired page gets a message instead of a bare 400
def mine_news(token: str):
    """"Afmeld nyheder": withdraws the address's news consents at once (as easy as giving
    them, GDPR art. 7(3)); also for a cancelled sign-up, whose consent stands on its own."""
    signup, definition = _load(token)
    if signup is None:
        return _invalid()
    with force_locale(mine.language(signup)):
        from flask_wtf.csrf import validate_csrf
        from wtforms import ValidationError

        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            flash(_("Siden var udløbet. Tryk på knappen igen."))
            return redirect(url_for(".mine_page", token=token), 303)
        mine.withdraw_news(signup)
        flash(_("Du er afmeldt nyheder fra %(name)s. Vi sender dig ikke flere.",
                name=current_app.config["BRAND_NAME"]))
        return redirect(url_for(".mine_page", token=token), 303)


@bp.route("/min-tilmelding/<token>/ret", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own token, so an expired page keeps what was typed
def mine_change(token: str):
    """The form filled with the stored answers; a valid POST goes to edits.change."""
    signup, definition = _load(token)
    if signup is None:
        return _invalid()
    with force_locale(mine.language(signup)):
        if signup.is_cancelled:
            return redirect(url_for(".mine_page", token=token), 303)
        state = window(definition)
        if state.state != "open":
            typed = posted_rows(definition.fields, request.form) if request.method == "POST" \
                else []
            return render_template("public/mine_closed.html", definition=definition,
                                   signup=signup, token=token, typed=typed), (
                409 if request.method == "POST" else 200)
        posted = request.method == "POST"
        form = mine.change_form(definition, signup, CombinedMultiDict(
            (request.files, request.form)) if posted else None)
        if posted and form.validate():
            if form.is_bot():
                return redirect(url_for(".mine_page", token=token), 303)
            outcome = edits.change(definition, signup, form.answers(), "person")
            if outcome.ok:
                files.attach(definition, signup, form)  # new files replace the stored ones
                flash(_("Dine ændringer er gemt, og du har fået en bekræftelse på e-mail.")
                      if outcome.changed else _("Du har ikke ændret noget."))
                return redirect(url_for(".mine_page", token=token), 303)
            db.session.rollback()
            mine.explain_refusal(definition, signup, form, outcome)
        return render_template(
            "public/mine_change.html", definition=definition, signup=signup, form=form,
            token=token, window=state,
            seats=availability.seats_left(definition, form.occasions),
        ), (400 if posted else 200)


def _ip_limit() -> str:
    return current_app.config.get("MINE_LOST_LINK_RATE_LIMIT", "10 per hour")


def _email_limit() -> str:
    return current_app.config.get("MINE_LOST_LINK_EMAIL_LIMIT", "3 per day")


def _email_key() -> str:
    typed = (request.form.get("email") or "").strip()[:254]
    return "mine-lost:" + (matching.email_key(typed) if typed else "")


def _too_many(_limit):
    """Refused by a limit: the form back with what was typed, and when to try again."""
    notice = _("Der er bedt om mange links på kort tid, så vi har ikke sendt noget denne gang. "
               "Prøv igen om en time. Det, du skrev, står her stadig.")
    response = make_response(render_template("public/mine_lost.html", form=ResendForm(),
                                              notice=notice), 429)
    response.headers["Retry-After"] = "3600"
    return response


@bp.route("/min-tilmelding", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"], on_breach=_too_many)
@limiter.limit(_email_limit, methods=["POST"], key_func=_email_key, on_breach=_too_many)
@csrf.exempt  # the form checks its own token, so an expired page keeps what was typed
def mine_lost():
    """"Har du mistet din bekræftelse?": one mail with a link to each standing sign-up of
    the address, or nothing; the page is the same either way."""
    form = ResendForm()
    if form.validate_on_submit():
        jobs.queue(JobKind.SIGNUP_RESEND, form.email.data.strip(), links=True)
        return render_template("public/mine_lost_sent.html")
    status = 400 if request.method == "POST" else 200
    return render_template("public/mine_lost.html", form=form), status
