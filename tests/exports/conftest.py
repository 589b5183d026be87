from __future__ import annotations

import pytest

from tests.exports.factory import FORMS


@pytest.fixture
def app(make_app):
    """The app with the export test forms (every answer type, dated occasions)."""
    return make_app(FORMS_DIR=str(FORMS))


@pytest.fixture
def export_app(app):
    return app

