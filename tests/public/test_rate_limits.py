"""A rate limit never throws away what someone typed (issue 8 §9), and a form's closing time
neither (issue 9 §3). These tests run with the real default limits, not the test config's."""

from __future__ import annotations

from datetime import datetime

import pytest

from intake.clock import LOCAL
from intake.settings import DEFAULTS
from tests.support.htmlform import RenderedForm
from tests.support.signups import (
    FAIR,
    FRIDAY,
    GROUP,
    NOW,
    fair_form,
    friday_form,
    group_form,
    post,
    signups,
)

REAL_LIMITS = {key: DEFAULTS[key] for key in
               ("SIGNUP_RATE_LIMIT", "SIGNUP_EMAIL_RATE_LIMIT", "SIGNUP_POST_RATE_LIMIT")}


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


@pytest.fixture
def app(make_app):
    return make_app(**REAL_LIMITS)


def _person_signs_up(app, n: int) -> int:
    """One person at the shared address: a mistake first (no e-mail), then the fixed form."""
    client = app.test_client()
    mistaken = post(client, GROUP, group_form(client, n, email=""))
    assert mistaken.status_code == 200, mistaken.status_code
    fixed = RenderedForm(mistaken.get_data(as_text=True))
    fixed.set("email", f"person{n}@firma{n}.dk")
    return client.post(GROUP, data=fixed.data()).status_code


def test_thirty_people_behind_one_address_all_sign_up(app):
    """A fair's Wi-Fi: 30 people, each with one mistake, within a minute, from one address."""
    statuses = [_person_signs_up(app, n) for n in range(1, 31)]
    assert statuses == [303] * 30
    assert len(signups(app)) == 30


def test_a_script_cannot_flood_a_form_and_the_refused_form_comes_back_filled_in(app):
    accepted = 0
    for n in range(1, 60):
        client = app.test_client()
        response = post(client, GROUP, group_form(client, n))
        if response.status_code != 303:
            break
        accepted += 1
    assert accepted == 40  # SIGNUP_RATE_LIMIT: 40 per 5 minutes per address and form
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "60"
    html = response.get_data(as_text=True)
    assert "Det, du skrev, står her stadig" in html
    refused = RenderedForm(html)
    assert refused.values["navn"] == [f"Person {n}"]
    assert refused.values["email"] == [f"person{n}@firma{n}.dk"]
    assert refused.values["motivation"][0].strip() == "Vi vil gerne bidrage til erhvervslivet."
    # The refused page posts back as it is once the limit allows (its CSRF token is fresh).
    assert refused.values["csrf_token"][0]
    assert len(signups(app)) == 40


def test_failed_validations_do_not_use_up_the_limit(make_app):
    app = make_app(**(REAL_LIMITS | {"SIGNUP_RATE_LIMIT": "2 per minute"}))
    client = app.test_client()
    for _ in range(10):
        assert (
            post(client, GROUP, group_form(client, 1, email="ikke-en-adresse")).status_code == 200
        )
    assert post(client, GROUP, group_form(client, 1)).status_code == 303
    assert post(client, GROUP, group_form(client, 2)).status_code == 303
    assert post(client, GROUP, group_form(client, 3)).status_code == 429


def test_junk_posts_have_a_ceiling_and_still_keep_what_was_typed(make_app):
    app = make_app(**(REAL_LIMITS | {"SIGNUP_POST_RATE_LIMIT": "3 per minute"}))
    client = app.test_client()
    statuses = [
        post(client, GROUP, group_form(client, 1, email="forkert")).status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    form = group_form(client, 7, motivation="Lang tekst, der ikke må gå tabt")
    response = post(client, GROUP, form)
    assert response.status_code == 429
    assert RenderedForm(response.get_data(as_text=True)).values["motivation"][0].strip() == (
        "Lang tekst, der ikke må gå tabt")


def test_one_address_cannot_be_signed_up_again_and_again(make_app):
    """Each sign-up mails the address; a per-address limit stops mail-bombing someone."""
    app = make_app(**(REAL_LIMITS | {"SIGNUP_EMAIL_RATE_LIMIT": "1 per hour"}))
    client = app.test_client()
    assert post(client, GROUP, group_form(client, 1, email="offer@example.dk")).status_code == 303
    response = post(client, FRIDAY, friday_form(client, 2, email="OFFER@example.dk"))
    assert response.status_code == 429
    assert RenderedForm(response.get_data(as_text=True)).values["navn"] == ["Iværksætter 2"]
    other = post(client, FRIDAY, friday_form(client, 3, email="en.anden@example.dk"))
    assert other.status_code == 303


def test_a_post_after_closing_time_gets_back_what_was_typed(app, frozen_clock):
    client = app.test_client()
    form = fair_form(client, 1)  # opened while the form was open
    frozen_clock(datetime(2027, 10, 7, 12, 1, tzinfo=LOCAL))
    response = client.post(FAIR, data=form.data())
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Tilmeldingen er lukket" in html and "ikke modtaget" in html
    assert "Firma 1 ApS" in html and "Deltager 1.1" in html and "Byggeri" in html
    assert signups(app) == []
