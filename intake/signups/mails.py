"""The sign-up's mails, one function per event, named after it: `signup_received`,
`staff_notified`, `signup_promoted`, `signup_cancelled`, `signup_moved`,
`signup_dates_cancelled`, `signup_event_changed`, `signup_changed`,
`signup_links_resent`, `signup_approved` and `signup_declined`. Each renders
templates/mail/<event>.txt, .html and .subject.txt in the person's language
(intake/mails/rendering.py) and queues the message in the outbox in the caller's
transaction; nothing here sends or commits.
`draft_*` render without queueing, so a new sign-up's mails are made before the bucket lock
(intake/signups/service.py).
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from intake.formdefs import occasions as occasion_rules
from intake.formdefs.display import contact_address, readable, template_values
from intake.formdefs.schema import FormDef
from intake.formdefs.templating import render_text
from intake.formdefs.versions import answered_definition, given_under
from intake.links import public_url
from intake.mails.rendering import render_body, render_subject
from intake.outbox.addresses import is_deliverable
from intake.outbox.models import OutboxMessage
from intake.outbox.service import add, enqueue, prepare
from intake.signups.models import Booking, BookingStatus, Signup


def _signup_context(definition: FormDef, signup: Signup) -> dict:
    from intake.signups.service import cancel_token

    bookings = [b for b in signup.bookings if b.status != BookingStatus.CANCELLED]
    is_waitlisted = any(b.status == BookingStatus.WAITLISTED for b in bookings)
    # Waits for staff approval (intake/signups/approval.py): no seat and no waiting place yet.
    is_pending = any(b.status == BookingStatus.PENDING for b in bookings)
    occasions = occasion_rules.chosen(definition, signup.answers)
    context = {
        "definition": definition, "signup": signup, "reference": signup.reference,
        "answers": readable(_given_under(definition, signup), signup.answers),
        "is_waitlisted": is_waitlisted, "is_pending": is_pending,
        "bookings": bookings, "occasions": occasions,
        "cancel_url": public_url("public.cancel", token=cancel_token(signup)),
    }
    # "Min tilmelding" (intake/public/mine.py): see, change or cancel. A form's own texts
    # that say {cancel_url} lead there too (the old /afmeld/ link redirects to it).
    context["manage_url"] = context["cancel_url"] = _manage_url(signup)
    return context


def _manage_url(signup: Signup) -> str:
    from intake.public.mine import manage_url

    return manage_url(signup)


def _given_under(definition: FormDef, signup: Signup) -> FormDef:
    """The version the answers were given under (a mail after a live change shows an old
    answer with its old label)."""
    return given_under(signup.form_slug, signup.form_version, definition=definition) or definition


def _confirmation_texts(definition: FormDef, context: dict) -> tuple[str | None, str | None]:
    if definition.confirmation is None:
        return None, None
    # Every placeholder of the current text, and the old answers to fields since removed.
    signup = context["signup"]
    joined = answered_definition(definition, [_given_under(definition, signup)])
    values = template_values(joined, signup.answers) | {
        "reference": context["reference"], "is_waitlisted": context["is_waitlisted"],
        "is_pending": context["is_pending"], "status": _status_word(context),
        "form_title": definition.title.da, "cancel_url": context["cancel_url"],
        "occasions": [occasion_rules.describe(o) for o in context["occasions"]],
        "answers": context["answers"],
    }
    # str(Text) picks the language of the forced locale, so an English sign-up gets English text.
    subject = render_text(str(definition.confirmation.subject), values)
    return subject, render_text(str(definition.confirmation.body), values)


def _status_word(context: dict) -> str:
    if context["is_pending"]:
        return _("afventer godkendelse")
    return _("venteliste") if context["is_waitlisted"] else _("bekræftet")


def _ics(definition: FormDef, signup: Signup, resend: bool = False) -> list[dict]:
    """The calendar parts this mail carries (intake/mails/calendar_events.py): every event
    that changed since the last mail, as REQUEST or CANCEL. Call inside force_locale."""
    from intake.mails.calendar_events import parts_for

    return parts_for(definition, signup, resend=resend)


def signup_received(definition: FormDef, signup: Signup) -> None:
    """Confirmation, or waiting-list notice, straight after a sign-up (or sent again)."""
    message = draft_signup_received(definition, signup)
    if message is not None:
        add(message, flush=False)  # goes in with the caller's flush or commit


def draft_signup_received(definition: FormDef, signup: Signup,
                          context: dict | None = None) -> OutboxMessage | None:
    """The confirmation or waiting-list notice, rendered but not yet queued (`outbox.add`
    queues it). `signup` may be a sign-up not yet in the session: nothing here reads or
    writes the database for one, so a new sign-up's mail is rendered before the bucket lock
    is taken. `context`: `signup_context` made in the sign-up's language, to reuse it."""
    if not signup.email:
        return None
    with force_locale(signup.locale):
        context = dict(context) if context is not None else _signup_context(definition, signup)
        subject, intro = _confirmation_texts(definition, context)
        context["intro"] = intro
        text, html = render_body("signup_received", **context)
        subject = subject or render_subject("signup_received", **context)
        parts = _ics(definition, signup, resend=True)
    return prepare("signup_received", [signup.email], subject, text, html,
                   attachments=parts, signup_id=signup.id)


