"""Several web processes share what matters: rate-limit counters in Redis, not in memory.

Two separate gunicorn servers (separate process trees, separate ports) stand in for two
hosts behind one proxy. With INTAKE_RATELIMIT_STORAGE_URI on the real Redis they count
together; the control with memory:// shows that they otherwise would not.
"""

from __future__ import annotations

import time
import uuid

import pytest
import redis

from tests.support.processes import Client

pytestmark = pytest.mark.slow
REDIS_URL = "redis://127.0.0.1:6379"


def _post_invalid(port: int) -> int:
    """A real POST of the rendered form (CSRF included) with a missing name: counted, not stored."""
    client = Client(port)
    form = client.open_form("/f/drill")
    form.fill(email="limit@example.dk")
    return client.post_form("/f/drill", form.data()).status


def _posts(servers, count: int) -> list[int]:
    return [_post_invalid(servers[i % len(servers)].port) for i in range(count)]


@pytest.fixture
def redis_prefix():
    prefix = f"intake-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"*{prefix}*"):
        client.delete(key)


def test_two_servers_share_one_rate_limit_through_redis(stack, redis_prefix):
    settings = {"RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": redis_prefix,
                "SIGNUP_POST_RATE_LIMIT": "4 per minute"}
    servers = [
        stack.gunicorn(workers=1, name="a", **settings),
        stack.gunicorn(workers=1, name="b", **settings),
    ]

    statuses = _posts(servers, 6)

    assert statuses[:4] == [200, 200, 200, 200], statuses  # 2 on each server
    assert statuses[4:] == [429, 429], statuses  # the 5th and 6th, whichever server gets them
    keys = list(redis.Redis.from_url(REDIS_URL).scan_iter(f"*{redis_prefix}*"))
    assert keys, "the counter lives in Redis"


def test_control_memory_storage_counts_per_process(stack):
    """Why Redis is needed: with memory:// each server counts alone
    and lets twice as many through."""
    settings = {"RATELIMIT_STORAGE_URI": "memory://", "SIGNUP_POST_RATE_LIMIT": "4 per minute"}
    servers = [
        stack.gunicorn(workers=1, name="a", **settings),
        stack.gunicorn(workers=1, name="b", **settings),
    ]

    statuses = _posts(servers, 8)

    assert statuses == [200] * 8


def test_the_rate_limit_page_is_danish_and_carries_the_headers(stack, redis_prefix):
    server = stack.gunicorn(
        workers=2,
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX=redis_prefix,
        SIGNUP_POST_RATE_LIMIT="1 per minute",
    )
    assert _post_invalid(server.port) == 200
    client = Client(server.port)
    form = client.open_form("/f/drill")
    response = client.post_form("/f/drill", form.data())
    assert response.status == 429
    assert "Vent et minut" in response.text  # the form comes back filled in
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_access_log_holds_no_tokens_or_query_strings(stack):
    server = stack.gunicorn(workers=1)
    client = Client(server.port)
    token = "IkhFLUFCQ0RFRiI.Zm9vYmFyYmF6cXV4cXV1eA"
    client.get(f"/afmeld/{token}")
    client.get("/sprog/en?next=/f/drill&secret=s3cr3t-value")
    client.get("/f/drill", headers={"Referer": f"https://intake.example.dk/afmeld/{token}"})
    access_log = server.log_path.with_suffix(".access.log")
    deadline = time.monotonic() + 10  # a worker writes its line just after answering
    while "/f/drill" not in access_log.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    server.stop()

    log = access_log.read_text()
    assert "/afmeld/…" in log
    assert "/sprog/en?…" in log
    assert token not in log
    assert "s3cr3t-value" not in log
    assert "/f/drill" in log


def test_a_staff_session_is_shared_and_revoked_across_servers(stack):
    """Log in on one server, work on another, log out there: the cookie is dead everywhere."""
    from tests.staff.conftest import STAFF_EMAIL, STAFF_PASSWORD, create_staff

    create_staff(stack.app)
    a, b = stack.gunicorn(workers=1, name="a"), stack.gunicorn(workers=1, name="b")
    browser = Client(a.port)
    form = browser.open_form("/staff/login")
    form.fill(email=STAFF_EMAIL, password=STAFF_PASSWORD)
    assert browser.post_form("/staff/login", form.data()).status == 303
    copied = dict(browser.cookies)

    on_b = Client(b.port)
    on_b.cookies = dict(copied)
    assert on_b.get("/staff/").status == 200  # the session lives in the database, not in A
    logout = on_b.open_form("/staff/")  # the menu's logout button
    assert on_b.post_form("/staff/logout", logout.data()).status in (302, 303)

    replay = Client(a.port)
    replay.cookies = dict(copied)
    response = replay.get("/staff/")
    assert response.status in (302, 303, 401, 403)
    assert STAFF_EMAIL not in response.text
