"""News in Chromium (issue 14 §4): a staff member sends news from the menu through the form
and its confirmation; the recipient opens the unsubscribe link from the mail (GET changes
nothing), presses the one button and is unsubscribed at once, with no login. axe-core (WCAG
2.1 AA) on every page of the way, the recipient's at 375 px in Danish and in English."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from intake.consents.models import Consent
from intake.extensions import db
from intake.outbox.models import OutboxMessage
from tests.browser.conftest import MOBILE
from tests.browser.test_staff_download import assert_no_violations, log_in
from tests.news.conftest import UNSUBSCRIBE, add_consent
from tests.staff.conftest import create_staff

pytestmark = pytest.mark.browser


def _unsubscribe_path(app) -> str:
    with app.app_context():
        body = db.session.scalar(sa.select(OutboxMessage.body_text)
                                 .where(OutboxMessage.kind == "news_message"))
    return UNSUBSCRIBE.search(body).group(1)


def _is_current(app) -> bool:
    with app.app_context():
        return db.session.scalar(sa.select(Consent.withdrawn_at)) is None


def test_send_news_and_unsubscribe_with_one_button(live_server, make_page):
    app = live_server.app
    create_staff(app)
    add_consent(app, "anna@byg.dk", areas=["erhvervsliv"])
    page = make_page(viewport={"width": 1280, "height": 900})
    log_in(page)
    page.get_by_role("link", name="Nyheder", exact=True).click()
    page.wait_for_url("**/staff/nyheder")
    assert "1 person har sagt ja tak" in page.locator("main").inner_text()
    assert_no_violations(page, "news overview")

    page.get_by_role("link", name="Send en nyhed").click()
    page.wait_for_url("**/staff/nyheder/ny")
    page.get_by_role("button", name="Se, hvem der får mailen").click()
    page.wait_for_load_state()
    assert page.locator("#err-subject").inner_text().endswith("Skriv et emne.")
    assert_no_violations(page, "new news, refused")

    page.get_by_label("Emne").fill("Invitation til Nytårskuren")
    page.get_by_label("Tekst").fill("Kære alle\n\nI er inviteret til Nytårskuren.")
    page.get_by_label("Det gode erhvervsliv").check()
    page.get_by_role("button", name="Se, hvem der får mailen").click()
    page.wait_for_load_state()
    assert "I er inviteret til Nytårskuren." in page.locator("#news-sample").inner_text()
    assert_no_violations(page, "news confirmation")
    page.get_by_role("button", name="Ja, send mailen til 1 person").click()
    page.wait_for_url("**/staff/nyheder/*")
    assert "anna@byg.dk" in page.locator("main").inner_text()
    assert_no_violations(page, "news sending")

    path = _unsubscribe_path(app)
    for lang in ("en", "da"):
        visitor = make_page(viewport=MOBILE)
        visitor.goto(f"/sprog/{lang}")
        visitor.goto(path)
        assert visitor.locator("html").get_attribute("lang") == lang
        assert_no_violations(visitor, f"unsubscribe page ({lang})")
    assert _is_current(app)  # opening the link changed nothing

    visitor.get_by_role("button", name="Afmeld nyheder").click()
    visitor.wait_for_load_state()
    assert "Du er afmeldt nyheder" in visitor.locator("h1").inner_text()
    assert_no_violations(visitor, "unsubscribed")
    assert not _is_current(app)


LONG_EMAIL = "henriette.skovgaard-christiansen@hedensted-erhvervsudvikling-og-turisme.dk"


@pytest.mark.markup_only
def test_news_pages_fit_a_phone_and_a_desktop(live_server, make_page):
    """Long addresses and the sample mail's long link: no page scrolls sideways or cuts
    anything (the checks of tests/browser/test_staff_layout.py), at 1280 px and at 375 px."""
    from tests.browser.test_staff_layout import FITS, PHONE_FITS

    app = live_server.app
    create_staff(app)
    add_consent(app, LONG_EMAIL, areas=["erhvervsliv", "rammer"], trade="Bygge- og anlæg")
    for viewport, check in (({"width": 1280, "height": 900}, FITS), (MOBILE, PHONE_FITS)):
        page = make_page(viewport=viewport)
        log_in(page)
        page.goto("/staff/nyheder")
        assert page.evaluate(check) == [], ("overview", viewport)
        page.goto("/staff/nyheder/ny")
        assert page.evaluate(check) == [], ("new", viewport)
        page.get_by_label("Emne").fill("Invitation til Nytårskuren " * 4)
        page.get_by_label("Tekst").fill("Se https://www.hedensted.dk/erhverv/nytaarskur-2027-"
                                        "program-og-tilmelding-for-virksomheder\n\nHilsen")
        page.get_by_role("button", name="Se, hvem der får mailen").click()
        page.wait_for_load_state()
        page.locator("details.news-recipients summary").click()
        assert page.evaluate(check) == [], ("confirmation", viewport)
        if check is PHONE_FITS:  # the desktop round sent sending 1
            assert_no_violations(page, "news confirmation on a phone")
            page.goto("/staff/nyheder/1")
            assert page.evaluate(check) == [], ("sending", viewport)
            continue
        page.get_by_role("button", name="Ja, send mailen til 1 person").click()
        page.wait_for_url("**/staff/nyheder/*")
        assert page.evaluate(check) == [], ("sending", viewport)
    visitor = make_page(viewport=MOBILE)
    visitor.goto(_unsubscribe_path(app))
    assert visitor.evaluate(PHONE_FITS) == [], "unsubscribe page"
    visitor.get_by_role("button", name="Afmeld nyheder").click()
    visitor.wait_for_load_state()
    assert visitor.evaluate(PHONE_FITS) == [], "unsubscribed page"
