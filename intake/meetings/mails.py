"""The invitee's meeting mails, one function per event, named after it.

Each renders templates/mail/<event>.txt, .html and .subject.txt in the person's language
(intake/mails/rendering.py) and queues the mail in the caller's transaction. A mail with a
personal RSVP link goes through the engine's `linkmail.enqueue_with_link`, so the stored copy
loses the link once sent. Stored kinds (intake/outbox/kinds.py): meeting_invited,
meeting_changed, meeting_cancelled, meeting_reminded, meeting_reminder_attending,
meeting_new_link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _

from intake.clock import local_date
from intake.links import public_url
from intake.mails.calendar import Method
from intake.mails.rendering import render_body, render_subject
from intake.meetings import calendar
from intake.meetings.models import Meeting, MeetingInvitation
from intake.outbox.models import OutboxMessage
from intake.outbox.service import enqueue

_LONG = "EEEE d. MMMM y 'kl.' HH.mm"


@dataclass(frozen=True)
class Change:
    """One changed detail as the update mail says it: label, before and after (texts;
    `before` empty when only the new value is worth saying)."""

    label: str
    before: str
    after: str


def when(meeting: Meeting) -> str:
    """The meeting's time in Copenhagen time, e.g. "tirsdag 2. november 2027 kl. 17.00–19.00"
    (the end's date too when it ends on another day)."""
    return span(meeting.starts_at, meeting.ends_at)


def span(starts_at: datetime, ends_at: datetime) -> str:
    start = format_datetime(starts_at, _LONG)
    if local_date(ends_at) == local_date(starts_at):
        return f"{start}–{format_datetime(ends_at, 'HH.mm')}"
    return f"{start} – {format_datetime(ends_at, _LONG)}"


def deadline_text(meeting: Meeting) -> str:
    return format_datetime(meeting.rsvp_deadline_at, _LONG)


def rsvp_url(token: str) -> str:
    """The personal RSVP link, <PUBLIC_BASE_URL>/moeder/<token>."""
    return public_url("followup.meeting_rsvp", token=token)


def _context(invitation: MeetingInvitation, **extra) -> dict:
    meeting = invitation.meeting
    return {
        "meeting": meeting,
        "name": invitation.recipient_name,
        "when": when(meeting),
        "deadline": deadline_text(meeting),
        "answer": invitation.answer.label if invitation.answer is not None else "",
        **extra,
    }


def _send(event: str, invitation: MeetingInvitation, token: str | None,
          method: Method | None = None, **extra) -> OutboxMessage:
    with force_locale(invitation.locale or "da"):
        context = _context(invitation, link=rsvp_url(token) if token else None, **extra)
        text, html = render_body(event, **context)
        subject = render_subject(event, **context)
        parts = [calendar.part(invitation.meeting, invitation, method)] if method else []
    to = [invitation.recipient_email]
    if token is None:
        return enqueue(event, to, subject, text, html, attachments=parts)
    from intake.invitations.linkmail import enqueue_with_link

    message = enqueue_with_link(event, to, subject, text, html)
    message.attachments = parts  # the .ics holds no link, so the scrub need not see it
    return message


def meeting_invited(invitation: MeetingInvitation, token: str) -> OutboxMessage:
    """The invitation: the meeting, the personal RSVP link and the event (METHOD:REQUEST)."""
    return _send("meeting_invited", invitation, token, Method.REQUEST)


def meeting_changed(invitation: MeetingInvitation, token: str, before: dict) -> OutboxMessage:
    """Time, place or agenda changed: what changed (before → after), a fresh RSVP link and
    the event again (same UID, the raised SEQUENCE, METHOD:REQUEST). `before`: the changed
    fields' earlier values ({"starts_at": datetime, "address": str, ...})."""
    with force_locale(invitation.locale or "da"):
        changes = describe(invitation.meeting, before)
    return _send("meeting_changed", invitation, token, Method.REQUEST, changes=changes)


def meeting_cancelled(invitation: MeetingInvitation) -> OutboxMessage:
    """The meeting is cancelled: METHOD:CANCEL, STATUS:CANCELLED, same UID. No link."""
    return _send("meeting_cancelled", invitation, None, Method.CANCEL)


def meeting_reminded(invitation: MeetingInvitation, token: str) -> OutboxMessage:
    """Reminder to someone who has not answered, before the RSVP deadline."""
    return _send("meeting_reminded", invitation, token)


def meeting_reminder_attending(invitation: MeetingInvitation, token: str) -> OutboxMessage:
    """"Husk mødet": the day before, to those who answered Ja or Måske (never Nej)."""
    return _send("meeting_reminder_attending", invitation, token)


@dataclass(frozen=True)
class NewLink:
    """One meeting in the lost-link mail: its details as texts, the fresh link, and whether
    answers can still be given (before the RSVP deadline)."""

    meeting: Meeting
    when: str
    deadline: str
    link: str
    is_open: bool


def meeting_new_link(email: str, entries: list[tuple[MeetingInvitation, str]]) -> OutboxMessage:
    """'Har du mistet dit link?': ONE mail to `email` with a fresh RSVP link for each meeting
    in `entries` ((invitation, raw token), soonest first): title, time, place, the RSVP
    deadline and the link. No calendar part (the invitation carried it; each RSVP page offers
    the .ics). In the language of the first invitation. Raises IndexError for no entries."""
    first = entries[0][0]
    with force_locale(first.locale or "da"):
        context = {
            "name": first.recipient_name,
            "entries": [
                NewLink(inv.meeting, when(inv.meeting), deadline_text(inv.meeting),
                        rsvp_url(token), inv.meeting.is_rsvp_open)
                for inv, token in entries
            ],
        }
        text, html = render_body("meeting_new_link", **context)
        subject = render_subject("meeting_new_link", **context)
    from intake.invitations.linkmail import enqueue_with_link

    return enqueue_with_link("meeting_new_link", [email], subject, text, html)


def describe(meeting: Meeting, before: dict) -> list[Change]:
    """The changes as the mail says them, in the current language; the time is one line."""
    changes = []
    if "starts_at" in before or "ends_at" in before:
        old = span(before.get("starts_at", meeting.starts_at),
                   before.get("ends_at", meeting.ends_at))
        changes.append(Change(_("Tidspunkt"), old, when(meeting)))
    labels = {"title": _("Titel"), "host_name": _("Vært"), "address": _("Adresse")}
    for key, label in labels.items():
        if key in before:
            changes.append(Change(label, before[key] or "–", getattr(meeting, key) or "–"))
    if "agenda" in before:  # several lines: the mail shows the new one in full below
        changes.append(Change(_("Dagsorden"), "", _("ændret, se den nye dagsorden nedenfor")))
    return changes
