""""Min tilmelding": the person's own sign-up behind the link in every sign-up mail.

The link is `/min-tilmelding/<token>`, token = `intake.signups.service.cancel_token` (a
signed reference, so old mails' `/afmeld/<token>` links lead here too). The page speaks the
sign-up's language: it is opened from a mail, often in another browser than the one that
signed up. A language picked on the page itself (/sprog/…) still wins. A GET only shows
(mail scanners open links); the buttons' POSTs change the answers or cancel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import FieldList

from intake.clock import now
from intake.consents import service as consents
from intake.consents.models import WithdrawnVia
from intake.formdefs import occasions as occasion_rules
from intake.formdefs.blocks import form_data
from intake.formdefs.registry import current_registry
from intake.formdefs.schema import FormDef, Occasion
from intake.formdefs.types.consent import NEWS, consent_fields, is_given
from intake.links import public_url
from intake.signups import buckets, changes, edits
from intake.signups import service as signups
from intake.signups.buckets import Bucket
from intake.signups.models import BookingStatus, Signup

ALL = "alle"  # the cancel choice's value for "every date: the whole sign-up"

STATUS_LABELS = {
    "confirmed": _l("Plads bekræftet"),
    "waitlisted": _l("På ventelisten"),
    "pending": _l("Afventer godkendelse"),
}


def manage_url(signup: Signup) -> str:
    """The absolute "Min tilmelding" link of `signup` (PUBLIC_BASE_URL, never the request's
    host), for mails and other parts: `https://…/min-tilmelding/<token>`."""
    return public_url("public.mine_page", token=signups.cancel_token(signup))


def language(signup: Signup) -> str:
    """The page's language: one chosen in this browser, else the sign-up's own."""
    chosen = session.get("lang")
    return chosen if chosen in current_app.config["LANGUAGES"] else signup.locale


@dataclass(frozen=True)
class BookingLine:
    text: str  # the group, date (time and place) or "Hele arrangementet"
    status: str  # BookingStatus value
    status_text: str
    seats: int


@dataclass(frozen=True)
class DateLine:
    key: str
    text: str  # date, time and place in the current language
    is_waitlisted: bool
    is_upcoming: bool


def booking_lines(definition: FormDef, signup: Signup) -> list[BookingLine]:
    """What each standing booking holds: a seat, a waiting place or a wait for approval."""
    lines = []
    for booking in signup.active_bookings():
        place = Bucket.parse(booking.bucket)
        if place.occasion_key:
            occasion = occasion_rules.by_key(definition, place.occasion_key)
            text = (occasion_rules.describe(occasion) if occasion
                    else occasion_rules.describe_key(place.occasion_key))
        else:
            text = buckets.label(definition, booking.bucket)
        label = STATUS_LABELS.get(booking.status.value, booking.status.value)
        lines.append(BookingLine(text, booking.status.value, str(label), booking.seats))
    return lines


def dates(definition: FormDef, signup: Signup) -> list[DateLine]:
    """The sign-up's standing dates, in date order."""
    lines = []
    moment = now()
    for booking in signup.active_bookings():
        occasion = (occasion_rules.by_key(definition, booking.occasion_key)
                    if booking.occasion_key else None)
        if occasion is None:
            continue
        lines.append(DateLine(occasion.key, occasion_rules.describe(occasion),
                              booking.status == BookingStatus.WAITLISTED,
                              occasion.starts_at > moment))
    return sorted(lines, key=lambda line: line.key)


def choices(definition: FormDef, signup: Signup) -> list[DateLine]:
    """The dates that can be cancelled one by one: offered when the sign-up holds two or more
    bookings and at least one is a date still ahead. Empty: only "cancel all" is offered."""
    if len(signup.active_bookings()) < 2:
        return []
    return [line for line in dates(definition, signup) if line.is_upcoming]


def cancel(definition: FormDef, signup: Signup, picked: str) -> tuple[bool, str]:
    """Cancel one date (`picked` is its key) or everything (`ALL`); flushes.
    Returns (done, the Danish notice or error)."""
    offered = {line.key: line for line in choices(definition, signup)}
    if not offered:
        picked = ALL
    if picked == ALL:
        signups.cancel(definition, signup)
        return True, _("Din tilmelding %(ref)s er afmeldt. Du har fået en bekræftelse på "
                       "e-mail.", ref=signup.reference)
    if picked in offered and changes.cancel_dates(definition, signup, [picked]).ok:
        return True, _("Du er afmeldt %(date)s. Dine andre datoer står fast, og du har fået en "
                       "bekræftelse på e-mail.", date=offered[picked].text)
    return False, _("Vælg den dato, du vil afmelde, eller «Alle datoer».")


