"""Calendar parts (.ics) made with the icalendar library, as iTIP messages (RFC 5546).

An event is sent with METHOD:REQUEST and taken back with METHOD:CANCEL; both carry the same
UID, and every later message about that UID carries a higher SEQUENCE, so a calendar replaces
or removes the event it already holds instead of adding a second one (RFC 5546, 2.1.4 and
3.2.5). ORGANIZER and ATTENDEE are set because REQUEST and CANCEL require them (3.2.2, 3.2.5);
RSVP=FALSE, since nobody reads replies: a person changes a booking through the mail's link.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event, vCalAddress, vText

from intake.clock import now
from intake.outbox.addresses import Mailbox


class Method(enum.Enum):
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


@dataclass(frozen=True)
class EventText:
    """One VEVENT as it is sent: times aware, texts already in the person's language."""

    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str
    description: str


def uid_for(form_slug: str, occasion_key: str, reference: str, domain: str) -> str:
    """The event's UID: one per (sign-up, occasion), the same in every message about it.

    The format is the one intake has always used, so events sent before UIDs were tracked
    are still found by a later update or cancellation.
    """
    return f"{form_slug}-{occasion_key}-{reference}@{domain}"


def build(
    method: Method, events: list[EventText], organizer: Mailbox, attendee: str | None,
    partstat: str = "ACCEPTED",
) -> str:
    """An iCalendar object (text) with one VEVENT per event, all with the same METHOD.

    `organizer` is the sender as the mail's From: has it (outbox.addresses.configured_sender:
    its ASCII address, its display name as CN); `attendee` the person's address, with
    `partstat` (RFC 5545 3.2.12: a booking is ACCEPTED; a meeting's RSVP may be NEEDS-ACTION,
    TENTATIVE or DECLINED).
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Hedensted Erhverv//intake//DA")
    calendar.add("version", "2.0")
    calendar.add("method", method.value)
    stamp = now()
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("sequence", item.sequence)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts_at)
        event.add("dtend", item.ends_at)
        event.add("summary", item.summary)
        event.add("location", item.location)
        event.add("description", item.description)
        event.add("status", "CANCELLED" if method is Method.CANCEL else "CONFIRMED")
        event.add("organizer", _address(organizer.ascii_address, organizer.display_name))
        if attendee:
            person = _address(attendee)
            person.params["ROLE"] = vText("REQ-PARTICIPANT")
            person.params["PARTSTAT"] = vText(partstat)
            person.params["RSVP"] = vText("FALSE")
            event.add("attendee", person, encode=0)
        calendar.add_component(event)
    calendar.add_missing_timezones()  # VTIMEZONE for Europe/Copenhagen, so every client agrees
    return calendar.to_ical().decode("utf-8")


def _address(address: str, name: str = "") -> vCalAddress:
    value = vCalAddress(f"mailto:{address}")
    if name:
        value.params["CN"] = vText(name)
    return value


def attachment(method: Method, ics: str) -> dict:
    """The outbox attachment for one calendar part."""
    filename = "invitation.ics" if method is Method.REQUEST else "cancel.ics"
    return {
        "filename": filename,
        "data": ics,
        "content_type": f"text/calendar; charset=utf-8; method={method.value}",
    }
