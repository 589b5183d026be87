from __future__ import annotations

import pytest

from intake import create_app
from intake.extensions import db
from tests.conftest import _base_config
from tests.exports.factory import FORMS
from tests.staff.conftest import create_staff, log_in


@pytest.fixture
def app(make_app):
    """The export test forms: `eksport` keeps sign-ups 30 days, `fredag` is kept for the archive."""
    return make_app(FORMS_DIR=str(FORMS))


@pytest.fixture
def sqlite_app(tmp_path):
    """Always SQLite (also when the suite runs on PostgreSQL): backups and file restores."""
    app = create_app(_base_config(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path, FORMS_DIR=str(FORMS)))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def staff_user(app):
    return create_staff(app)


@pytest.fixture
def staff_client(app, staff_user):
    client = app.test_client()
    response = log_in(client)
    assert response.status_code == 303, response.get_data(as_text=True)
    return client
