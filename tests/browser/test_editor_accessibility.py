"""axe-core (WCAG 2.1 A/AA) finds nothing on any form-editor page, error states included."""

from __future__ import annotations

import shutil

import pytest

from tests.browser.conftest import NOW, LiveServer
from tests.browser.test_staff import assert_no_violations, log_in
from tests.conftest import ROOT
from tests.staff.conftest import SEED_FORMS, create_staff
from tests.staff.editor.conftest import seed_store

pytestmark = [pytest.mark.browser, pytest.mark.markup_only]
FORM = "/staff/skemaer/netvaerksmesse"


def editor_server(make_app, frozen_clock, tmp_path):
    """The seed forms published in the store, one staff account with every role."""
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


@pytest.fixture
def live_server(make_app, frozen_clock, tmp_path):
    yield from editor_server(make_app, frozen_clock, tmp_path)


PAGES = (
    ("/staff/skemaer", "list"),
    ("/staff/skemaer/ny", "new form"),
    (f"{FORM}/kopi", "clone"),
    (FORM, "form"),
    (f"{FORM}/felter/firmanavn", "text field"),
    (f"{FORM}/felter/netvaerk", "multichoice field"),
    (f"{FORM}/felter/deltagere", "repeat field"),
    (f"{FORM}/felter/netvaerk/svar", "options"),
    (f"{FORM}/felter/branche/show_if?felt=netvaerk", "show_if"),
    (f"{FORM}/indstillinger/generelt", "general settings"),
    (f"{FORM}/indstillinger/kapacitet", "capacity"),
    (f"{FORM}/indstillinger/mail", "mail"),
    (f"{FORM}/indstillinger/privatliv", "privacy"),
    (f"{FORM}/indstillinger/datoer", "dates"),
    (f"{FORM}/indstillinger/betingelser", "eligibility"),
    ("/staff/skemaer/ivaerksaetterfredag/indstillinger/maanedlig", "monthly rule"),
    (f"{FORM}/forhaandsvisning", "preview"),
    (f"{FORM}/offentliggoer", "publish"),
    (f"{FORM}/historik", "history"),
)


FOLLOWUP_PAGES = (
    ("/staff/skemaer/opfoelgning", "follow-up with goal questions"),
    ("/staff/skemaer/opfoelgning/forhaandsvisning", "follow-up preview"),
)


def _add_followup(app) -> None:
    import yaml

    from intake.extensions import db
    from intake.formdefs import store

    mapping = yaml.safe_load((ROOT / "forms" / "opfoelgning.yaml").read_text(encoding="utf-8"))
    with app.app_context():
        store.create_form(mapping, by="test")
        db.session.commit()


@pytest.mark.parametrize("language", ["da", "en"])
def test_axe_on_every_editor_page(live_server, page, language):
    """Every editor page at 375 and 1280 px (issue 11), in Danish and in English."""
    _add_followup(live_server.app)
    log_in(page)
    if language == "en":
        page.get_by_role("link", name="English").click()
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for path, what in PAGES + FOLLOWUP_PAGES:
            page.goto(path)
            assert page.locator("html").get_attribute("lang") == language
            assert_no_violations(page, f"{what} ({language}, {width} px)")


def test_axe_on_error_states(live_server, page):
    log_in(page)
    page.goto(f"{FORM}/felter/branche")
    page.get_by_label("Højst antal tegn").fill("mange")
    page.get_by_label("Spørgsmål (dansk)").fill("")
    page.get_by_role("button", name="Gem", exact=True).click()
    assert page.locator(".form-error-message").count() >= 1
    assert_no_violations(page, "field with errors")
    page.goto(FORM)
    assert_no_violations(page, "form with checker report")
    page.goto(f"{FORM}/offentliggoer")
    assert_no_violations(page, "publish refused")
    page.goto("/staff/skemaer/ny")
    page.get_by_role("button", name="Opret skemaet").click()
    assert_no_violations(page, "new form with errors")
    page.goto(f"{FORM}/forhaandsvisning")
    page.get_by_role("button", name="Send tilmelding").click()
    assert_no_violations(page, "preview with errors")
