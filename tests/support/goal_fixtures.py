"""Fixtures shared by the goal and the round tests (tests/goals, tests/rounds): an app with
only the follow-up form, the clock frozen before logging in, a logged-in staff client and a
seeded period. Each conftest imports them by name."""

from __future__ import annotations

import pytest

from tests.staff.conftest import create_staff
from tests.support.goals import STAFF_NOW, forms_dir, login, seed


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(FORMS_DIR=str(forms_dir(tmp_path)))


@pytest.fixture
def now(frozen_clock):
    frozen_clock(STAFF_NOW)
    return STAFF_NOW


@pytest.fixture
def staff(app, now):
    create_staff(app)
    return login(app)


@pytest.fixture
def seeded(app):
    return seed(app)
