"""axe-core (WCAG 2.1 A/AA) finds nothing on the XLSForm pages, the upload report included;
the upload is made with the keyboard-reachable file field, as a person would."""

from __future__ import annotations

import pytest

from tests.browser.test_editor_accessibility import editor_server
from tests.browser.test_staff import assert_no_violations, log_in
from tests.formdefs.xlsform.conftest import DATA

pytestmark = [pytest.mark.browser, pytest.mark.markup_only]


@pytest.fixture
def live_server(make_app, frozen_clock, tmp_path):
    yield from editor_server(make_app, frozen_clock, tmp_path)


def test_axe_on_the_xlsform_pages(live_server, page):
    log_in(page)
    for language, width in (("da", 375), ("da", 1280), ("en", 375), ("en", 1280)):
        if language == "en" and page.locator("html").get_attribute("lang") == "da":
            page.get_by_role("link", name="English").click()
        page.set_viewport_size({"width": width, "height": 900})
        for path, what in (("/staff/skemaer/regneark", "new from a workbook"),
                           ("/staff/skemaer/netvaerksmesse/regneark", "a form's workbook")):
            page.goto(path)
            assert page.locator("html").get_attribute("lang") == language
            assert_no_violations(page, f"{what} ({language}, {width} px)")
        if language == "en" and width == 1280:
            page.get_by_role("link", name="Dansk").click()
    page.goto("/staff/skemaer/regneark")
    page.get_by_role("button", name="Opret skemaet").click()
    assert page.locator(".form-error-message").count() == 1
    assert_no_violations(page, "no file chosen")
    page.get_by_label("Regneark (.xlsx)").set_input_files(str(DATA / "broken.xlsx"))
    page.get_by_role("button", name="Opret skemaet").click()
    assert page.locator(".alert-error li").count() >= 6
    assert_no_violations(page, "upload report")
