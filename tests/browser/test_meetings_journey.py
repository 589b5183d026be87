"""The groups' meeting journey in Chromium (issue 13 §2): staff create a 1. møde for Det gode
arbejdsliv and invite its members; a member opens the personal RSVP link from the mail the
real SMTP server received, on a 375 px phone, answers Ja with a comment and then changes to
Nej; staff see the change on the meeting page. axe-core (WCAG 2.1 A/AA) finds nothing on the
RSVP page, the staff meeting page, the meeting form or the goal form with the members."""

from __future__ import annotations

import re
import shutil

import pytest

from intake.extensions import db
from tests.browser.conftest import MOBILE, NOW, SEED_FORMS, LiveServer
from tests.browser.test_staff import assert_no_violations, log_in, script_errors
from tests.browser.test_staff_layout import PHONE_FITS
from tests.conftest import ROOT
from tests.staff.conftest import add_signup, create_staff, group_answers

pytestmark = pytest.mark.browser

LINK_RE = re.compile(r"https://intake\.example\.dk(/moeder/[A-Za-z0-9_-]{43})")


@pytest.fixture
def live_server(make_app, frozen_clock, tmp_path, smtp_server):
    """The seed forms, two members of Det gode arbejdsliv and one of another group, period
    2027 and a staff account; mail goes to the real SMTP server."""
    forms = tmp_path / "forms"
    forms.mkdir()
    for slug in SEED_FORMS:
        shutil.copy(ROOT / "forms" / f"{slug}.yaml", forms)
    frozen_clock(NOW)
    app = make_app(FORMS_DIR=str(forms))
    for n, area, sector in ((1, "arbejdsliv", "erhverv"), (2, "arbejdsliv", "kommune"),
                            (3, "rammer", "andre")):
        add_signup(app, "samarbejdsgruppe", group_answers(
            n, gruppe=area, sektor=sector, rolle="andet", rolle_andet="Medlem"))
    with app.app_context():
        from intake.goals import service as goals

        goals.get_or_create_period(2027)
        db.session.commit()
    create_staff(app)
    with LiveServer(app) as server:
        server.smtp = smtp_server
        yield server


def _deliver(app) -> None:
    from intake.outbox.delivery import deliver_due

    with app.app_context():
        while deliver_due():
            pass


def _rsvp_path(smtp, email: str) -> str:
    mail = next(m for m in smtp.messages
                if email in m["To"] and "Invitation" in m["Subject"])
    text = mail.get_body(preferencelist=("plain",)).get_content()
    return LINK_RE.search(text).group(1)


def test_staff_invite_a_member_answers_on_a_phone_and_staff_see_it(live_server, make_page):
    staff = make_page(viewport={"width": 1280, "height": 900})
    log_in(staff)
    staff.goto("/staff/maal/perioder/2027")
    staff.get_by_role("link", name="Nyt møde").click()
    assert_no_violations(staff, "new meeting form")
    staff.select_option("#kind", "meeting_1")
    staff.select_option("#focus_area", "arbejdsliv")
    staff.fill("#day", "2027-04-20")
    staff.fill("#starts", "17:00")
    staff.fill("#ends", "19:00")
    staff.select_option("#host_choice", "Firma 1 ApS")
    staff.fill("#address", "Søndergade 1, 8722 Hedensted")
    staff.fill("#agenda", "Velkomst\nMålene for 2027")
    staff.fill("#rsvp_day", "2027-04-13")
    staff.fill("#rsvp_time", "12:00")
    staff.get_by_role("button", name="Opret mødet").click()
    staff.wait_for_url("**/staff/maal/moeder/*")
    meeting_url = staff.url
    assert staff.locator("h1").inner_text() == "1. møde – Det gode arbejdsliv"
    staff.get_by_role("button", name="Send invitationer").click()
    assert "2 medlemmer får en invitation" in staff.locator(".confirm-preview").inner_text()
    staff.get_by_role("button", name="Ja, send invitationerne").click()
    staff.wait_for_url(meeting_url)
    _deliver(live_server.app)
    assert len(live_server.smtp.messages) >= 2
    path = _rsvp_path(live_server.smtp, "person1@firma1.dk")

    member = make_page(viewport=MOBILE)
    member.goto(path)
    assert member.locator("h1").inner_text() == "1. møde – Det gode arbejdsliv"
    assert_no_violations(member, "RSVP page")
    member.get_by_label("Ja", exact=True).check()
    member.fill("#comment", "Vegetar, tak")
    member.get_by_role("button", name="Send svar").click()
    member.wait_for_load_state()
    assert "Tak, dit svar er registreret: Ja." in member.content()
    assert member.input_value("#comment").strip() == "Vegetar, tak"
    member.get_by_label("Nej", exact=True).check()
    member.get_by_role("button", name="Send svar").click()
    member.wait_for_load_state()
    assert "Tak, dit svar er registreret: Nej." in member.content()
    assert_no_violations(member, "RSVP page after an answer")
    width = member.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], f"the RSVP page is {width} px wide on a phone"

    staff.goto(meeting_url)
    row = staff.locator("table.invitees tr", has_text="Person 1")
    assert row.locator(".rsvp-answer").inner_text() == "Nej"
    assert row.locator(".rsvp-comment").inner_text() == "Vegetar, tak"
    erhverv = staff.locator("table.answers-by-sector tr", has_text="Erhverv")
    assert [c.strip() for c in erhverv.locator("td").all_inner_texts()] == ["0", "1", "0", "0"]
    assert_no_violations(staff, "staff meeting page")
    staff.get_by_role("link", name="Indtast mål fra mødet").click()
    assert staff.get_by_label("Person 1, Firma 1 ApS (Erhverv)").is_visible()
    assert staff.locator("text=Person 3").count() == 0  # another group's member
    assert_no_violations(staff, "new goal with the group's members")

    # The staff meeting page on a phone: its tables stack or scroll in their own region.
    phone = make_page(viewport=MOBILE)
    log_in(phone)
    phone.goto(meeting_url)
    assert phone.evaluate(PHONE_FITS) == []
    assert script_errors(staff) == [] and script_errors(member) == []
    assert script_errors(phone) == []
