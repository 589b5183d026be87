"""One read model of how full each bucket is (issue 10 §1): the public page, the staff
overview and the seat map show the same seats taken, capacity (staff override included),
seats left and waiting list, and the locked capacity decision counts with the same query."""

from __future__ import annotations

import re

import pytest

from intake.formdefs.registry import current_registry
from intake.signups import availability, capacity
from tests.support.signups import (
    FAIR,
    FRIDAY,
    GROUP,
    NOW,
    fair_form,
    friday_form,
    group_form,
    seats,
    sign_up,
    statuses,
)


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def _label_of(html: str, text: str) -> str:
    """The text of the <label> that starts with `text` (an option or a date), tags removed."""
    for label in re.findall(r"<label for=[^>]*>(.*?)</label>", html, re.S):
        plain = " ".join(re.sub(r"<[^>]+>", "", label).split())
        if plain.startswith(text):
            return plain
    raise AssertionError(f"no label starting {text!r}")


def _groups(app, client, smtp_server):
    """rammer: 2 seats (staff override), 3 sign-ups, so 2 taken and 1 waiting;
    erhvervsliv: the definition's 12 seats, 1 taken."""
    seats(app, "samarbejdsgruppe", "option:rammer", 2)
    for n in range(1, 4):
        form = group_form(client, n, gruppe="rammer", sektor="kommune", rolle="rammer-hr")
        sign_up(client, GROUP, form)
    sign_up(client, GROUP, group_form(client, 4, gruppe="erhvervsliv"))
    assert statuses(app, "samarbejdsgruppe", "option:rammer") == {
        "confirmed": 2, "waitlisted": 1, "cancelled": 0}


def test_the_read_model_counts_seats_override_and_waiting(app, client, smtp_server):
    _groups(app, client, smtp_server)
    with app.test_request_context():
        definition = current_registry().get("samarbejdsgruppe")
        rows = availability.read(definition, ["option:rammer", "option:erhvervsliv",
                                              "option:arbejdsliv"], waiting=True)
        rammer, erhvervsliv, arbejdsliv = rows.values()
        assert (rammer.limit, rammer.default_limit, rammer.override) == (2, 12, 2)
        assert (rammer.taken, rammer.confirmed, rammer.left, rammer.is_full) == (2, 2, 0, True)
        assert (rammer.waiting, rammer.waiting_seats, rammer.fill) == (1, 1, "2/2")
        assert (erhvervsliv.limit, erhvervsliv.override, erhvervsliv.left) == (12, None, 11)
        assert (arbejdsliv.taken, arbejdsliv.waiting, arbejdsliv.left) == (0, 0, 12)
        public = availability.read(definition, ["option:rammer"])["option:rammer"]
        assert (public.taken, public.left, public.waiting) == (2, 0, 0)  # list not counted
        assert capacity.used("samarbejdsgruppe", "option:rammer") == 2
        assert availability.seats_taken("samarbejdsgruppe", ["option:rammer", "option:x"]) == {
            "option:rammer": 2, "option:x": 0}


def test_public_page_overview_and_seat_map_agree(app, client, staff_client, smtp_server):
    _groups(app, client, smtp_server)
    with app.test_request_context():
        definition = current_registry().get("samarbejdsgruppe")
        rammer = str(definition.field("gruppe").option("rammer").label)
        erhvervsliv = str(definition.field("gruppe").option("erhvervsliv").label)
    public = client.get(GROUP).get_data(as_text=True)
    assert _label_of(public, rammer).endswith("(fuldt – venteliste)")
    assert _label_of(public, erhvervsliv).endswith("(11 ledige pladser)")

    overview = staff_client.get("/staff/f/samarbejdsgruppe/").get_data(as_text=True)
    row = overview[overview.index(f">{rammer}</a>"):]
    row = row[:row.index("</tr>")]
    assert "2/2" in row and "fuldt" in row and "venteliste: 1" in row
    row = overview[overview.index(f">{erhvervsliv}</a>"):]
    assert "1/12" in row[:row.index("</tr>")]

    seat_map = staff_client.get("/staff/f/samarbejdsgruppe/grupper").get_data(as_text=True)
    assert "2 af 2 pladser optaget" in seat_map and "1 af 12 pladser optaget" in seat_map


def test_dates_show_seats_left_per_date(app, client, smtp_server):
    seats(app, "ivaerksaetterfredag", "occasion:2026-12-04", 1)
    sign_up(client, FRIDAY, friday_form(client, 1, dates=["2026-12-04"]))
    html = client.get(FRIDAY).get_data(as_text=True)
    assert "december 2026" in _label_of(html, "fredag 4. december 2026")
    assert _label_of(html, "fredag 4. december 2026").endswith("(fuldt – venteliste)")
    assert _label_of(html, "fredag 5. februar 2027").endswith("(25 ledige pladser)")


def test_a_form_counted_in_people_shows_seats_left_on_the_page(app, client, staff_client,
                                                              smtp_server):
    sign_up(client, FAIR, fair_form(client, 1, people=3))
    html = " ".join(client.get(FAIR).get_data(as_text=True).split())
    assert ('<p class="seats-total"><span class="badge badge-success">197 ledige pladser</span>'
            '</p>') in html
    overview = staff_client.get("/staff/f/netvaerksmesse/").get_data(as_text=True)
    assert "3/200" in overview
