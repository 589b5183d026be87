"""Logging in and out, and what a session is worth afterwards."""

from __future__ import annotations

from tests.staff.conftest import log_in


def test_login_page_renders_without_session(client):
    response = client.get("/staff/login")
    assert response.status_code == 200
    assert 'name="csrf_token"' in response.get_data(as_text=True)


def test_staff_page_redirects_to_login(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login?next=/staff/")


def test_login_then_dashboard_then_logout(app, staff_user):
    client = app.test_client()
    response = log_in(client)
    assert response.status_code == 303
    assert response.headers["Location"] == "/staff/"
    page = client.get("/staff/")
    assert page.status_code == 200
    assert "Logget ind som medarbejder@hedensted.dk" in page.get_data(as_text=True)
