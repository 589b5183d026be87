"""Every staff URL needs a staff session; every state change needs a CSRF token."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.outbox.models import OutboxMessage
from intake.signups.models import Booking, CapacityBucket, Signup
from intake.staff.models import AuditEntry, StaffSession
from tests.staff.conftest import add_signup, group_answers

PUBLIC = {"staff.login", "staff.set_password", "staff.static"}
SECRETS = ("person1@firma1.dk", "Person 1", "Firma 1 ApS", "person13@firma13.dk")


def _value(name: str, converter: str, ref: str, booking_id: int, mail_id: int) -> str:
    if converter in ("int", "integer") or name.endswith("_id"):
        return str({"booking_id": booking_id, "message_id": mail_id}.get(name, 1))
    return {"slug": "samarbejdsgruppe", "reference": ref, "bucket": "option:erhvervsliv"}.get(
        name, "x"
    )


def _staff_urls(app, ref: str, booking_id: int, mail_id: int):
    """(endpoint, method, url) for every rule under /staff, whoever registered it."""
    for rule in app.url_map.iter_rules():
        if (
            not rule.rule.startswith("/staff")
            or rule.endpoint in PUBLIC
            or rule.endpoint.endswith(".static")
        ):
            continue
        values = {
            name: sorted(conv.items)[0] if hasattr(conv, "items") else _value(
                name, type(conv).__name__.lower().replace("converter", ""), ref, booking_id, mail_id
            )
            for name, conv in rule._converters.items()
        }
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url


@pytest.fixture
def data(app, now):
    refs = [add_signup(app, "samarbejdsgruppe", group_answers(n)) for n in range(1, 14)]
    with app.app_context():
        booking_id = db.session.scalar(
            sa.select(Booking.id).join(Signup).where(Signup.reference == refs[0])
        )
        mail_id = db.session.scalar(sa.select(sa.func.min(OutboxMessage.id)))
    return refs[0], booking_id, mail_id


def _snapshot(app):
    with app.app_context():
        return (
            db.session.execute(
                sa.select(Signup.reference, Signup.cancelled_at, Signup.answers).order_by(Signup.id)
            ).all(),
            db.session.execute(
                sa.select(
                    Booking.id, Booking.bucket, Booking.status, Booking.is_over_capacity
                ).order_by(Booking.id)
            ).all(),
            db.session.execute(
                sa.select(
                    OutboxMessage.id, OutboxMessage.status, OutboxMessage.next_attempt_at
                ).order_by(OutboxMessage.id)
            ).all(),
            db.session.execute(
                sa.select(CapacityBucket.bucket, CapacityBucket.seats_override)
            ).all(),
            db.session.scalar(sa.select(sa.func.count(AuditEntry.id))),
            db.session.scalar(sa.select(sa.func.count(StaffSession.token_hash))),
        )


def test_the_staff_blueprint_has_the_expected_pages(app):
    endpoints = {
        rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("staff.")
    }
    assert {
        "staff.dashboard",
        "staff.forms",
        "staff.form_overview",
        "staff.signup_list",
        "staff.signup_detail",
        "staff.cancel_signup",
        "staff.promote_booking",
        "staff.move_booking",
        "staff.change_capacity",
        "staff.add_signup",
        "staff.seat_map",
        "staff.mail_log",
        "staff.mail_detail",
        "staff.mail_resend",
        "staff.audit_log",
        "staff.logout",
        "staff.login",
    } <= endpoints


def test_every_staff_url_without_a_session_redirects_or_refuses(app, data):
    ref, booking_id, mail_id = data
    client = app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      client.get("/staff/login").get_data(as_text=True)).group(1)
    before = _snapshot(app)
    checked = 0
    for endpoint, method, url in _staff_urls(app, ref, booking_id, mail_id):
        if method == "GET":
            response = client.get(url)
            assert response.status_code == 302, (endpoint, url, response.status_code)
            assert response.headers["Location"].startswith("/staff/login?next=/staff"), endpoint
        else:
            response = client.open(
                url, method=method, data={"csrf_token": token, "cap-option-erhvervsliv-seats": "1"}
            )
            assert response.status_code == 403, (endpoint, method, url, response.status_code)
        # the redirect names the URL asked for
        body = response.get_data(as_text=True).replace(url, "")
        assert not any(secret in body for secret in SECRETS) and ref not in body, endpoint
        checked += 1
    assert checked >= 15
    assert _snapshot(app) == before


def test_a_replayed_cookie_after_logout_sees_nothing(app, staff_client, data):
    ref, booking_id, mail_id = data
    token = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', staff_client.get("/staff/").get_data(as_text=True)
    ).group(1)
    cookie = staff_client.get_cookie("session").value  # holds the session token and the CSRF secret
    staff_client.post("/staff/logout", data={"csrf_token": token})
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    for endpoint, method, url in _staff_urls(app, ref, booking_id, mail_id):
        response = thief.open(url, method=method, data={"csrf_token": token})
        assert response.status_code in (302, 403), (endpoint, response.status_code)
        body = response.get_data(as_text=True).replace(url, "")
        assert ref not in body and not any(secret in body for secret in SECRETS)


def test_a_post_without_csrf_token_changes_nothing(app, staff_client, data):
    ref, booking_id, mail_id = data
    before = _snapshot(app)
    posts = [(e, u) for e, m, u in _staff_urls(app, ref, booking_id, mail_id) if m == "POST"]
    assert len(posts) >= 7
    for endpoint, url in posts:
        response = staff_client.post(url, data={
            "cap-option-erhvervsliv-seats": "1", f"move-{booking_id}-target": "option:arbejdsliv",
            f"promote-{booking_id}-over_capacity": "y",
        })
        assert response.status_code == 400, (endpoint, response.status_code)
    assert _snapshot(app) == before
    assert staff_client.get("/staff/").status_code == 200  # the logout post did not log out either
