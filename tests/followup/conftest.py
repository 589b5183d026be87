"""Follow-up fixtures: an app with only the follow-up form, and a seeded period."""

from __future__ import annotations

import pytest

from tests.support.goals import forms_dir, seed


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(FORMS_DIR=str(forms_dir(tmp_path)))


@pytest.fixture
def seeded(app):
    return seed(app)
