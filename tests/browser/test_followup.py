"""A goal owner answers the follow-up with the keyboard alone, in Chromium; axe-core finds no
WCAG 2.1 A/AA violation on the link page, the questionnaire, its error state, the closed page,
the invalid-link page and the lost-link page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import LiveServer
from tests.browser.keyboard import choose_radio, is_focused, press_and_wait, tab_to, type_into
from tests.support.goals import DEADLINE, forms_dir, issue_token, make_round, seed

pytestmark = pytest.mark.browser

WCAG21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
AXE = Axe()


def assert_no_violations(page, what: str) -> None:
    results = AXE.run(page, options=WCAG21_AA)
    assert results.violations_count == 0, f"{what} ({page.url}):\n{results.generate_report()}"


@pytest.fixture
def live_server(make_app, frozen_clock, tmp_path):
    """Overrides the public one: the follow-up form, a seeded period and a started round."""
    frozen_clock(DEADLINE - timedelta(days=10))
    app = make_app(FORMS_DIR=str(forms_dir(tmp_path)))
    ids = seed(app)
    make_round(app)
    with LiveServer(app) as server:
        server.ids = ids
        server.token = issue_token(app, "anne@example.dk")
        yield server


def test_questionnaire_by_keyboard(page, live_server):
    g1, g2 = live_server.ids["g1"], live_server.ids["g2"]
    page.goto(f"/opfoelgning/{live_server.token}")
    assert_no_violations(page, "link page")
    tab_to(page, "button.button")
    press_and_wait(page, "Enter")
    assert page.url.endswith("/opfoelgning/svar") and live_server.token not in page.url
    assert page.locator("h1").inner_text() == "Opfølgning efterår 2027"
    assert_no_violations(page, "questionnaire")

    # Goal 1: status, progress and a text; then save a draft with the keyboard.
    choose_radio(page, f"g{g1}-status", "i_gang")
    type_into(page, f"#g{g1}-fremdrift", "40")
    type_into(page, f"#g{g1}-gjort", "Møde med skolerne om lærepladser")
    tab_to(page, "button[value=draft]")
    press_and_wait(page, "Enter")
    assert "Din kladde er gemt" in page.locator("[role=status]").inner_text()
    assert page.input_value(f"#g{g1}-gjort") == "Møde med skolerne om lærepladser"

    # Sending without goal 2's status: the summary takes focus and leads to the field.
    tab_to(page, "button[value=submit]")
    press_and_wait(page, "Enter")
    assert page.title().startswith("Fejl: ")
    assert is_focused(page, "#error-summary")
    assert_no_violations(page, "questionnaire with errors")
    target = f"g{g2}-status-0"
    tab_to(page, f'#error-summary a[href="#{target}"]')
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(id) => document.activeElement && document.activeElement.id === id", arg=target
    )
    assert page.get_attribute(f"#{target}", "aria-invalid") == "true"

    choose_radio(page, f"g{g2}-status", "udskudt")
    tab_to(page, "button[value=submit]")
    press_and_wait(page, "Enter")
    assert "Tak! Dine svar er sendt (version 1)" in page.locator("[role=status]").inner_text()
    assert page.is_checked(f'input[name="g{g2}-status"][value="udskudt"]')
    assert not page.errors, page.errors


def test_other_follow_up_pages_are_accessible(page, live_server, frozen_clock):
    page.goto("/opfoelgning/" + "x" * 43)
    assert "Linket er ikke gyldigt" in page.locator("h1").inner_text()
    assert_no_violations(page, "invalid link")
    page.goto("/opfoelgning/mistet-link")
    assert_no_violations(page, "lost link")
    tab_to(page, "#email")
    page.keyboard.type("ikke-en-adresse")
    press_and_wait(page, "Enter")
    assert page.get_attribute("#email", "aria-invalid") == "true"
    assert_no_violations(page, "lost link with error")
    page.goto("/opfoelgning/svar")
    assert "Åbn linket igen" in page.locator("h1").inner_text()
    assert_no_violations(page, "session ended")
    frozen_clock(DEADLINE + timedelta(minutes=5))
    page.goto(f"/opfoelgning/{live_server.token}")
    tab_to(page, "button.button")
    press_and_wait(page, "Enter")
    assert "Opfølgningen er lukket" in page.content()
    assert_no_violations(page, "closed round")


@pytest.mark.markup_only
@pytest.mark.parametrize("language", ["da", "en"])
def test_follow_up_pages_at_both_widths_in_both_languages(page, live_server, language):
    """Issue 11: every owner page at 375 and 1280 px, in Danish and in English."""
    if language == "en":
        page.goto("/sprog/en?next=/opfoelgning/mistet-link")
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/opfoelgning/{live_server.token}")
        assert page.locator("html").get_attribute("lang") == language
        assert_no_violations(page, f"link page ({language}, {width} px)")
        page.locator("main form button").first.click()
        page.wait_for_url("**/opfoelgning/svar")
        assert_no_violations(page, f"questionnaire ({language}, {width} px)")
        page.locator("button[value=submit]").click()
        page.wait_for_load_state()
        assert page.locator("#error-summary").is_visible()
        assert_no_violations(page, f"questionnaire with errors ({language}, {width} px)")
        for path, what in (("/opfoelgning/" + "x" * 43, "invalid link"),
                           ("/opfoelgning/mistet-link", "lost link")):
            page.goto(path)
            assert page.locator("html").get_attribute("lang") == language
            assert_no_violations(page, f"{what} ({language}, {width} px)")
