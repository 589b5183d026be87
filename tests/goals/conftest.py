"""Goal staff fixtures: an app with only the follow-up form, a logged-in staff client."""

from __future__ import annotations

from datetime import datetime

import pytest

from intake.clock import LOCAL
from tests.staff.conftest import create_staff, log_in
from tests.support.goals import forms_dir, seed

# Staff sessions end after 30 idle minutes, so the clock is frozen before logging in.
NOW = datetime(2027, 9, 1, 10, 0, tzinfo=LOCAL)


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(FORMS_DIR=str(forms_dir(tmp_path)))


@pytest.fixture
def now(frozen_clock):
    frozen_clock(NOW)
    return NOW


def login(app):
    client = app.test_client()
    response = log_in(client)
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


@pytest.fixture
def staff(app, now):
    create_staff(app)
    return login(app)


@pytest.fixture
def seeded(app):
    return seed(app)
