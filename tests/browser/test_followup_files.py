"""A goal owner attaches an action plan in Chromium (issue 14 §3): the page posts the file,
names it when it comes back, offers "Fjern" by keyboard, and axe-core finds no WCAG 2.1 A/AA
violation with a stored file shown."""

from __future__ import annotations

import pytest

from tests.browser.keyboard import press_and_wait, tab_to
from tests.browser.test_followup import assert_no_violations, live_server  # noqa: F401
from tests.support.files import PDF

pytestmark = pytest.mark.browser


def test_an_action_plan_is_attached_kept_and_removed(page, live_server, tmp_path):  # noqa: F811
    g1 = live_server.ids["g1"]
    plan = tmp_path / "Handlingsplan 2027.pdf"
    plan.write_bytes(PDF)
    page.goto(f"/opfoelgning/{live_server.token}")
    tab_to(page, "button.button")
    press_and_wait(page, "Enter")
    page.set_input_files(f"#g{g1}-handlingsplan", str(plan))
    tab_to(page, "button[value=draft]")
    press_and_wait(page, "Enter")
    assert "Din kladde er gemt" in page.locator("[role=status]").inner_text()
    kept = page.locator(f"#kept-g{g1}-handlingsplan").inner_text()
    assert "Gemt: Handlingsplan 2027.pdf." in kept
    assert_no_violations(page, "questionnaire with a stored action plan")

    # Saved again without a new file: still there. Then "Fjern" by keyboard.
    tab_to(page, "button[value=draft]")
    press_and_wait(page, "Enter")
    assert "Gemt: Handlingsplan 2027.pdf." in page.locator(
        f"#kept-g{g1}-handlingsplan").inner_text()
    remove = f'input[name="g{g1}-handlingsplan-fjern"]'
    tab_to(page, remove)
    page.keyboard.press("Space")
    assert page.is_checked(remove)
    tab_to(page, "button[value=draft]")
    press_and_wait(page, "Enter")
    assert page.locator(f"#kept-g{g1}-handlingsplan").count() == 0
    assert not page.errors, page.errors
