"""Staff fixtures: an account, and a client logged in by posting the rendered login form."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest

from intake.clock import LOCAL
from intake.extensions import db
from intake.staff.models import StaffUser
from intake.staff.passwords import hash_password
from intake.staff.roles import ALL_ROLES
from tests.conftest import ROOT, open_form

STAFF_EMAIL = "medarbejder@hedensted.dk"
STAFF_PASSWORD = "korrekt hest batteri hæfteklamme"


def create_staff(
    app, email: str = STAFF_EMAIL, password: str = STAFF_PASSWORD, active: bool = True,
    roles=ALL_ROLES,
) -> int:
    """An account with every role unless `roles` says otherwise (as `flask staff create`)."""
    with app.app_context():
        user = StaffUser(email=email, password_hash=hash_password(password), is_active=active)
        user.roles = roles
        db.session.add(user)
        db.session.commit()
        return user.id


def log_in(
    client, email: str = STAFF_EMAIL, password: str = STAFF_PASSWORD, next_url: str | None = None
):
    url = "/staff/login" + (f"?next={next_url}" if next_url else "")
    form = open_form(client, url)
    form.fill(email=email, password=password)
    return client.post("/staff/login", data=form.data())


SEED_FORMS = ("samarbejdsgruppe.yaml", "netvaerksmesse.yaml", "ivaerksaetterfredag.yaml")


def copy_seed_forms(tmp_path):
    """The three seed sign-up forms only, so other work in forms/ cannot break these tests."""
    target = tmp_path / "staff-forms"
    target.mkdir()
    for name in SEED_FORMS:
        shutil.copy(ROOT / "forms" / name, target / name)
    return target


@pytest.fixture
def staff_forms_dir(tmp_path):
    return copy_seed_forms(tmp_path)


@pytest.fixture
def app(make_app, staff_forms_dir):
    return make_app(FORMS_DIR=str(staff_forms_dir))



# A fixed "now" inside every seed form's open window; first Fridays after it:
# 4 Dec 2026, 1 Jan, 5 Feb, 5 Mar, 2 Apr and 7 May 2027.
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=LOCAL)


def group_answers(n: int = 1, **values) -> dict:
    return {
        "gruppe": "erhvervsliv", "sektor": "erhverv", "rolle": "erhvervsliv-byggeri",
        "navn": f"Person {n}", "stilling": "Direktør", "organisation": f"Firma {n} ApS",
        "cvr": "13748136", "email": f"person{n}@firma{n}.dk", "telefon": "+4520304050",
        "motivation": "Vi vil gerne bidrage.",
    } | values


def friday_answers(n: int = 1, dates=("2026-12-04",), **values) -> dict:
    return {
        "datoer": list(dates), "navn": f"Iværksætter {n}", "virksomhed": f"Idé {n}",
        "har_cvr": "nej", "email": f"ivaerk{n}@example.dk", "telefon": "+4520304050",
    } | values


def add_signup(app, slug: str, answers: dict, source: str = "public") -> str:
    """Through the real service (capacity, mails), as the public form would;
    returns the reference."""
    import secrets

    from intake.formdefs.registry import current_registry
    from intake.signups import service

    with app.test_request_context():
        form = current_registry().get(slug)
        outcome = service.submit(form, answers, secrets.token_hex(16), source=source)
        assert outcome.status == "created", outcome.status
        db.session.commit()
        return outcome.signup.reference


@pytest.fixture
def now(frozen_clock):
    frozen_clock(NOW)
    return NOW


def csrf_of(client, url: str = "/staff/") -> str:
    """The CSRF token a staff page hands out (for posts that a page's own form would make)."""
    import re

    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def page_form(client, url: str, action: str):
    """The rendered <form> on `url` whose action is `action` (a page can have several)."""
    from tests.support.htmlform import RenderedForm

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.get_data(as_text=True)
    for index in range(html.count("<form")):
        form = RenderedForm(html, form_index=index)
        if form.action == action:
            return form
    raise AssertionError(f"no form posting to {action} on {url}")


def post_form(client, url: str, action: str, **values):
    """GET the page, fill the form that posts to `action`, post it back."""
    form = page_form(client, url, action)
    for name, value in values.items():
        form.set(name, value)
    return client.post(action, data=form.data())


def post_confirmed(client, url: str, action: str, **values):
    """post_form, then press "Ja" on the confirmation page it answers with."""
    from tests.support.confirm import confirm

    return confirm(client, post_form(client, url, action, **values))
