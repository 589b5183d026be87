"""Staff fixtures: an account, and a client logged in by posting the rendered login form."""

from __future__ import annotations

import shutil

import pytest

from intake.extensions import db
from intake.staff.models import StaffUser
from intake.staff.passwords import hash_password
from tests.conftest import ROOT, open_form

STAFF_EMAIL = "medarbejder@hedensted.dk"
STAFF_PASSWORD = "korrekt hest batteri hæfteklamme"


def create_staff(app, email: str = STAFF_EMAIL, password: str = STAFF_PASSWORD, active: bool = True) -> int:
    with app.app_context():
        user = StaffUser(email=email, password_hash=hash_password(password), is_active=active)
        db.session.add(user)
        db.session.commit()
        return user.id


def log_in(client, email: str = STAFF_EMAIL, password: str = STAFF_PASSWORD, next_url: str | None = None):
    url = "/staff/login" + (f"?next={next_url}" if next_url else "")
    form = open_form(client, url)
    form.fill(email=email, password=password)
    return client.post("/staff/login", data=form.data())


SEED_FORMS = ("samarbejdsgruppe.yaml", "netvaerksmesse.yaml", "ivaerksaetterfredag.yaml")


@pytest.fixture
def staff_forms_dir(tmp_path):
    """The three seed sign-up forms only, so other work in forms/ cannot break these tests."""
    target = tmp_path / "staff-forms"
    target.mkdir()
    for name in SEED_FORMS:
        shutil.copy(ROOT / "forms" / name, target / name)
    return target


@pytest.fixture
def app(make_app, staff_forms_dir):
    return make_app(FORMS_DIR=str(staff_forms_dir))


@pytest.fixture
def staff_user(app):
    return create_staff(app)


@pytest.fixture
def staff_client(app, staff_user):
    client = app.test_client()
    response = log_in(client)
    assert response.status_code == 303, response.get_data(as_text=True)
    return client
