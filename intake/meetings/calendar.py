"""A meeting's calendar part: one VEVENT whose UID stays for the meeting's whole life.

Every message about a meeting carries the meeting's `uid` and its current `sequence`: the
invitation (REQUEST, SEQUENCE 0 until something changed), an update (REQUEST, SEQUENCE raised
by the service) and a cancellation (CANCEL, STATUS:CANCELLED, SEQUENCE raised), so a calendar
replaces or removes the event it holds (RFC 5546 2.1.4, 3.2.5). Times are sent in
Europe/Copenhagen (DTSTART;TZID=Europe/Copenhagen with its VTIMEZONE). The personal RSVP link
is never put in the .ics: the outbox scrubs links from the mail's text, not from attachments.
"""

from __future__ import annotations

import uuid

from flask_babel import gettext as _

from intake.branding import current_brand
from intake.clock import to_local
from intake.mails.calendar import EventText, Method, attachment, build
from intake.meetings.models import Meeting, MeetingInvitation, RsvpAnswer
from intake.outbox.addresses import configured_sender

# RFC 5545 3.2.12: the attendee's participation as the calendar shows it.
PARTSTAT = {
    None: "NEEDS-ACTION",
    RsvpAnswer.YES: "ACCEPTED",
    RsvpAnswer.MAYBE: "TENTATIVE",
    RsvpAnswer.NO: "DECLINED",
}


def new_uid() -> str:
    """A UID for a new meeting: random, on the sender's domain as sign-up events have it
    (intake/mails/calendar.py uid_for), e.g. meeting-3f2a…@hedensted.dk."""
    return f"meeting-{uuid.uuid4().hex}@{configured_sender().domain}"


def event_text(meeting: Meeting) -> EventText:
    """The meeting as one event, texts in the current language (call inside force_locale)."""
    lines = [_("%(kind)s – %(group)s", kind=meeting.kind.label, group=meeting.group_label)]
    if meeting.host_name:
        lines.append(_("Vært: %(host)s", host=meeting.host_name))
    if meeting.agenda:
        lines += ["", _("Dagsorden:"), meeting.agenda.strip()]
    lines += ["", _("Svar via det personlige link i mailen. Spørgsmål: %(name)s, %(email)s",
                    name=current_brand().name, email=configured_sender().address)]
    return EventText(
        uid=meeting.uid,
        sequence=meeting.sequence,
        starts_at=to_local(meeting.starts_at),
        ends_at=to_local(meeting.ends_at),
        summary=meeting.title,
        location=meeting.place,
        description="\n".join(lines),
    )


def ics(meeting: Meeting, invitation: MeetingInvitation, method: Method) -> str:
    """The iCalendar text for one person (their address as ATTENDEE, their answer as
    PARTSTAT)."""
    return build(method, [event_text(meeting)], configured_sender(), invitation.recipient_email,
                 partstat=PARTSTAT[invitation.answer])


def part(meeting: Meeting, invitation: MeetingInvitation, method: Method) -> dict:
    """The outbox attachment (invitation.ics or cancel.ics)."""
    return attachment(method, ics(meeting, invitation, method))
