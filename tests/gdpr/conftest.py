from __future__ import annotations

import pytest

from intake import create_app
from intake.extensions import db
from tests.conftest import _base_config
from tests.exports.factory import FORMS


@pytest.fixture
def app(make_app):
    """The export test forms: `eksport` keeps sign-ups 30 days, `fredag` is kept for the archive."""
    return make_app(FORMS_DIR=str(FORMS))


@pytest.fixture
def sqlite_app(tmp_path):
    """Always SQLite (also when the suite runs on PostgreSQL): backups and file restores."""
    app = create_app(
        _base_config(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path, FORMS_DIR=str(FORMS))
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()

