"""Invitations to a form in Chromium on a 375 px phone: staff send the Friday form to a pasted
list (confirm first), the invited person opens the link, finds name and e-mail filled in,
answers with a bad phone number first, then changes the answer; axe-core (WCAG 2.1 A/AA)
finds nothing on any of the pages, and no page scrolls sideways."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import MOBILE, NOW, LiveServer
from tests.browser.test_staff import assert_no_violations, log_in
from tests.invitations.form_helpers import LINK, mails
from tests.staff.conftest import copy_seed_forms, create_staff

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(make_app, frozen_clock, tmp_path):
    frozen_clock(NOW)
    app = make_app(FORMS_DIR=str(copy_seed_forms(tmp_path)))
    create_staff(app)
    with LiveServer(app) as server:
        yield server


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_send_answer_and_change_on_a_phone(live_server, make_page):
    staff = make_page(viewport=MOBILE)
    log_in(staff, "/staff/f/ivaerksaetterfredag/")
    staff.get_by_role("link", name="Send personlige links").click()
    staff.get_by_role("link", name="Send personlige links").click()
    staff.wait_for_url("**/invitationer/ny")
    assert_no_violations(staff, "send page")
    assert fits(staff)
    staff.get_by_label("Modtagere, én pr. linje").fill("Anna Hansen <anna@firma.dk>\nbo.firma.dk")
    staff.get_by_label("Svarfrist (dato)").fill("2027-04-01")
    staff.get_by_label("Svarfrist (klokkeslæt)").fill("12:00")
    staff.get_by_role("button", name="Se, hvem der får en mail").click()
    staff.locator("#error-summary").wait_for()
    assert "Linje 2: e-mailadressen mangler @" in staff.locator("#error-summary").inner_text()
    assert_no_violations(staff, "send page with errors")
    staff.get_by_label("Modtagere, én pr. linje").fill("Anna Hansen <anna@firma.dk>")
    staff.get_by_role("button", name="Se, hvem der får en mail").click()
    staff.get_by_text("1 personer får en mail").wait_for()
    assert_no_violations(staff, "confirmation")
    staff.get_by_role("button", name="Ja, send mails til 1 personer").click()
    staff.wait_for_url(re.compile(r".*/staff/invitationer/\d+$"))
    assert_no_violations(staff, "sending page")
    assert fits(staff)

    (message,) = mails(live_server.app, "form_invited")
    path = LINK.search(message.body_text).group(0).replace("https://intake.example.dk", "")
    person = make_page(viewport=MOBILE)
    person.goto(path)
    assert person.input_value("#navn") == "Anna Hansen"
    assert person.input_value("#email") == "anna@firma.dk"
    assert_no_violations(person, "invitation form")
    assert fits(person)
    person.check('input[name=datoer][value="2027-04-02"]')
    person.fill("#virksomhed", "Idé ApS")
    person.check("input[name=har_cvr][value=nej]")
    person.fill("#telefon", "123")
    person.get_by_role("button", name="Send svar").click()
    person.locator("#error-summary").wait_for()
    assert_no_violations(person, "invitation form with errors")
    person.fill("#telefon", "+45 20 30 40 50")
    person.get_by_role("button", name="Send svar").click()
    person.get_by_text("Tak for dit svar").wait_for()
    assert_no_violations(person, "answered page")
    assert fits(person)
    person.fill("#virksomhed", "Ny Idé ApS")
    person.get_by_role("button", name="Gem rettelserne").click()
    person.get_by_text("Dit svar er rettet").wait_for()
    assert "Ny Idé ApS" in person.locator("#answers").inner_text()

    person.goto("/inviteret/" + "A" * 43)
    assert_no_violations(person, "not valid page")
    staff.reload()
    assert "1 / 1 (100 %)" in staff.locator("#response-rate").inner_text()
