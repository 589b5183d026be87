"""Login hardening: same answer for unknown accounts, throttling, session rotation, logout,
idle timeout, cookie flags, CSRF and same-site redirects."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from intake.extensions import db
from intake.staff.models import LoginFailure, StaffSession
from tests.staff.conftest import STAFF_EMAIL, create_staff, log_in

WRONG = "E-mail eller adgangskode er forkert."
T0 = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)


def _session_cookie(client) -> str:
    return client.get_cookie("session").value


def test_wrong_password_and_unknown_account_get_the_same_answer(app, staff_user):
    known = log_in(app.test_client(), password="forkert adgangskode her")
    unknown = log_in(
        app.test_client(), email="ukendt@hedensted.dk", password="forkert adgangskode her"
    )
    assert known.status_code == unknown.status_code == 200
    assert WRONG in known.get_data(as_text=True) and WRONG in unknown.get_data(as_text=True)
    # The pages differ only in the typed e-mail and the CSRF token.
    strip = [(STAFF_EMAIL, "X"), ("ukendt@hedensted.dk", "X")]
    texts = []
    for response in (known, unknown):
        text = response.get_data(as_text=True)
        for old, new in strip:
            text = text.replace(old, new)
        texts.append([line for line in text.splitlines() if "csrf_token" not in line])
    assert texts[0] == texts[1]


def test_unknown_account_costs_about_the_same_time(app, staff_user):
    def timed(email):
        client = app.test_client()
        started = time.perf_counter()
        log_in(client, email=email, password="forkert adgangskode her")
        return time.perf_counter() - started

    timed(STAFF_EMAIL), timed("ukendt@hedensted.dk")  # warm up (dummy hash, templates)
    known = min(timed(STAFF_EMAIL) for _ in range(3))
    unknown = min(timed("ukendt@hedensted.dk") for _ in range(3))
    assert unknown > 0.5 * known and known > 0.5 * unknown, (known, unknown)


def test_account_is_throttled_after_five_failures(app, staff_user, frozen_clock):
    frozen_clock(T0)
    for _ in range(5):
        assert log_in(app.test_client(), password="forkert adgangskode her").status_code == 200
    blocked = log_in(app.test_client())  # the right password no longer helps
    assert blocked.status_code == 429
    assert "For mange mislykkede forsøg" in blocked.get_data(as_text=True)
    assert app.test_client().get("/staff/").status_code == 302
    frozen_clock(T0 + timedelta(minutes=16))
    assert log_in(app.test_client()).status_code == 303


def test_unknown_account_is_throttled_the_same_way(app, frozen_clock):
    frozen_clock(T0)
    for _ in range(5):
        log_in(app.test_client(), email="ukendt@hedensted.dk", password="forkert adgangskode her")
    assert log_in(app.test_client(), email="ukendt@hedensted.dk").status_code == 429


def test_ip_is_throttled_across_accounts(app, staff_user, frozen_clock):
    frozen_clock(T0)
    for n in range(20):
        log_in(app.test_client(), email=f"gaet{n}@hedensted.dk", password="forkert adgangskode her")
    assert log_in(app.test_client()).status_code == 429
    other_ip = app.test_client()
    other_ip.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert log_in(other_ip).status_code == 303


def test_throttle_is_shared_between_processes(make_app, staff_forms_dir, frozen_clock):
    """Two app instances on one database stand in for two worker processes."""
    frozen_clock(T0)
    first, second = (
        make_app(FORMS_DIR=str(staff_forms_dir)),
        make_app(FORMS_DIR=str(staff_forms_dir)),
    )
    create_staff(first)
    for n in range(5):
        app = first if n % 2 else second
        log_in(app.test_client(), password="forkert adgangskode her")
    assert log_in(second.test_client()).status_code == 429
    assert log_in(first.test_client()).status_code == 429


def test_failure_table_holds_no_email_or_ip(app, staff_user):
    log_in(app.test_client(), password="forkert adgangskode her")
    with app.app_context():
        keys = db.session.scalars(sa.select(LoginFailure.key_hash)).all()
    assert len(keys) == 2 and all(
        len(k) == 64 and "@" not in k and "127.0.0.1" not in k for k in keys
    )


def test_success_forgives_account_failures(app, staff_user, frozen_clock):
    frozen_clock(T0)
    for _ in range(4):
        log_in(app.test_client(), password="forkert adgangskode her")
    assert log_in(app.test_client()).status_code == 303
    for _ in range(4):
        log_in(app.test_client(), password="forkert adgangskode her")
    assert log_in(app.test_client()).status_code == 303


def test_session_rotates_at_login(app, staff_user):
    client = app.test_client()
    client.get("/staff/login")
    before = _session_cookie(client)
    log_in(client)
    first = _session_cookie(client)
    assert first != before
    page = client.get("/staff/").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    again = client.post("/staff/login", data={"csrf_token": token, "email": STAFF_EMAIL,
                                              "password": "korrekt hest batteri hæfteklamme"})
    assert again.status_code == 303
    assert _session_cookie(client) != first
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(StaffSession.token_hash))) == 2
    replay = app.test_client()
    replay.set_cookie("session", before)
    assert replay.get("/staff/").status_code == 302


def test_replayed_cookie_is_refused_after_logout(app, staff_client):
    cookie = _session_cookie(staff_client)
    page = staff_client.get("/staff/").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = staff_client.post("/staff/logout", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/staff/login"
    assert staff_client.get("/staff/").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    response = thief.get("/staff/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(StaffSession.token_hash))) == 0


def test_idle_timeout(app, staff_user, frozen_clock):
    frozen_clock(T0)
    client = app.test_client()
    log_in(client)
    frozen_clock(T0 + timedelta(minutes=29))
    assert client.get("/staff/").status_code == 200  # activity resets the idle timer
    frozen_clock(T0 + timedelta(minutes=58))
    assert client.get("/staff/").status_code == 200
    frozen_clock(T0 + timedelta(minutes=88, seconds=1))
    assert client.get("/staff/").status_code == 302


def test_idle_timeout_is_a_setting(make_app, staff_forms_dir, frozen_clock):
    app = make_app(FORMS_DIR=str(staff_forms_dir), STAFF_IDLE_TIMEOUT=300)
    create_staff(app)
    frozen_clock(T0)
    client = app.test_client()
    log_in(client)
    frozen_clock(T0 + timedelta(minutes=6))
    assert client.get("/staff/").status_code == 302


def test_session_has_a_maximum_age(app, staff_user, frozen_clock):
    frozen_clock(T0)
    client = app.test_client()
    log_in(client)
    for minutes in range(20, 12 * 60, 20):
        frozen_clock(T0 + timedelta(minutes=minutes))
        assert client.get("/staff/").status_code == 200
    frozen_clock(T0 + timedelta(hours=12, minutes=1))
    assert client.get("/staff/").status_code == 302


def test_cookie_flags(app, staff_user):
    response = log_in(app.test_client())
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_cookie_not_secure_in_local_development(make_app, staff_forms_dir):
    app = make_app(FORMS_DIR=str(staff_forms_dir), PUBLIC_BASE_URL="http://127.0.0.1:5000")
    create_staff(app)
    cookie = log_in(app.test_client()).headers["Set-Cookie"]
    assert "Secure" not in cookie and "HttpOnly" in cookie


def test_login_without_csrf_token_is_refused(app, staff_user):
    client = app.test_client()
    response = client.post(
        "/staff/login", data={"email": STAFF_EMAIL, "password": "korrekt hest batteri hæfteklamme"}
    )
    assert response.status_code == 400
    assert client.get("/staff/").status_code == 302


def test_next_goes_to_same_site_paths_only(app, staff_user):
    assert log_in(app.test_client(), next_url="/staff/f/").headers["Location"] == "/staff/f/"
    for evil in (
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:evil.example",
        "%2F%2Fevil.example",
    ):
        response = log_in(app.test_client(), next_url=evil)
        assert response.status_code == 303
        assert response.headers["Location"] == "/staff/", evil


def test_next_survives_the_login_redirect(app, staff_user):
    client = app.test_client()
    target = client.get("/staff/f/").headers["Location"]
    assert target == "/staff/login?next=/staff/f/"
    form_page = client.get(target).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/staff/f/"' in form_page
    assert log_in(client, next_url="/staff/f/").headers["Location"] == "/staff/f/"


def test_logged_in_visit_to_login_page_goes_on(staff_client):
    response = staff_client.get("/staff/login?next=/staff/f/")
    assert response.status_code == 303 and response.headers["Location"] == "/staff/f/"


def test_old_hash_is_upgraded_at_login(app):
    from argon2 import PasswordHasher

    from intake.staff.models import StaffUser

    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(
        "korrekt hest batteri hæfteklamme"
    )
    with app.app_context():
        db.session.add(StaffUser(email=STAFF_EMAIL, password_hash=weak, is_active=True))
        db.session.commit()
    assert log_in(app.test_client()).status_code == 303
    with app.app_context():
        stored = db.session.scalar(sa.select(StaffUser.password_hash))
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
