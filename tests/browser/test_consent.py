"""The consent check box and Min tilmelding's news part in a real browser: axe finds no
WCAG 2.1 A/AA violation at 375 px and 1280 px, the box is reached and ticked with the
keyboard, and "Afmeld nyheder" withdraws with one press."""

from __future__ import annotations

import pytest

from tests.browser.keyboard import press_and_wait, tab_to
from tests.browser.test_accessibility import GOOD_ANSWERS, assert_no_violations

pytestmark = [pytest.mark.browser, pytest.mark.markup_only]


@pytest.fixture(params=[375, 1280], ids=["375px", "1280px"])
def page(make_page, request):
    return make_page(viewport={"width": request.param, "height": 900})


def test_consent_given_shown_and_withdrawn(page, live_server):
    page.goto("/f/netvaerksmesse")
    box = page.locator("#nyheder")
    assert box.get_attribute("type") == "checkbox" and not box.is_checked()
    assert page.locator('label[for="nyheder"]').inner_text().startswith("Ja tak, send mig nyt")
    for key, value in GOOD_ANSWERS["netvaerksmesse"]["fill"].items():
        page.fill(f"#{key}", value)
    tab_to(page, "#nyheder")
    page.keyboard.press("Space")
    assert box.is_checked()
    with page.expect_navigation():
        page.click("form.signup-form button[type=submit]")
    assert "/kvittering/" in page.url
    reference = page.locator(".reference").inner_text().strip()
    with live_server.app.app_context():
        from intake.signups import service

        token = service.cancel_token(service.find_by_reference(reference))
    page.goto(f"/min-tilmelding/{token}")
    assert "Du har sagt ja tak til nyt" in page.locator("main").inner_text()
    assert_no_violations(page, "min tilmelding: news given")
    tab_to(page, "#news ~ form button[type=submit]")
    press_and_wait(page, "Enter")
    text = page.locator("main").inner_text()
    assert "Du er afmeldt nyheder" in text and "Du afmeldte dig" in text
    assert_no_violations(page, "min tilmelding: news withdrawn")
    page.goto(f"/min-tilmelding/{token}/ret")
    assert not page.locator("#nyheder").is_checked()
    assert_no_violations(page, "min tilmelding: change form with the consent box")
