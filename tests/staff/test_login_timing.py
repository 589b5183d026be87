"""Whether a staff account exists does not show in the time a failed login takes (issue 9
§5): an unknown e-mail is checked against a dummy argon2 hash of the same parameters, and
both failures write the same throttle rows. Timing is a ratio of medians from one run,
the two sides interleaved (tests/support/timing.py), never an absolute time."""

from __future__ import annotations

import pytest

from tests.conftest import open_form
from tests.staff.conftest import STAFF_EMAIL, create_staff
from tests.support.timing import same_time


@pytest.fixture
def app(make_app):
    # Throttling would answer 429 (and skip the hash) long before the measurement ends.
    return make_app(STAFF_LOGIN_MAX_PER_ACCOUNT=100000, STAFF_LOGIN_MAX_PER_IP=100000)


def test_unknown_and_known_e_mails_fail_in_the_same_time(app):
    create_staff(app)
    client = app.test_client()
    form = open_form(client, "/staff/login")

    def fail(email: str):
        form.fill(email=email, password="forkert adgangskode, helt sikkert")
        response = client.post("/staff/login", data=form.data())
        assert response.status_code == 200
        assert "E-mail eller adgangskode er forkert." in response.get_data(as_text=True)

    timing = same_time(lambda: fail("ukendt@hedensted.dk"), lambda: fail(STAFF_EMAIL), rounds=40)
    assert timing.within, f"unknown/known: {timing}"
