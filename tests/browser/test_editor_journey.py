"""Issue 12 §5: a staff member with only the keyboard clones the network fair for next
year, changes its date, adds a question with a show_if, previews and publishes; a member of
the public then signs up, and the staff workbook has the new column."""

from __future__ import annotations

import openpyxl
import pytest

from tests.browser.keyboard import choose_option, press_and_wait, tab_to, tick, type_date, type_into
from tests.browser.test_editor_accessibility import editor_server
from tests.staff.conftest import STAFF_EMAIL, STAFF_PASSWORD

pytestmark = pytest.mark.browser
NEW = "/staff/skemaer/netvaerksmesse-2028"
QUESTION = "Hvilken branche?"


@pytest.fixture
def live_server(make_app, frozen_clock, tmp_path):
    yield from editor_server(make_app, frozen_clock, tmp_path)


def follow(page, selector: str) -> None:
    """Tab to a link or button and press Enter, as a keyboard user does."""
    tab_to(page, selector)
    press_and_wait(page, "Enter")


def staff_journey(page) -> None:
    page.goto("/staff/login")
    type_into(page, "#email", STAFF_EMAIL)
    type_into(page, "#password", STAFF_PASSWORD)
    press_and_wait(page, "Enter")
    follow(page, 'nav a[href="/staff/skemaer"]')
    follow(page, 'a[href="/staff/skemaer/netvaerksmesse/kopi"]')
    assert page.input_value("#slug") == "netvaerksmesse-2028"
    assert page.input_value("#title") == "Netværksmesse 2028 i Hedensted Centeret"
    follow(page, 'form[action="/staff/skemaer/netvaerksmesse/kopi"] button')
    page.wait_for_url(f"**{NEW}")

    # The date: one day later than the clone's (moved a year on already).
    follow(page, f'a[href="{NEW}/indstillinger/generelt"]')
    follow(page, f'a[href="{NEW}/indstillinger/datoer"]')
    assert page.input_value("#e0-date") == "2028-10-08"
    tab_to(page, "#e0-date")
    page.keyboard.press("Control+A")
    type_date(page, "#e0-date", "2028-10-09", focus=False)
    follow(page, 'button[name="action"][value="save"]')
    assert page.input_value("#e0-date") == "2028-10-09"

    # A new question, shown only to those who want a network by trade.
    follow(page, f'nav a[href="{NEW}"]')
    choose_option(page, "#type", "text")
    type_into(page, "#label", QUESTION)
    press_and_wait(page, "Enter")
    page.wait_for_url("**/felter/hvilken_branche")
    follow(page, 'a[href$="/felter/hvilken_branche/show_if"]')
    choose_option(page, "#felt", "netvaerk")
    follow(page, 'form[method="get"] button[type="submit"]')  # "Vælg feltet"
    tick(page, 'input[name="values"][value="brancheopdelt"]')
    follow(page, "main button.button-primary")  # "Gem betingelsen"
    assert "netvaerk er brancheopdelt" in page.content()

    follow(page, f'a[href="{NEW}/forhaandsvisning"]')
    assert page.get_by_text("Forhåndsvisning", exact=True).is_visible()
    assert page.get_by_text(QUESTION).count() == 1
    follow(page, f'a[href="{NEW}"]')
    assert "Ingen fejl. Skemaet kan offentliggøres." in page.content()
    follow(page, f'a[href="{NEW}/offentliggoer"]')
    follow(page, f'form[action="{NEW}/offentliggoer"] button')
    assert "Version 1 er offentliggjort." in page.content()


def public_signup(page) -> None:
    page.goto("/f/netvaerksmesse-2028")
    assert "2028" in page.title()
    for name, value in {
        "firmanavn": "Tømrer Jensen",
        "cvr": "13748136",
        "postnummer": "7130",
        "deltagere-0-navn": "Per Jensen",
        "deltagere-0-email": "per@jensen.dk",
        "telefon": "75757575",
        "kontakt_email": "kontor@jensen.dk",
    }.items():
        page.fill(f'[name="{name}"]', value)
    page.check('input[name="netvaerk"][value="brancheopdelt"]')
    page.fill('[name="hvilken_branche"]', "Byggeri")
    page.get_by_role("button", name="Send tilmelding").click()
    page.wait_for_url("**/kvittering/**")


def test_clone_change_add_preview_publish_then_a_public_signup(live_server, make_page, tmp_path):
    staff = make_page()
    staff_journey(staff)
    public_signup(make_page())

    staff.goto("/staff/f/netvaerksmesse-2028/eksport")
    with staff.expect_download() as info:
        staff.get_by_role("link", name="Regneark med svarene som tekst").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    rows = list(openpyxl.load_workbook(target)["Tilmeldinger"].iter_rows(values_only=True))
    values = dict(zip(rows[0], rows[1], strict=True))
    assert values[QUESTION] == "Byggeri"
