"""Every place a mail or calendar part names the sender reads MAIL_DEFAULT_SENDER with the
parser the start-up check used (intake.outbox.addresses.configured_sender), never parseaddr
or a split at "@" (issue 9 §2): so a sender that passed the check is what goes out."""

from __future__ import annotations

import icalendar
import pytest

from intake.formdefs.display import contact_address
from intake.outbox.addresses import configured_sender
from tests.mails.calendar_support import calendar_events
from tests.support.signups import FRIDAY, NOW, friday_form, mails_to, sign_up


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def _organizers(message) -> list[tuple[str, str | None]]:
    found = []
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
            for event in calendar.walk("VEVENT"):
                organizer = event["organizer"]
                found.append((str(organizer), organizer.params.get("CN")))
    return found


@pytest.mark.parametrize(
    ("sender", "domain", "organizer", "name"),
    [
        # RFC 5322 allows the name as a comment after the address; it is no display name.
        ("erhverv@hedensted.dk (Hedensted Erhverv)", "hedensted.dk", "erhverv@hedensted.dk", None),
        # A domain with Danish letters goes out in its ASCII (IDNA) form, as in From:.
        ("Erhverv <erhverv@ærø.dk>", "xn--r-3fa9c.dk", "erhverv@xn--r-3fa9c.dk", "Erhverv"),
        ('"Hedensted Kommune, Erhverv" <erhverv@hedensted.dk>', "hedensted.dk",
         "erhverv@hedensted.dk", "Hedensted Kommune, Erhverv"),
    ],
)
def test_calendar_parts_name_the_sender_as_parsed(
    make_app, smtp_server, deliver, sender, domain, organizer, name
):
    app = make_app(MAIL_DEFAULT_SENDER=sender)
    client = app.test_client()
    sign_up(client, FRIDAY, friday_form(client, dates=["2026-12-04", "2027-02-05"]))
    deliver()
    [mail] = mails_to(smtp_server, "ivaerk1@start1.dk")
    events = calendar_events(mail)
    assert len(events) == 2
    for event in events:
        assert event.uid.rsplit("@", 1)[1] == domain, event.uid
        assert event.uid.isascii() and " " not in event.uid
    assert _organizers(mail) == [(f"mailto:{organizer}", name)] * 2
    with app.app_context():
        contact = configured_sender().address
    assert all(e.description.endswith(f"Spørgsmål: {contact}") for e in events)


def test_contact_address_reads_the_sender_by_its_parser(make_app):
    """A quoted display name may hold an address of its own: the mailbox is the one in <…>."""
    app = make_app(MAIL_DEFAULT_SENDER='"Erhverv <info@eksempel.dk>" <erhverv@hedensted.dk>')
    with app.app_context():
        assert contact_address(None) == "erhverv@hedensted.dk"
