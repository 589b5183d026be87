"""Reading every calendar part of a delivered mail with icalendar, checking what iTIP needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar

COPENHAGEN = "Europe/Copenhagen"


@dataclass(frozen=True)
class Sent:
    method: str
    uid: str
    sequence: int
    starts_at: datetime
    summary: str
    description: str
    location: str
    status: str


def calendar_events(message) -> list[Sent]:
    """Every VEVENT of every text/calendar part, each checked: METHOD on the part and in the
    object agree, UID/SEQUENCE/DTSTAMP present, DTSTART in Copenhagen time or UTC, ORGANIZER."""
    found = []
    for part in message.walk():
        if part.get_content_type() != "text/calendar":
            continue
        calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
        method = str(calendar["method"])
        assert part.get_param("method") == method
        assert part.get_filename().endswith(".ics")
        for event in calendar.walk("VEVENT"):
            starts = event.decoded("dtstart")
            zone = getattr(starts.tzinfo, "key", None)
            assert (
                zone == COPENHAGEN
                or starts.utcoffset().total_seconds() == 0
                and zone in (None, "UTC")
            )
            assert str(event["organizer"]).startswith("mailto:") and event.decoded("dtstamp")
            found.append(
                Sent(
                    method=method,
                    uid=str(event["uid"]),
                    sequence=int(event.decoded("sequence")),
                    starts_at=starts.astimezone(UTC),
                    summary=str(event["summary"]),
                    description=str(event["description"]),
                    location=str(event["location"]),
                    status=str(event["status"]),
                )
            )
    return found


def day(sent: Sent) -> str:
    return sent.starts_at.astimezone(ZoneInfo(COPENHAGEN)).date().isoformat()
