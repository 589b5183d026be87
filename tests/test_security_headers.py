"""Security headers on every public response, error pages included, and no inline script or
style in the pages (the CSP would block them).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy.exc import OperationalError

from tests.support.signups import GROUP, NOW, group_form, post, sign_up


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


@pytest.fixture
def app(make_app):
    app = make_app(SIGNUP_POST_RATE_LIMIT="2 per minute")

    @app.get("/test-boom")
    def boom():
        raise RuntimeError("unexpected")

    @app.get("/test-db-down")
    def db_down():
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    return app


def assert_secure(response) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert csp, f"no CSP on {response.status}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy") in (
        "same-origin",
        "strict-origin-when-cross-origin",
        "no-referrer",
    )
    assert headers.get("X-Frame-Options") == "DENY"


def assert_no_inline_code(response) -> None:
    page = response.get_data(as_text=True)
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag, tag
    assert not re.search(r"<script\b[^>]*>(?!\s*</script>)", page), "inline script"
    assert not re.search(r"\sstyle\s*=", page), "inline style attribute"
    assert not re.search(r"<style\b", page), "inline style element"
    assert not re.search(r"\son[a-z]+\s*=", page), "inline event handler"


PAGES = [
    "/",
    GROUP,
    "/f/netvaerksmesse",
    "/f/ivaerksaetterfredag",
    f"{GROUP}/privatliv",
    "/privatliv",
    "/tilgaengelighed",
    "/f/findes-ikke",
    "/min-tilmelding/forkert",
    "/min-tilmelding",
    "/static/css/intake.css",
    "/static/js/forms.js",
    "/test-boom",
    "/test-db-down",
]


@pytest.mark.parametrize("url", PAGES)
def test_headers_on_every_page(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404, 500, 503)
    assert_secure(response)
    if response.mimetype == "text/html":
        assert_no_inline_code(response)


def test_error_pages_are_danish(client):
    boom = client.get("/test-boom")
    assert boom.status_code == 500 and "Der skete en fejl hos os" in boom.get_data(as_text=True)
    down = client.get("/test-db-down")
    assert down.status_code == 503 and down.headers["Retry-After"] == "30"
    assert "midlertidigt utilgængelig" in down.get_data(as_text=True)


def test_headers_on_form_errors_receipt_and_limits(client, app):
    form = group_form(client, cvr="24256791")
    invalid = post(client, GROUP, form)
    assert invalid.status_code == 200
    assert_secure(invalid)
    assert_no_inline_code(invalid)
    # the second POST; the third is limited
    reference = sign_up(client, GROUP, group_form(client, 2))
    receipt = client.get(f"{GROUP}/kvittering/{reference}")
    assert_secure(receipt)
    assert_no_inline_code(receipt)
    assert receipt.headers["Cache-Control"] == "no-store"  # personal data is never cached
    limited = post(client, GROUP, group_form(client, 3))
    assert limited.status_code == 429
    assert_secure(limited)


def test_headers_on_413_and_405(client):
    too_big = client.post(GROUP, data={"motivation": "x" * (1024 * 1024 + 1)})
    assert too_big.status_code == 413
    assert_secure(too_big)
    wrong = client.delete(GROUP)
    assert wrong.status_code == 405
    assert_secure(wrong)


def test_session_cookie_is_protected(client):
    client.get(GROUP)
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert cookie.http_only and cookie.secure  # PUBLIC_BASE_URL is https in the tests
    assert cookie.same_site == "Lax"


def test_hsts_when_served_over_https(client):
    assert client.get("/").headers.get("Strict-Transport-Security", "").startswith("max-age=")
