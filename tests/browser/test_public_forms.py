"""A person fills each seed form with the keyboard alone, meets an error, fixes it and signs up.

Also: show_if fields and filtered options react live with JavaScript, the repeat's
"Tilføj én mere" button, a complete sign-up with JavaScript switched off, and a phone-sized
screen that never scrolls sideways.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import MOBILE
from tests.browser.keyboard import (
    choose_option,
    choose_radio,
    is_focused,
    option_values,
    press_and_wait,
    tab_to,
    tick,
    type_date,
    type_into,
)

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"^[A-Z0-9-]{4,16}$")
SCREENS = Path("/tmp/screens")


def submit_by_button(page) -> None:
    tab_to(page, "form.signup-form button[type=submit]")
    press_and_wait(page, "Enter")


def assert_error_summary_focused(
    page, field_id: str, message: str, at_field: str | None = None
) -> None:
    """The summary has focus and links to the field;
    the message (or `at_field`) sits at the field."""
    assert page.title().startswith("Fejl: ")
    assert is_focused(page, "#error-summary"), "the error summary should take focus"
    link = page.locator(f'#error-summary a[href="#{field_id}"]')
    assert message in link.inner_text()
    assert (at_field or message) in page.locator(f"#err-{field_id}").inner_text()
    described = page.get_attribute(f"#{field_id}", "aria-describedby") or ""
    assert f"err-{field_id}" in described.split()
    assert page.get_attribute(f"#{field_id}", "aria-invalid") == "true"


def follow_summary_link(page, field_id: str) -> None:
    """From the focused summary, Tab to the field's link and press Enter:
    focus lands in the field."""
    tab_to(page, f'#error-summary a[href="#{field_id}"]')
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(id) => document.activeElement && document.activeElement.id === id", arg=field_id
    )
    label_top = page.evaluate(
        f"document.querySelector('label[for={field_id}]').getBoundingClientRect().top"
    )
    assert 0 <= label_top < page.viewport_size["height"], "the field's label scrolls into view too"


def assert_receipt(page) -> str:
    assert page.locator("h1").inner_text() == "Tak for din tilmelding"
    assert "/kvittering/" in page.url
    reference = page.locator(".reference").inner_text().strip()
    assert REFERENCE.match(reference), reference
    assert reference in page.locator("[role=status]").inner_text()
    assert not page.errors, page.errors
    return reference


def visible(page, selector: str) -> bool:
    return page.locator(selector).is_visible()


def test_samarbejdsgruppe_by_keyboard(page):
    page.goto("/f/samarbejdsgruppe")
    assert not visible(page, "#wrap-cvr"), "CVR is only asked once a sector is chosen"
    assert option_values(page, "#rolle") == ["andet"]

    choose_radio(page, "gruppe", "erhvervsliv")
    choose_radio(page, "sektor", "kommune")
    assert not visible(page, "#wrap-cvr"), "the municipality has no CVR to give"
    assert option_values(page, "#rolle") == [
        "erhvervsliv-vaekst-klima", "erhvervsliv-hedensted-erhverv", "andet",
    ]
    choose_radio(page, "sektor", "andre")  # arrow keys within the same group
    assert visible(page, "#wrap-cvr"), "other actors may give a CVR number"
    assert page.get_attribute("#cvr", "aria-required") is None
    choose_radio(page, "sektor", "erhverv")
    assert visible(page, "#wrap-cvr")
    assert "(skal udfyldes ved «Erhverv»)" in page.locator("label[for=cvr]").inner_text()
    assert page.get_attribute("#cvr", "aria-required") == "true"
    assert not visible(page, "#cond-cvr"), "the no-JavaScript hint is not needed with JavaScript"
    roles = option_values(page, "#rolle")
    assert "erhvervsliv-webshop" in roles and "erhvervsliv-vaekst-klima" not in roles
    assert all(r.startswith("erhvervsliv-") for r in roles if r != "andet")

    choose_option(page, "#rolle", "andet")
    assert visible(page, "#wrap-rolle_andet")
    choose_option(page, "#rolle", "erhvervsliv-webshop")
    assert not visible(page, "#wrap-rolle_andet")

    type_into(page, "#navn", "Mette Frederiksen Hansen")
    type_into(page, "#stilling", "Indehaver")
    type_into(page, "#organisation", "Webshoppen ApS")
    type_into(page, "#cvr", "24256791")  # fails the CVR check digit
    type_into(page, "#email", "mette@webshoppen.dk")
    type_into(page, "#telefon", "20 30 40 50")
    type_into(page, "#motivation", "Vi vil gerne dele erfaringer med e-handel.")
    submit_by_button(page)

    assert_error_summary_focused(page, "cvr", "CVR-nummeret er ikke gyldigt")
    assert page.input_value("#navn") == "Mette Frederiksen Hansen", "typed answers stay"
    assert page.input_value("#rolle") == "erhvervsliv-webshop"
    assert visible(page, "#wrap-cvr")
    follow_summary_link(page, "cvr")
    type_into(page, "#cvr", "DK 13 74 81 36", replace=True)
    submit_by_button(page)

    assert_receipt(page)
    assert "Din plads er bekræftet" in page.locator("[role=status]").inner_text()
    answers = page.locator(".answers").inner_text()
    assert "13748136" in answers and "Det gode erhvervsliv" in answers and "20 30 40 50" in answers


def test_netvaerksmesse_by_keyboard_with_add_one_more(page):
    page.goto("/f/netvaerksmesse")
    assert not visible(page, "#deltagere-1-navn"), "unused participant rows wait behind the button"
    add = "fieldset.repeat button"
    assert page.locator(add).inner_text() == "Tilføj én mere"

    type_into(page, "#firmanavn", "Smed Hansen ApS")
    type_into(page, "#cvr", "13748136")
    type_into(page, "#postnummer", "8000")  # Aarhus: not in Hedensted Kommune
    type_into(page, "#deltagere-0-navn", "Ole Smed")
    type_into(page, "#deltagere-0-email", "ole@smed.dk")
    tab_to(page, add)
    page.keyboard.press("Enter")
    assert is_focused(page, "#deltagere-1-navn"), "the new row takes focus"
    page.keyboard.type("Lise Smed")
    type_into(page, "#deltagere-1-email", "lise(at)smed.dk")
    tab_to(page, add)
    page.keyboard.press("Space")
    assert is_focused(page, "#deltagere-2-navn")
    assert page.locator(add).count() == 0, "no button once every row is shown"
    tick(page, "#netvaerk-0")
    tick(page, "#netvaerk-2")
    type_into(page, "#branche", "Metal")
    type_into(page, "#telefon", "+45 75 89 00 00")
    type_into(page, "#kontakt_email", "kontor@smed.dk")
    press_and_wait(page, "Enter")  # implicit submission from a text field

    # Round 1: the participant's e-mail. The summary names the row, the message sits at the field.
    assert_error_summary_focused(
        page,
        "deltagere-1-email",
        "Nr. 2, E-mail: Skriv en gyldig e-mailadresse",
        at_field="Skriv en gyldig e-mailadresse",
    )
    assert page.input_value("#deltagere-1-navn") == "Lise Smed"
    assert visible(page, "#deltagere-1-navn"), "a filled row stays visible after an error"
    assert not visible(page, "#deltagere-2-navn"), "an empty row hides again"
    assert page.is_checked("#netvaerk-2")
    follow_summary_link(page, "deltagere-1-email")
    type_into(page, "#deltagere-1-email", "lise@smed.dk", replace=True)
    press_and_wait(page, "Enter")

    # Round 2: once every answer is well-formed, the postcode must be in Hedensted Kommune.
    assert_error_summary_focused(
        page, "postnummer", "Netværksmessen er for virksomheder i Hedensted Kommune"
    )
    follow_summary_link(page, "postnummer")
    type_into(page, "#postnummer", "8722", replace=True)
    press_and_wait(page, "Enter")

    assert_receipt(page)
    answers = page.locator(".answers").inner_text()
    assert "Ole Smed" in answers and "Lise Smed" in answers and "8722 Hedensted" in answers


def test_ivaerksaetterfredag_by_keyboard(page):
    page.goto("/f/ivaerksaetterfredag")
    assert not visible(page, "#wrap-cvr") and not visible(page, "#wrap-startdato")

    tick(page, "#datoer-0")
    tick(page, "#datoer-1")
    type_into(page, "#navn", "Sara Iværksætter")
    type_into(page, "#virksomhed", "Idéværkstedet")
    choose_radio(page, "har_cvr", "ja")
    assert visible(page, "#wrap-cvr") and visible(page, "#wrap-startdato")
    choose_radio(page, "har_cvr", "nej")
    assert not visible(page, "#wrap-cvr") and not visible(page, "#wrap-startdato")
    choose_radio(page, "har_cvr", "ja")
    type_into(page, "#cvr", "13748136")
    type_date(page, "#startdato", "2020-01-01")  # more than 5 years before the chosen Fridays
    type_into(page, "#email", "sara@idevaerkstedet.dk")
    type_into(page, "#telefon", "0045 22 33 44 55")
    type_into(page, "#emne", "Finansiering")
    submit_by_button(page)

    assert_error_summary_focused(page, "startdato", "under 5 år gamle")
    assert page.is_checked("#datoer-1")
    follow_summary_link(page, "startdato")
    type_date(page, "#startdato", "2024-03-01", focus=False)
    submit_by_button(page)

    assert_receipt(page)
    dates = page.locator("main ul").first.inner_text()
    assert "fredag 2. april 2027" in dates and "fredag 7. maj 2027" in dates
    assert "Rugekassen" in dates


def test_signup_without_javascript(make_page):
    """Every field is there with its 'only if' hint; the server decides what applies."""
    page = make_page(java_script_enabled=False)
    page.goto("/f/samarbejdsgruppe")
    assert "js" not in (page.get_attribute("html", "class") or "")
    assert visible(page, "#wrap-cvr") and visible(page, "#wrap-rolle_andet")
    assert "Besvares kun, hvis du har svaret" in page.locator("#cond-cvr").inner_text()
    assert "«Erhverv»" in page.locator("#cond-cvr").inner_text()
    assert "cond-cvr" in page.get_attribute("#cvr", "aria-describedby").split()
    assert len(option_values(page, "#rolle")) > 50, "without JavaScript every role is offered"
    assert page.locator("fieldset.repeat button").count() == 0

    choose_radio(page, "gruppe", "baeredygtige")
    choose_radio(page, "sektor", "andre")
    choose_option(page, "#rolle", "rammer-bra")  # belongs to another group: the server says so
    type_into(page, "#navn", "Jens Forsyning")
    type_into(page, "#stilling", "Direktør")
    type_into(page, "#organisation", "Hedensted Forsyning")
    type_into(page, "#email", "jens@forsyning.dk")
    type_into(page, "#telefon", "75 89 00 00")
    type_into(page, "#motivation", "Vand og klima.")
    submit_by_button(page)

    assert "passer ikke til dine andre svar" in page.locator("#err-rolle").inner_text()
    assert page.locator('#error-summary a[href="#rolle"]').count() == 1
    choose_option(page, "#rolle", "baeredygtige-forsyningsselskab")
    submit_by_button(page)
    assert_receipt(page)
    assert "CVR" not in page.locator(".answers").inner_text(), "CVR may stay empty for other actors"


def test_mobile_width_never_scrolls_sideways(make_page):
    page = make_page(viewport=MOBILE, is_mobile=True, has_touch=True)
    SCREENS.mkdir(exist_ok=True)
    for slug in ("samarbejdsgruppe", "netvaerksmesse", "ivaerksaetterfredag"):
        page.goto(f"/f/{slug}")
        assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"], slug
        page.screenshot(path=str(SCREENS / f"{slug}-mobile.png"), full_page=True)
        tab_to(page, "form.signup-form button[type=submit]")
        press_and_wait(page, "Enter")
        assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"], (
            f"{slug} with errors"
        )
        page.screenshot(path=str(SCREENS / f"{slug}-mobile-errors.png"), full_page=True)
    for path in ("/", "/privatliv", "/tilgaengelighed"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"], path

    page.goto("/f/ivaerksaetterfredag")  # a receipt with a long unbroken e-mail address
    tick(page, "#datoer-0")
    type_into(page, "#navn", "Kristoffer Wolfgang Vestergaard-Rasmussen")
    type_into(page, "#virksomhed", "Vestergaard-Rasmussen Innovationsrådgivning")
    choose_radio(page, "har_cvr", "nej")
    type_into(page, "#email", "kristoffer.wolfgang.vestergaard-rasmussen@innovationsraadgivning.dk")
    type_into(page, "#telefon", "22334455")
    submit_by_button(page)
    assert_receipt(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"], "receipt"
