"""Inspiration sheets in Chromium (issue 14 §3): staff choose the PDF in the real file picker,
see a refused file's Danish message with the typed title kept, publish the sheet, and a
visitor's browser saves it from the public link under its Danish name; axe-core (WCAG 2.1
AA) on each staff page of the area, the confirmation included."""

from __future__ import annotations

import contextlib
import shutil

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import NOW, ROOT, LiveServer
from tests.browser.test_staff_download import assert_no_violations, log_in
from tests.staff.conftest import create_staff
from tests.support.files import PDF, made

pytestmark = pytest.mark.browser
NAME = "Byggesager – sådan gør vi.pdf"


@pytest.fixture
def live_server(make_app, frozen_clock, tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    shutil.copy(ROOT / "forms" / "inspiration.yaml", forms)
    frozen_clock(NOW)
    app = make_app(FORMS_DIR=str(forms), UPLOADS_DIR=str(tmp_path / "filer"))
    create_staff(app)
    with LiveServer(app) as server:
        yield server


def _choose(page, name: str, content: bytes) -> None:
    page.get_by_label("PDF-fil").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": content})


def test_upload_publish_and_download(live_server, make_page, tmp_path):
    page = make_page(viewport={"width": 1280, "height": 900})
    log_in(page)
    page.get_by_role("link", name="Inspirationsark", exact=True).click()
    page.wait_for_url("**/staff/inspiration/")
    assert_no_violations(page, "no sheets yet")
    page.get_by_role("link", name="Nyt inspirationsark").click()
    page.wait_for_url("**/staff/inspiration/nyt")
    assert_no_violations(page, "new sheet")

    page.get_by_label("Fokusområde").select_option("rammer")
    page.get_by_label("Titel").fill("Hurtigere byggesager")
    _choose(page, "plan.pdf", made("png"))
    page.get_by_role("button", name="Gem inspirationsarket").click()
    page.wait_for_load_state()
    refused = page.locator("#err-file").inner_text()
    assert "er ikke en af de filtyper, vi tager imod (PDF)" in refused
    assert page.get_by_label("Titel").input_value() == "Hurtigere byggesager"
    assert_no_violations(page, "a refused file")

    _choose(page, NAME, PDF)
    page.get_by_role("button", name="Gem inspirationsarket").click()
    page.wait_for_url("**/staff/inspiration/**")
    assert "Inspirationsarket er gemt" in page.locator("main").inner_text()
    assert_no_violations(page, "a sheet, not published")

    with page.expect_download() as info:
        page.get_by_role("link", name=NAME).click()
    assert info.value.suggested_filename == NAME

    page.get_by_role("button", name="Offentliggør").click()
    page.wait_for_url("**/staff/inspiration/**")
    assert "er offentliggjort under De gode rammer" in page.locator("main").inner_text()
    sheet_id = page.locator("tr[id^=ark-]").get_attribute("id").removeprefix("ark-")

    visitor = make_page()
    visitor.goto("/")
    # A download is not a page: Chromium aborts the navigation once it starts.
    with visitor.expect_download() as info, contextlib.suppress(PlaywrightError):
        visitor.goto(f"/erhvervspolitik/inspiration/{sheet_id}")
    download = info.value
    assert download.suggested_filename == NAME
    saved = tmp_path / "ark.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == PDF

    page.get_by_role("button", name="Slet").click()
    page.wait_for_load_state()
    assert "Slet inspirationsark: Hurtigere byggesager" in page.locator("h1").inner_text()
    assert_no_violations(page, "delete confirmation")
    page.get_by_role("button", name="Ja, slet arket").click()
    page.wait_for_url("**/staff/inspiration/")
    assert "Ingen inspirationsark endnu." in page.locator("main").inner_text()
