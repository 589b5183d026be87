"""Goal staff fixtures: an app with only the follow-up form, a logged-in staff client."""

from __future__ import annotations

import pytest

from tests.staff.conftest import create_staff
from tests.support.goals import STAFF_NOW as NOW
from tests.support.goals import forms_dir, login, seed


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(FORMS_DIR=str(forms_dir(tmp_path)))


@pytest.fixture
def now(frozen_clock):
    frozen_clock(NOW)
    return NOW


@pytest.fixture
def staff(app, now):
    create_staff(app)
    return login(app)


@pytest.fixture
def seeded(app):
    return seed(app)
