"""The staff back office in Chromium: log in, find a sign-up, promote from the waiting list,
and axe-core (WCAG 2.1 A/AA) on every staff page at 375 and 1280 px, error states included."""

from __future__ import annotations

import re
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import NOW, LiveServer
from tests.conftest import ROOT
from tests.staff.conftest import (
    SEED_FORMS,
    STAFF_EMAIL,
    STAFF_PASSWORD,
    add_signup,
    create_staff,
    friday_answers,
    group_answers,
)

pytestmark = pytest.mark.browser

WCAG21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
AXE = Axe()
LOGIN_WITH_NEXT = re.compile(r".*/staff/login\?next=/staff/.+")


@pytest.fixture
def live_server(make_app, frozen_clock, tmp_path):
    """The three seed forms, one staff account, served over real HTTP."""
    forms = tmp_path / "staff-forms"
    forms.mkdir()
    for name in SEED_FORMS:
        shutil.copy(ROOT / "forms" / name, forms / name)
    frozen_clock(NOW)
    app = make_app(FORMS_DIR=str(forms))
    create_staff(app)
    with LiveServer(app) as server:
        yield server


def script_errors(page) -> list[str]:
    """Errors from scripts; a page that shows a refused form answers 400/409 on purpose."""
    expected = re.compile(r"Failed to load resource: the server responded with a status of 40[09]")
    return [e for e in page.errors if not expected.search(e)]


def assert_no_violations(page, what: str) -> None:
    results = AXE.run(page, options=WCAG21_AA)
    assert results.violations_count == 0, f"{what} ({page.url}):\n{results.generate_report()}"


def log_in(page, next_path: str = "") -> None:
    page.goto("/staff/login" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("E-mail").fill(STAFF_EMAIL)
    page.get_by_label("Adgangskode").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"**{next_path or '/staff/'}")


def test_find_a_signup_and_promote_from_the_waiting_list(live_server, page):
    app = live_server.app
    for n in range(1, 13):
        add_signup(app, "samarbejdsgruppe", group_answers(n))
    waiting = add_signup(app, "samarbejdsgruppe", group_answers(13, navn="Vera Venteliste"))

    page.goto("/staff/f/samarbejdsgruppe/tilmeldinger")  # not logged in: sent to the login page
    page.wait_for_url(LOGIN_WITH_NEXT)
    page.get_by_label("E-mail").fill(STAFF_EMAIL)
    page.get_by_label("Adgangskode").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/staff/f/samarbejdsgruppe/tilmeldinger")

    page.get_by_label("Søg").fill("Vera")
    page.get_by_label("Status").select_option("waitlisted")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url(re.compile(r".*[?&]q=Vera"))
    assert page.get_by_text("1 tilmelding", exact=True).is_visible()
    page.get_by_role("link", name=waiting).click()
    page.wait_for_url(f"**/staff/t/{waiting}")
    assert page.get_by_text("Venteliste").first.is_visible()

    page.get_by_role("button", name="Ryk op fra ventelisten").click()
    page.wait_for_load_state()
    assert page.get_by_text("Der er ingen ledig plads").is_visible()  # the group is full
    page.get_by_label("Ryk op, selv om der er fuldt").check()
    page.get_by_role("button", name="Ryk op fra ventelisten").click()
    page.get_by_text("pladsen markeres som over kapacitet").wait_for()  # confirmation first
    page.get_by_role("button", name="Ja, ryk op").click()
    page.wait_for_url(f"**/staff/t/{waiting}")
    assert page.get_by_text("Personen er rykket op fra ventelisten").is_visible()
    assert page.get_by_text("Over kapacitet").first.is_visible()
    assert page.get_by_role("cell", name="Du har fået en plads", exact=False).count() == 1

    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url("**/staff/login")
    page.goto(f"/staff/t/{waiting}")
    page.wait_for_url(LOGIN_WITH_NEXT)
    assert script_errors(page) == []