def draft_signup_mails(definition: FormDef, signup: Signup) -> list[OutboxMessage]:
    """A new sign-up's mails, in order: the person's confirmation (or waiting-list notice)
    and the staff notice, rendered but not queued; none for a sign-up without an address or
    a form without staff addresses. The values are worked out once when the person's
    language is Danish, the staff's language."""
    with force_locale(signup.locale):
        context = _signup_context(definition, signup)
    shared = context if signup.locale == "da" else None
    messages = [draft_signup_received(definition, signup, context),
                draft_staff_notified(definition, signup, shared)]
    return [m for m in messages if m is not None]


def signup_promoted(definition: FormDef, signup: Signup, booking: Booking) -> None:
    """A seat freed up and the person moved from the waiting list to a seat."""
    if not signup.email:
        return
    with force_locale(signup.locale):
        context = _signup_context(definition, signup) | {"booking": booking}
        key = booking.occasion_key
        occasion = occasion_rules.by_key(definition, key) if key else None
        context["occasion"] = occasion
        # The group or date the seat is in, named in the text (issue 8 §7); None for a whole event.
        place = booking.place
        context["seat_in"] = None if place.is_whole_form else place.label(definition)
        text, html = render_body("signup_promoted", **context)
        subject = render_subject("signup_promoted", **context)
        parts = _ics(definition, signup)
    enqueue("signup_promoted", [signup.email], subject, text, html,
            attachments=parts, signup_id=signup.id)


def signup_approved(definition: FormDef, signup: Signup, booking: Booking) -> None:
    """Staff approved a pending sign-up: a seat (`booking` confirmed) or the waiting list."""
    if not signup.email:
        return
    with force_locale(signup.locale):
        place = booking.place
        context = _signup_context(definition, signup) | {
            "booking": booking, "has_seat": booking.status == BookingStatus.CONFIRMED,
            "seat_in": None if place.is_whole_form else place.label(definition),
        }
        text, html = render_body("signup_approved", **context)
        subject = render_subject("signup_approved", **context)
        parts = _ics(definition, signup)
    enqueue("signup_approved", [signup.email], subject, text, html,
            attachments=parts, signup_id=signup.id)


def signup_declined(definition: FormDef, signup: Signup, booking: Booking, reason: str) -> None:
    """Staff declined a pending sign-up; the mail gives their `reason` and whom to contact."""
    if not signup.email:
        return
    with force_locale(signup.locale):
        place = booking.place
        context = _signup_context(definition, signup) | {
            "reason": reason, "contact": contact_address(definition),
            "seat_in": None if place.is_whole_form else place.label(definition),
        }
        text, html = render_body("signup_declined", **context)
        subject = render_subject("signup_declined", **context)
    enqueue("signup_declined", [signup.email], subject, text, html, signup_id=signup.id)


def signup_cancelled(definition: FormDef, signup: Signup, by_staff: bool = False) -> None:
    """The whole sign-up is cancelled; `by_staff` says staff did it, and whom to contact."""
    if not signup.email:
        return
    with force_locale(signup.locale):
        context = _signup_context(definition, signup) | {
            "by_staff": by_staff, "contact": contact_address(definition),
        }
        text, html = render_body("signup_cancelled", **context)
        subject = render_subject("signup_cancelled", **context)
        parts = _ics(definition, signup)  # METHOD:CANCEL for every event the person holds
    enqueue("signup_cancelled", [signup.email], subject, text, html, attachments=parts,
            signup_id=signup.id)


def staff_notified(definition: FormDef, signup: Signup) -> None:
    """Tells the form's staff addresses about a new sign-up."""
    message = draft_staff_notified(definition, signup)
    if message is not None:
        add(message, flush=False)


