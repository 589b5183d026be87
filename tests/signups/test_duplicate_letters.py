""""Allerede tilmeldt" knows one address however it was typed (issue 8, part 3): letter case
and the Unicode form a Mac pastes (NFD) make no second sign-up."""

from __future__ import annotations

import unicodedata

import pytest

from intake.formdefs.registry import current_registry
from intake.signups import service
from tests.support.signups import GROUP, NOW, field_errors, group_form, post, sign_up, signups


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize("again", ["INFO@ÅBYG.DK", nfd("Info@Åbyg.dk"), nfd("INFO@ÅBYG.DK")])
def test_the_same_address_in_another_spelling_is_already_signed_up(client, app, again):
    sign_up(client, GROUP, group_form(client, 1, email="info@åbyg.dk"))
    other = app.test_client()
    response = post(other, GROUP, group_form(other, 2, email=again))
    assert response.status_code == 200
    assert "allerede tilmeldt" in field_errors(response)["email"]
    assert len(signups(app)) == 1


def test_the_service_compares_keys_not_spellings(app):
    """Also for answers that did not come through a form (staff, imports)."""
    answers = {"gruppe": "erhvervsliv", "sektor": "erhverv", "rolle": "erhvervsliv-byggeri",
               "navn": "Åse", "organisation": "Åbyg", "email": nfd("Info@Åbyg.DK")}
    with app.test_request_context():
        form = current_registry().get("samarbejdsgruppe")
        assert service.identity(form, answers)[0] == "info@åbyg.dk"
        assert service.submit(form, answers, "a" * 32).status == "created"
        again = answers | {"email": "INFO@ÅBYG.DK"}
        assert service.submit(form, again, "b" * 32).status == "already_signed_up"


def test_send_my_confirmation_again_finds_the_address_in_any_spelling(client, app):
    from intake.signups import resend

    reference = sign_up(client, GROUP, group_form(client, 1, email="info@åbyg.dk"))
    with app.app_context():
        for spelling in ("INFO@ÅBYG.DK", nfd("Info@Åbyg.dk")):
            assert [s.reference for s in resend.standing_signups("samarbejdsgruppe", spelling)] \
                == [reference]
