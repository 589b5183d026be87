from __future__ import annotations

import pytest

from tests.exports.factory import FORMS
from tests.staff.conftest import create_staff, log_in


@pytest.fixture
def app(make_app):
    """The app with the export test forms (every answer type, dated occasions)."""
    return make_app(FORMS_DIR=str(FORMS))


@pytest.fixture
def export_app(app):
    return app


@pytest.fixture
def staff_user(app):
    return create_staff(app)


@pytest.fixture
def staff_client(app, staff_user):
    """Logged in by posting the rendered login form (tests/staff/conftest.py)."""
    client = app.test_client()
    response = log_in(client)
    assert response.status_code == 303, response.get_data(as_text=True)
    return client
