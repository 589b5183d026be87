"""The page behind the mail's cancel link: the whole sign-up, or one date of several.

It speaks the sign-up's language: the link is opened from a mail, often in another browser
than the one that signed up, so there is no language in the session to go by. A language
the person picked on the page itself (/sprog/…) still wins. GET only shows; mail scanners
open links, so only the button's POST changes anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from intake.clock import now
from intake.extensions import db
from intake.formdefs import occasions as occasion_rules
from intake.formdefs.schema import FormDef
from intake.signups import changes
from intake.signups import service as signups
from intake.signups.models import BookingStatus, Signup

ALL = "alle"  # the choice's value for "every date: the whole sign-up"


@dataclass(frozen=True)
class DateLine:
    key: str
    text: str  # date, time and place in the current language
    is_waitlisted: bool
    is_upcoming: bool
    is_pending: bool = False  # waits for staff approval (intake/signups/approval.py)


def language(signup: Signup) -> str:
    """The page's language: one chosen in this browser, else the sign-up's own."""
    chosen = session.get("lang")
    return chosen if chosen in current_app.config["LANGUAGES"] else signup.locale


def dates(definition: FormDef, signup: Signup) -> list[DateLine]:
    """The sign-up's standing dates, in date order."""
    lines = []
    moment = now()
    for booking in signup.active_bookings():
        occasion = (
            occasion_rules.by_key(definition, booking.occasion_key)
            if booking.occasion_key
            else None
        )
        if occasion is None:
            continue
        lines.append(
            DateLine(
                occasion.key,
                occasion_rules.describe(occasion),
                booking.status == BookingStatus.WAITLISTED,
                occasion.starts_at > moment,
                booking.status == BookingStatus.PENDING,
            )
        )
    return sorted(lines, key=lambda line: line.key)


def choices(definition: FormDef, signup: Signup) -> list[DateLine]:
    """The dates that can be cancelled one by one: offered when the sign-up holds two or more
    bookings and at least one is a date still ahead. Empty: only "cancel all" is offered."""
    if len(signup.active_bookings()) < 2:
        return []
    return [line for line in dates(definition, signup) if line.is_upcoming]


def page(definition: FormDef, signup: Signup, token: str):
    """GET: the page. POST: cancel what was chosen, then back to the page (303)."""
    offered = choices(definition, signup)
    if request.method != "POST" or signup.is_cancelled:
        return _render(definition, signup, offered)
    from flask_wtf.csrf import validate_csrf
    from wtforms import ValidationError

    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        flash(_("Siden var udløbet. Tryk på knappen igen."))
        return redirect(url_for(".cancel", token=token), 303)
    picked = request.form.get("hvad", "") if offered else ALL
    by_key = {line.key: line for line in offered}
    if picked == ALL:
        signups.cancel(definition, signup)
    elif picked in by_key and changes.cancel_dates(definition, signup, [picked]).ok:
        done = _("Du er afmeldt %(date)s. Dine andre datoer står fast, og du har fået en "
                 "bekræftelse på e-mail.", date=by_key[picked].text)
        flash(done)
    else:
        db.session.rollback()
        error = _("Vælg den dato, du vil afmelde, eller «Alle datoer».")
        return _render(definition, signup, offered, picked=picked, error=error, status=400)
    return redirect(url_for(".cancel", token=token), 303)


def _render(
    definition: FormDef,
    signup: Signup,
    offered: list[DateLine],
    picked: str = "",
    error: str | None = None,
    status: int = 200,
):
    return render_template(
        "public/cancel.html",
        definition=definition,
        signup=signup,
        dates=dates(definition, signup),
        choices=offered,
        all_value=ALL,
        picked=picked,
        error=error,
    ), status