def draft_staff_notified(definition: FormDef, signup: Signup,
                         context: dict | None = None) -> OutboxMessage | None:
    """The staff notice, rendered but not yet queued; as `draft_signup_received`, and
    `context` made in Danish (the staff's language)."""
    if not definition.notify or not current_app.config["STAFF_NOTIFY_ENABLED"]:
        return None
    with force_locale("da"):
        context = context if context is not None else _signup_context(definition, signup)
        text, html = render_body("staff_notified", **context)
        subject = render_subject("staff_notified", **context)
    # Reply-To the person who signed up, so staff answer with one click (if intake can mail them).
    return prepare(
        "staff_notified",
        list(definition.notify),
        subject,
        text,
        html,
        signup_id=signup.id,
        reply_to=signup.email if is_deliverable(signup.email) else None,
    )


def signup_moved(definition: FormDef, signup: Signup, booking: Booking, old_bucket: str) -> None:
    """Staff moved the person to another group or date; tells where they are now."""
    from intake.signups import buckets

    if not signup.email:
        return
    with force_locale(signup.locale):
        context = _signup_context(definition, signup) | {
            "booking": booking,
            "old_place": buckets.label(definition, old_bucket),
            "new_place": buckets.label(definition, booking.bucket),
            "occasion": (
                occasion_rules.by_key(definition, booking.occasion_key)
                if booking.occasion_key
                else None
            ),
        }
        text, html = render_body("signup_moved", **context)
        subject = render_subject("signup_moved", **context)
        parts = _ics(definition, signup)  # the old date's CANCEL and the new date's REQUEST
    enqueue("signup_moved", [signup.email], subject, text, html,
            attachments=parts, signup_id=signup.id)


def signup_dates_cancelled(definition: FormDef, signup: Signup, cancelled: list[Booking],
                           by_staff: bool = False) -> None:
    """Some dates of a sign-up were cancelled and the others stand: says which, and carries
    METHOD:CANCEL for those dates' events. `by_staff`: staff did it, not the person."""
    if not signup.email:
        return
    with force_locale(signup.locale):
        context = _signup_context(definition, signup) | {
            "cancelled": [occasion_rules.describe_key(b.occasion_key) if b.occasion_key else ""
                          for b in cancelled],
            "by_staff": by_staff, "label": _bucket_label(definition),
            "contact": contact_address(definition),
        }
        text, html = render_body("signup_dates_cancelled", **context)
        subject = render_subject("signup_dates_cancelled", **context)
        parts = _ics(definition, signup)
    enqueue("signup_dates_cancelled", [signup.email], subject, text, html, attachments=parts,
            signup_id=signup.id)


def signup_event_changed(definition: FormDef, signup: Signup, parts: list[dict]) -> None:
    """The time or place of a date the person holds changed in the form definition; `parts`
    are the updated events (from calendar_events.parts_for, made in the person's language)."""
    with force_locale(signup.locale):
        context = _signup_context(definition, signup) | {"label": _bucket_label(definition)}
        text, html = render_body("signup_event_changed", **context)
        subject = render_subject("signup_event_changed", **context)
    enqueue("signup_event_changed", [signup.email], subject, text, html, attachments=parts,
            signup_id=signup.id)


def _bucket_label(definition: FormDef):
    from intake.signups import buckets

    return lambda booking: buckets.label(definition, booking.bucket)


def signup_changed(definition: FormDef, signup: Signup, cancelled: list[Booking]) -> None:
    """The person changed their answers (intake/signups/edits.py): the new answers, where
    they now hold a seat, and what `cancelled` left; calendar parts for dates that changed
    (REQUEST for new ones, CANCEL for those given up)."""
    if not signup.email:
        return
    with force_locale(signup.locale):
        label = _bucket_label(definition)
        context = _signup_context(definition, signup) | {
            "label": label, "given_up": [label(b) for b in cancelled],
            "contact": contact_address(definition),
        }
        text, html = render_body("signup_changed", **context)
        subject = render_subject("signup_changed", **context)
        parts = _ics(definition, signup)
    enqueue("signup_changed", [signup.email], subject, text, html, attachments=parts,
            signup_id=signup.id)


def signup_links_resent(address: str, found: list[tuple[FormDef, Signup]]) -> None:
    """"Har du mistet din bekræftelse?": ONE mail to `address` with a "Min tilmelding" link
    for each of its standing sign-ups (`found`, newest first; none: no mail). In the
    language of the newest sign-up."""
    if not found:
        return
    with force_locale(found[0][1].locale):
        items = [{"title": definition.title, "reference": signup.reference,
                  "created_at": signup.created_at, "url": _manage_url(signup)}
                 for definition, signup in found]
        context = {"items": items}
        text, html = render_body("signup_links_resent", **context)
        subject = render_subject("signup_links_resent", **context)
    enqueue("signup_links_resent", [address], subject, text, html)
