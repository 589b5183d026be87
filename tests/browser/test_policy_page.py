"""The public policy page and its skærmvisning in a real browser: axe-core finds no WCAG 2.1
A/AA violation at 375 and 1280 px in Danish and English, the screen view has no script at
all, its pause control stops the CSS animation without JavaScript, and with reduced motion
every focus area stands still, stacked."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.goals.models import Owner
from intake.rounds import answers
from intake.rounds.models import Invitation, Round
from tests.browser.conftest import NOW, LiveServer
from tests.browser.test_accessibility import assert_no_violations
from tests.browser.test_staff import log_in
from tests.publishing.conftest import policy_forms
from tests.staff.conftest import create_staff
from tests.support.goals import make_round, seed

pytestmark = [pytest.mark.browser, pytest.mark.markup_only]
CONSENT = {"given": True, "at": "2027-03-10T09:00:00+00:00", "wording": "Mit navn må vises",
           "lang": "da"}


@pytest.fixture
def live_server(make_app, frozen_clock, tmp_path):
    """A 2027 round with answers, published with a comment and a consenting owner's name."""
    frozen_clock(NOW)
    app = make_app(FORMS_DIR=str(policy_forms(tmp_path)))
    create_staff(app)
    ids = seed(app)
    round_id = make_round(app)
    with app.app_context():
        from intake.publishing import service

        def submit(email, goals, general=None):
            invitation = db.session.scalar(sa.select(Invitation).join(Owner).where(
                Owner.email == email, Invitation.round_id == round_id))
            answers.submit(invitation, {"goals": {str(k): v for k, v in goals.items()},
                                        "general": general or {}}, 2)

        submit("anne@example.dk", {ids["g1"]: {"status": "i_gang", "fremdrift": 40},
                                   ids["g2"]: {"status": "naaet", "fremdrift": 100}},
               {"navn_offentligt": CONSENT})
        submit("carl@example.dk", {ids["g3"]: {"status": "udskudt", "fremdrift": 10}})
        service.publish(db.session.get(Round, round_id), {
            ids["g1"]: service.Choice("Flere lærepladser", "Flere unge i lære i kommunen.",
                                      comment="Godt i gang med skolerne.",
                                      is_comment_shown=True, is_names_shown=True),
        }, None)
        db.session.commit()
        server_round = round_id
    with LiveServer(app) as server:
        server.round_id = server_round
        yield server


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("width", [375, 1280])
def test_axe_on_the_policy_pages(live_server, make_page, width, language):
    page = make_page(viewport={"width": width, "height": 900})
    if language == "en":
        page.goto("/sprog/en?next=/erhvervspolitik")
    for path in ("/erhvervspolitik", "/erhvervspolitik/skaerm", "/erhvervspolitik/arkiv",
                 "/erhvervspolitik/2027"):
        response = page.goto(path)
        assert response.status == 200, (path, response.status)
        assert page.locator("html").get_attribute("lang") == language
        assert_no_violations(page, f"{path} ({language}, {width} px)")
    page.goto("/erhvervspolitik")
    assert page.locator("svg#politik-status").is_visible()
    assert "Anne Andersen" in page.content()
    if width == 375:  # nothing wider than the phone but the table's own scroll region
        assert page.evaluate("document.documentElement.scrollWidth") <= 375


def _area_states(page) -> list[tuple[bool, str]]:
    return page.eval_on_selector_all(
        ".screen-area",
        "els => els.map(e => [getComputedStyle(e).visibility === 'visible', "
        "getComputedStyle(e).animationPlayState])",
    )


def test_the_screen_view_moves_without_script_and_pauses(live_server, make_page):
    page = make_page(viewport={"width": 1280, "height": 900})
    page.goto("/erhvervspolitik/skaerm")
    assert page.locator("script").count() == 0
    assert page.locator("meta[http-equiv]").count() == 0
    states = _area_states(page)
    assert len(states) == 4
    assert [visible for visible, _state in states] == [True, False, False, False]
    assert {state for _visible, state in states} == {"running"}

    page.click("label[for=screen-pause]")  # the pause control works by CSS alone
    assert page.is_checked("#screen-pause")
    assert {state for _visible, state in _area_states(page)} == {"paused"}
    page.click("label[for=screen-pause]")
    assert {state for _visible, state in _area_states(page)} == {"running"}


def test_reduced_motion_shows_every_area_still(live_server, make_page):
    page = make_page(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    page.goto("/erhvervspolitik/skaerm")
    states = _area_states(page)
    assert [visible for visible, _state in states] == [True] * 4
    assert page.eval_on_selector_all(
        ".screen-area", "els => els.map(e => getComputedStyle(e).animationName)") == ["none"] * 4
    assert not page.locator("#screen-pause").is_visible()


@pytest.mark.parametrize("width", [375, 1280])
def test_axe_on_the_staff_publication_pages(live_server, make_page, width):
    page = make_page(viewport={"width": width, "height": 900})
    url = f"/staff/maal/runder/{live_server.round_id}/offentliggoerelse"
    log_in(page, url)
    assert_no_violations(page, f"publication page ({width} px)")
    page.get_by_role("button", name="Offentliggør ændringerne").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Ja, offentliggør").is_visible()
    assert_no_violations(page, f"publish confirmation ({width} px)")
    page.goto(url)
    page.fill(f"#{page.locator('input[id$=-title]').first.get_attribute('id')}", "")
    page.get_by_role("button", name="Offentliggør ændringerne").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    assert_no_violations(page, f"publication page with errors ({width} px)")
