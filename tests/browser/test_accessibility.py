"""axe-core finds no WCAG 2.1 A/AA violation on any public page, in any state a person meets.

axe.min.js comes from the axe-playwright-python package on disk; the browser fixtures abort
and report any request that leaves the test server, so no CDN copy can sneak in.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from axe_playwright_python.base import AXE_FILE_PATH
from axe_playwright_python.sync_playwright import Axe

from intake import clock
from tests.browser.keyboard import press_and_wait, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.markup_only]

WCAG21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
SLUGS = ("samarbejdsgruppe", "netvaerksmesse", "ivaerksaetterfredag")
AXE = Axe()

# Enough to pass validation in each form, typed straight into the fields (axe tests are about
# the resulting pages; the keyboard journey itself is in test_public_forms.py).
GOOD_ANSWERS = {
    "samarbejdsgruppe": {
        "radio": {"gruppe": "baeredygtige", "sektor": "erhverv"},
        "select": {"rolle": "baeredygtige-industri"},
        "fill": {"navn": "Anne Industri", "stilling": "Direktør", "organisation": "Fabrikken A/S",
                 "cvr": "13748136", "email": "anne@fabrikken.dk", "telefon": "20304050",
                 "motivation": "Grøn omstilling."},
    },
    "netvaerksmesse": {
        "fill": {"firmanavn": "Tømrer Jensen", "cvr": "13748136", "postnummer": "7130",
                 "deltagere-0-navn": "Per Jensen", "deltagere-0-email": "per@jensen.dk",
                 "telefon": "75757575", "kontakt_email": "kontor@jensen.dk"},
    },
    "ivaerksaetterfredag": {
        "check": ["datoer-0", "datoer-2"],
        "radio": {"har_cvr": "nej"},
        "fill": {"navn": "Ida Start", "virksomhed": "Startup", "email": "ida@start.dk",
                 "telefon": "22334455"},
    },
}


@pytest.fixture(params=[375, 1280], ids=["375px", "1280px"])
def page(make_page, request):
    """Every page of this file is checked on a phone and on a desktop screen."""
    return make_page(viewport={"width": request.param, "height": 900})


def assert_no_violations(page, what: str) -> None:
    results = AXE.run(page, options=WCAG21_AA)
    assert results.violations_count == 0, f"{what} ({page.url}):\n{results.generate_report()}"


def sign_up(page, slug: str) -> None:
    page.goto(f"/f/{slug}")
    answers = GOOD_ANSWERS[slug]
    for key in answers.get("check", []):
        page.check(f"#{key}")
    for name, value in answers.get("radio", {}).items():
        page.check(f'input[name="{name}"][value="{value}"]')
    for key, value in answers.get("select", {}).items():
        page.select_option(f"#{key}", value)
    for key, value in answers.get("fill", {}).items():
        page.fill(f"#{key}", value)
    with page.expect_navigation():
        page.click("form.signup-form button[type=submit]")
    assert "/kvittering/" in page.url, page.locator("#error-summary").all_inner_texts()


def submit_empty(page) -> None:
    with page.expect_navigation():
        page.click("form.signup-form button[type=submit]")
    assert page.locator("#error-summary").is_visible()


def test_axe_comes_from_the_installed_package():
    assert AXE_FILE_PATH.is_file() and AXE_FILE_PATH.stat().st_size > 100_000
    assert AXE.axe_script.startswith("/*! axe v4"), "the bundled axe-core, not a download"


@pytest.mark.parametrize("slug", SLUGS)
def test_form_empty_with_errors_and_receipt(page, slug):
    page.goto(f"/f/{slug}")
    assert_no_violations(page, f"{slug}, empty")
    submit_empty(page)
    assert_no_violations(page, f"{slug}, with errors")
    sign_up(page, slug)
    assert_no_violations(page, f"{slug}, receipt")


@pytest.mark.parametrize("slug", SLUGS)
def test_english_form(page, slug):
    page.goto(f"/f/{slug}")
    tab_to(page, "a[hreflang=en]")
    press_and_wait(page, "Enter")
    assert page.get_attribute("html", "lang") == "en"
    assert page.url.endswith(f"/f/{slug}")
    if slug == "netvaerksmesse":
        assert page.locator("fieldset.repeat button").inner_text() == "Add one more"
    assert_no_violations(page, f"{slug} in English, empty")
    submit_empty(page)
    assert_no_violations(page, f"{slug} in English, with errors")


def test_form_without_javascript(page):
    """axe itself needs JavaScript (it waits on timers), so here only the site's script is
    withheld, which is what a visitor without JavaScript gets from this service."""
    page.route("**/static/js/forms*.js", lambda route: route.fulfill(status=404, body=""))
    page.goto("/f/samarbejdsgruppe")
    assert page.get_attribute("html", "class") is None
    assert page.locator("#cond-cvr").is_visible()
    assert_no_violations(page, "samarbejdsgruppe without JavaScript, empty")
    submit_empty(page)
    assert_no_violations(page, "samarbejdsgruppe without JavaScript, with errors")


def test_form_with_show_if_fields_shown(page):
    page.goto("/f/samarbejdsgruppe")
    page.check('input[name="gruppe"][value="rammer"]')
    page.check('input[name="sektor"][value="erhverv"]')
    page.select_option("#rolle", "andet")
    assert page.locator("#rolle_andet").is_visible() and page.locator("#cvr").is_visible()
    assert_no_violations(page, "samarbejdsgruppe with CVR and 'Andet' shown")


OTHER_PAGES = {
    "/": 200, "/privatliv": 200, "/tilgaengelighed": 200, "/f/netvaerksmesse/privatliv": 200,
    "/f/findes-ikke": 404, "/findes/heller/ikke": 404, "/f/netvaerksmesse/send-bekraeftelse": 200,
}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_other_pages(page, lang):
    """The index, privacy, accessibility statement and 404 pages, reported together, in Danish
    and in English."""
    page.goto(f"/sprog/{lang}")
    reports = []
    for path, status in OTHER_PAGES.items():
        assert page.goto(path).status == status, path
        assert page.get_attribute("html", "lang") == lang, path
        results = AXE.run(page, options=WCAG21_AA)
        if results.violations_count:
            reports.append(f"{path}:\n{results.generate_report()}")
    assert not reports, "\n\n".join(reports)


def test_closed_and_not_yet_open_form_pages(page):
    clock.set_frozen(datetime(2027, 10, 7, 12, 30, tzinfo=clock.LOCAL))
    page.goto("/f/netvaerksmesse")
    assert "Tilmeldingen er lukket" in page.locator("main").inner_text()
    assert page.locator("form.signup-form").count() == 0
    assert_no_violations(page, "closed form")
    page.goto("/")
    assert_no_violations(page, "index with a closed form")
    clock.set_frozen(datetime(2025, 6, 1, 12, tzinfo=clock.LOCAL))
    page.goto("/f/samarbejdsgruppe")
    assert "endnu ikke åben" in page.locator("main").inner_text()
    assert_no_violations(page, "form not yet open")


def test_cancel_pages(page, live_server):
    sign_up(page, "samarbejdsgruppe")
    reference = page.locator(".reference").inner_text().strip()
    with live_server.app.app_context():
        from intake.signups import service

        token = service.cancel_token(service.find_by_reference(reference))
    page.goto(f"/min-tilmelding/{token}/ret")  # Min tilmelding: the change form
    assert_no_violations(page, "min tilmelding: change")
    page.goto("/min-tilmelding")  # "Har du mistet din bekræftelse?"
    assert_no_violations(page, "min tilmelding: lost")
    page.fill("#email", "person@firma.dk")
    press_and_wait(page, "Enter")
    assert_no_violations(page, "min tilmelding: lost, sent")
    page.goto(f"/afmeld/{token}")  # an old mail's link leads to Min tilmelding
    assert_no_violations(page, "cancel: asking")
    tab_to(page, "main form button[type=submit]")
    press_and_wait(page, "Enter")
    assert reference in page.locator("[role=status]").inner_text()
    assert_no_violations(page, "cancel: done")
    page.goto("/min-tilmelding/ikke-et-gyldigt-token")
    assert_no_violations(page, "cancel: bad link")


def test_option_descriptions_are_read_with_their_option(page):
    """A screen reader moving through the groups hears each group's description,
    not just its name."""
    page.goto("/f/samarbejdsgruppe")
    for radio in page.locator('input[name="gruppe"]').all():
        described = radio.get_attribute("aria-describedby")
        assert described == f"desc-{radio.get_attribute('id')}"
        assert "Gruppen samler" in page.locator(f"#{described}").inner_text()


AUTOCOMPLETE = {
    "samarbejdsgruppe": {
        "navn": "name",
        "stilling": "organization-title",
        "organisation": "organization",
        "cvr": None,
        "email": "email",
        "telefon": "tel",
    },
    "netvaerksmesse": {
        "firmanavn": "organization",
        "postnummer": "postal-code",
        "deltagere-0-navn": "name",
        "deltagere-0-email": "email",
        "deltagere-1-navn": None,
        "deltagere-1-email": None,
        "deltagere-2-email": None,
        "telefon": "tel",
        "kontakt_email": "email",
    },
    "ivaerksaetterfredag": {
        "navn": "name",
        "virksomhed": "organization",
        "email": "email",
        "telefon": "tel",
        "startdato": None,
    },
}


@pytest.mark.parametrize("slug", SLUGS)
def test_autocomplete_tokens(page, slug):
    """The visitor's own details are autofillable; other participants' rows are not."""
    page.goto(f"/f/{slug}")
    found = {key: page.get_attribute(f"#{key}", "autocomplete") for key in AUTOCOMPLETE[slug]}
    assert found == AUTOCOMPLETE[slug]


FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  return {el: el.outerHTML.slice(0, 80),
          outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2};
}"""


@pytest.mark.parametrize("slug", ["samarbejdsgruppe", "netvaerksmesse"])
def test_focus_is_always_visible(page, slug):
    """Every stop in the tab order, from the skip link to the footer, shows a focus outline."""
    page.goto(f"/f/{slug}")
    seen = 0
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
        style = page.evaluate(FOCUS_STYLE)
        assert style["outline"], f"no visible focus on {style['el']}"
        seen += 1
    assert seen > 10
