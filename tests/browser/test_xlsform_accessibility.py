"""axe-core (WCAG 2.1 A/AA) finds nothing on the XLSForm pages, the upload report included;
the upload is made with the keyboard-reachable file field, as a person would."""

from __future__ import annotations

import shutil

import pytest

from tests.browser.conftest import NOW, LiveServer
from tests.browser.test_staff import assert_no_violations, log_in
from tests.conftest import ROOT
from tests.formdefs.xlsform.conftest import DATA
from tests.staff.conftest import SEED_FORMS, create_staff
from tests.staff.editor.conftest import seed_store

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(make_app, frozen_clock, tmp_path):
    forms = tmp_path / "staff-forms"
    forms.mkdir()
    for name in SEED_FORMS:
        shutil.copy(ROOT / "forms" / name, forms / name)
    frozen_clock(NOW)
    app = make_app(FORMS_DIR=str(forms))
    seed_store(app)
    create_staff(app)
    with LiveServer(app) as server:
        yield server


def test_axe_on_the_xlsform_pages(live_server, page):
    log_in(page)
    for path, what in (("/staff/skemaer/regneark", "new from a workbook"),
                       ("/staff/skemaer/netvaerksmesse/regneark", "a form's workbook")):
        page.goto(path)
        assert_no_violations(page, what)
    page.goto("/staff/skemaer/regneark")
    page.get_by_role("button", name="Opret skemaet").click()
    assert page.locator(".form-error-message").count() == 1
    assert_no_violations(page, "no file chosen")
    page.get_by_label("Regneark (.xlsx)").set_input_files(str(DATA / "broken.xlsx"))
    page.get_by_role("button", name="Opret skemaet").click()
    assert page.locator(".alert-error li").count() >= 6
    assert_no_violations(page, "upload report")