def offered_occasions(definition: FormDef, signup: Signup) -> list[Occasion]:
    """The dates the change form offers: the upcoming ones and those the sign-up holds (a
    held date stays a valid answer even when it is no longer offered to newcomers)."""
    offered = {o.key: o for o in occasion_rules.upcoming(definition)}
    for booking in signup.active_bookings():
        if booking.occasion_key and booking.occasion_key not in offered:
            occasion = occasion_rules.by_key(definition, booking.occasion_key)
            if occasion is not None:
                offered[occasion.key] = occasion
    return sorted(offered.values(), key=lambda o: o.starts_at)


@dataclass(frozen=True)
class NewsState:
    """What Min tilmelding says about news from the business office (issue 14 §4).

    `asked`: the form has a news consent field or the sign-up gave one; `is_current`: the
    sign-up's address holds a current news consent (from any form: the button withdraws them
    all, as the unsubscribe link does); `given_at`/`withdrawn_at`: of this sign-up's newest
    consent row, for the sentence shown."""

    asked: bool
    is_current: bool
    given_at: datetime | None = None
    withdrawn_at: datetime | None = None


def news_state(definition: FormDef, signup: Signup) -> NewsState:
    rows = consents.of_signup(signup)
    asked = bool(rows) or bool(consent_fields(definition.fields, NEWS))
    current = bool(signup.email) and consents.is_current_email(signup.email)
    own = next((r for r in reversed(rows) if r.is_current), rows[-1] if rows else None)
    return NewsState(asked, current, own.given_at if own else None,
                     own.withdrawn_at if own else None)


def shown_answers(definition: FormDef, signup: Signup) -> dict:
    """The stored answers with a news consent that is no longer current shown as not given:
    the page and the change form follow the consent's state, not the old tick."""
    answers = dict(signup.answers or {})
    fields = [f for f in consent_fields(definition.fields, NEWS) if is_given(answers.get(f.key))]
    if fields:
        current = {row.field_key for row in consents.current_of_signup(signup)}
        for fdef in fields:
            if fdef.key not in current:
                answers[fdef.key] = None
    return answers


def withdraw_news(signup: Signup) -> int:
    """"Afmeld nyheder": every current news consent of the sign-up's address (flushes)."""
    if not signup.email:
        return 0
    return consents.withdraw_email(signup.email, WithdrawnVia.ANSWER)


def change_form(definition: FormDef, signup: Signup, formdata=None):
    """The form's own respondent form, filled with the stored answers (GET) or the POST
    (`formdata`: the request's form and files together, a CombinedMultiDict).

    A POST is given the stored references of the `file` fields too: a browser cannot send a
    stored file back, so a file field with no new file keeps them (intake.formdefs.types.file
    from_stored), and a new file replaces them when intake.files.service.attach stores it.
    Other answers come only from the POST, so a cleared answer is not filled in again."""
    form_cls = current_registry().form_class(definition)
    occasions = offered_occasions(definition, signup)
    if formdata is None:
        return form_cls(formdata=None,
                        data=form_data(definition.fields, shown_answers(definition, signup)),
                        occasions=occasions)
    files = tuple(f for f in definition.fields if f.type == "file")
    return form_cls(formdata=formdata, data=form_data(files, signup.answers),
                    occasions=occasions)


def explain_refusal(definition: FormDef, signup: Signup, form,
                    outcome: edits.EditOutcome) -> None:
    """A refused change as a Danish message next to the question the person can change."""
    field = buckets.choosing_field(definition)
    people = definition.capacity.people_field if definition.capacity else None
    if outcome.reason == "already_signed_up":
        target = field or definition.identity_field
        places = ", ".join(buckets.label(definition, b) for b in outcome.booked_buckets)
        message = _l("Din e-mailadresse har allerede en anden tilmelding til %(places)s. Vælg "
                     "noget andet, eller afmeld den anden tilmelding først.", places=places)
    elif outcome.reason == "full":
        held = {b.bucket for b in signup.active_bookings()}
        more_people = people and any(b in held for b in outcome.full_buckets)
        target = people if more_people or not field else field
        message = _l("Der er desværre ikke plads til ændringen. Vælg noget andet, eller behold "
                     "det, du har.")
    elif outcome.reason == "closed":
        target, message = None, _l("Tilmeldingen er lukket, så svarene kan ikke længere ændres.")
    else:
        target, message = None, _l("Tilmeldingen er afmeldt, så svarene kan ikke ændres.")
    if target and target in form and not isinstance(form[target], FieldList):
        form[target].errors = [*form[target].errors, message]
    else:
        form.form_errors.append(message)
