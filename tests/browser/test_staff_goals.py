"""axe-core (WCAG 2.1 A/AA) on the staff pages for goals, periods, rounds and the status page,
with a seeded period, a started round and one submitted answer."""

from __future__ import annotations

import shutil

import pytest

from tests.browser.conftest import NOW, LiveServer
from tests.browser.test_staff import assert_no_violations, log_in, script_errors
from tests.conftest import ROOT
from tests.staff.conftest import SEED_FORMS, create_staff
from tests.support.goals import make_round, seed

pytestmark = [pytest.mark.browser, pytest.mark.markup_only]


@pytest.fixture
def live_server(make_app, frozen_clock, tmp_path):
    forms = tmp_path / "goal-forms"
    forms.mkdir()
    for name in [*SEED_FORMS, "opfoelgning.yaml"]:
        shutil.copy(ROOT / "forms" / name, forms / name)
    frozen_clock(NOW)
    app = make_app(FORMS_DIR=str(forms))
    create_staff(app)
    with LiveServer(app) as server:
        yield server


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("width", [375, 1280])
def test_axe_on_the_goal_pages(live_server, make_page, width, language):
    page = make_page(viewport={"width": width, "height": 900})
    app = live_server.app
    ids = seed(app, year=2027)
    round_id = make_round(app, year=2027)
    log_in(page)
    if language == "en":
        page.goto("/sprog/en?next=/staff/")
    pages = [
        ("/staff/maal/", "periods"),
        ("/staff/maal/perioder/2027", "period with goals"),
        ("/staff/maal/perioder/2027/datoer", "cycle dates"),
        ("/staff/maal/perioder/2027/maal/ny", "new goal"),
        (f"/staff/maal/maal/{ids['g1']}", "goal with two owners"),
        ("/staff/maal/perioder/2027/import", "import"),
        ("/staff/maal/perioder/2027/runder/ny", "new round"),
        (f"/staff/maal/runder/{round_id}", "round page"),
        (f"/staff/maal/runder/{round_id}/svar", "answers side by side"),
        (f"/staff/maal/runder/{round_id}/status", "round status"),
        ("/staff/maal/perioder/2027/status", "period status"),
    ]
    for path, what in pages:
        response = page.goto(path)
        assert response.status == 200, (path, response.status)
        assert page.locator("html").get_attribute("lang") == language
        assert_no_violations(page, f"{what} ({language})")

    page.goto("/staff/maal/perioder/2027/maal/ny")
    page.locator("form button[type=submit]").last.click()  # empty: errors at the fields
    page.wait_for_load_state()
    assert page.locator("#error-summary, .form-error-message").first.is_visible()
    assert_no_violations(page, "new goal with errors")
    assert script_errors(page) == []
