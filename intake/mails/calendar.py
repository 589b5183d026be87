"""Calendar invitations (.ics) made with the icalendar library."""

from __future__ import annotations

from icalendar import Calendar, Event

from intake.clock import now
from intake.formdefs.schema import FormDef, Occasion


def invitation(form: FormDef, occasions: list[Occasion], reference: str, domain: str) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Hedensted Erhverv//intake//DA")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    for occasion in occasions:
        event = Event()
        event.add("uid", f"{form.slug}-{occasion.key}-{reference}@{domain}")
        event.add("dtstamp", now())
        event.add("dtstart", occasion.starts_at)
        event.add("dtend", occasion.ends_at)
        event.add("summary", form.title.da)
        event.add("location", occasion.place.da)
        event.add("description", f"Tilmelding {reference}")
        calendar.add_component(event)
    calendar.add_missing_timezones()  # VTIMEZONE for Europe/Copenhagen, so every client agrees
    return calendar.to_ical().decode("utf-8")