@pytest.mark.markup_only
@pytest.mark.parametrize("width", [375, 1280])
def test_axe_on_every_staff_page(live_server, make_page, width):
    page = make_page(viewport={"width": width, "height": 900})
    app = live_server.app
    for n in range(1, 14):
        add_signup(
            app, "samarbejdsgruppe", group_answers(n, sektor=["kommune", "erhverv", "andre"][n % 3])
        )
    friday = add_signup(
        app, "ivaerksaetterfredag", friday_answers(1, dates=["2027-04-02", "2027-05-07"])
    )
    waiting = add_signup(app, "samarbejdsgruppe", group_answers(14))

    page.goto("/staff/login")
    assert_no_violations(page, "login")
    page.get_by_role("button", name="Log ind").click()  # empty: errors at the fields
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    assert_no_violations(page, "login with errors")
    log_in(page)

    pages = [
        ("/staff/", "dashboard"),
        ("/staff/f/", "forms"),
        ("/staff/f/samarbejdsgruppe/", "form overview"),
        ("/staff/f/ivaerksaetterfredag/", "dates overview"),
        ("/staff/f/samarbejdsgruppe/tilmeldinger", "list"),
        ("/staff/f/samarbejdsgruppe/tilmeldinger?q=ingen+findes", "empty list"),
        (f"/staff/t/{waiting}", "waiting sign-up"),
        (f"/staff/t/{friday}", "sign-up with dates"),
        ("/staff/f/samarbejdsgruppe/grupper", "seat map"),
        ("/staff/f/samarbejdsgruppe/ny", "add by hand"),
        ("/staff/post/", "mail log"),
        ("/staff/post/1", "mail"),
        ("/staff/log/", "audit log"),
        ("/staff/konti/", "accounts"),
        ("/staff/konti/ny", "new account"),
        ("/staff/konti/1", "account"),
        ("/staff/min-adgangskode", "own password"),
    ]
    for path, what in pages:
        page.goto(path)
        assert_no_violations(page, what)

    page.goto("/staff/f/samarbejdsgruppe/")
    page.locator("#cap-option-rammer-seats").fill("-1")
    page.locator("#cap-option-rammer-seats").press("Enter")
    page.wait_for_load_state()
    assert page.locator("#err-cap-option-rammer-seats").is_visible()
    assert_no_violations(page, "capacity error")

    page.goto("/staff/f/samarbejdsgruppe/ny")
    page.get_by_role("button", name="Opret tilmeldingen").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    assert_no_violations(page, "add by hand with errors")

    page.goto(f"/staff/t/{waiting}")
    page.get_by_role("button", name="Flyt").click()
    page.wait_for_load_state()
    assert_no_violations(page, "move error")
    assert script_errors(page) == []

    _axe_on_the_group_pages(app, page)

    # last: the 422 answer is logged by the browser as a failed resource
    page.goto("/staff/konti/ny")
    page.get_by_role("button", name="Opret og send link").click()
    page.wait_for_load_state()
    assert page.locator(".form-error-message").first.is_visible()
    assert_no_violations(page, "new account with errors")


def _axe_on_the_group_pages(app, page) -> None:
    """Samarbejdsgrupper: the list, a group with members, one awaiting approval (and its
    decline form's error), the roster and the end-membership confirmation."""
    from intake.extensions import db
    from intake.formdefs.registry import current_registry
    from intake.signups import approval

    with app.app_context():
        approval.set_required(current_registry().get("samarbejdsgruppe"), "option:rammer", True)
        db.session.commit()
    add_signup(app, "samarbejdsgruppe", group_answers(
        20, gruppe="rammer", rolle="andet", rolle_andet="Formand"))
    for path, what in [("/staff/grupper/", "groups"), ("/staff/grupper/rammer/", "a group"),
                       ("/staff/grupper/erhvervsliv/deltagerliste", "roster")]:
        page.goto(path)
        assert_no_violations(page, what)
    page.goto("/staff/grupper/rammer/")
    page.get_by_role("button", name="Afvis Person 20").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    assert_no_violations(page, "decline without a reason")
    page.goto("/staff/grupper/erhvervsliv/")
    page.get_by_role("button", name="Afslut medlemskab").first.click()
    page.wait_for_load_state()
    assert_no_violations(page, "end membership confirmation")


@pytest.mark.markup_only
def test_axe_on_the_staff_pages_in_english(live_server, make_page):
    """The same pages in English at 375 and 1280 px (longer words, other labels)."""
    app = live_server.app
    for n in range(1, 14):
        add_signup(app, "samarbejdsgruppe", group_answers(n))
    ref = add_signup(app, "samarbejdsgruppe", group_answers(14))
    page = make_page(viewport={"width": 1280, "height": 900})
    log_in(page)
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    pages = [
        ("/staff/", "dashboard"),
        ("/staff/f/samarbejdsgruppe/", "form overview"),
        ("/staff/f/samarbejdsgruppe/tilmeldinger", "list"),
        (f"/staff/t/{ref}", "waiting sign-up"),
        ("/staff/f/samarbejdsgruppe/grupper", "seat map"),
        ("/staff/post/", "mail log"),
        ("/staff/log/", "audit log"),
        ("/staff/f/", "forms"),
        ("/staff/f/ivaerksaetterfredag/", "dates overview"),
        ("/staff/f/samarbejdsgruppe/ny", "add by hand"),
        ("/staff/post/1", "mail"),
        ("/staff/gdpr/", "GDPR search"),
        ("/staff/gdpr/sletninger", "deletion log"),
        ("/staff/maal/", "periods"),
        ("/staff/konti/", "accounts"),
        ("/staff/konti/ny", "new account"),
        ("/staff/konti/1", "account"),
        ("/staff/min-adgangskode", "own password"),
    ]
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for path, what in pages:
            page.goto(path)
            assert page.locator("html").get_attribute("lang") == "en"
            assert_no_violations(page, f"{what} in English at {width} px")
    assert script_errors(page) == []
