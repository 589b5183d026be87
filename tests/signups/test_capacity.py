"""Seats are decided in one place, atomically: real concurrent requests against a real server.

Forms: tests/forms_fixtures/capacity/ (3 seats with and without a waiting list, and a form
counted in people). The control test removes the lock and shows the race it prevents. Who moves
up from the waiting list, and in what order, is tests/signups/test_waiting_list.py.
"""

from __future__ import annotations

import http.cookiejar
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from intake.signups import capacity
from tests.support.htmlform import RenderedForm
from tests.support.signups import field_errors, outbox, post, sign_up, signups, statuses, text_of

FIXTURES = Path(__file__).resolve().parents[1] / "forms_fixtures" / "capacity"
RACERS = 10
# The live server speaks plain http, so the session cookie must not be Secure-only.
SETTINGS = {"FORMS_DIR": str(FIXTURES), "SESSION_COOKIE_SECURE": False}


@pytest.fixture
def app(make_app):
    return make_app(**SETTINGS)


@contextmanager
def live(app):
    """The app behind a real threaded HTTP server on a free port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


class Browser:
    """One person: a cookie jar and urllib, following the 303 to the receipt."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.read().decode()

    def post(self, path: str, data) -> tuple[int, str]:
        body = urllib.parse.urlencode(list(data.items(multi=True))).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def race(base: str, slug: str, count: int, email: str | None = None) -> list[tuple[int, str]]:
    """`count` people open the form, then all press "send" at the same moment."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def person(n: int) -> None:
        browser = Browser(base)
        try:
            form = RenderedForm(browser.get(f"/f/{slug}")).fill(
                navn=f"Racer {n}", email=email or f"racer{n}@firma.dk")
        finally:
            barrier.wait(60)
        results[n] = browser.post(f"/f/{slug}", form.data())

    threads = [threading.Thread(target=person, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def take_seats(base: str, slug: str, count: int) -> None:
    for n in range(count):
        browser = Browser(base)
        form = RenderedForm(browser.get(f"/f/{slug}")).fill(
            navn=f"Tidlig {n}", email=f"tidlig{n}@firma.dk"
        )
        status, page = browser.post(f"/f/{slug}", form.data())
        assert status == 200 and "Din plads er bekræftet." in page


def test_concurrent_last_seat_goes_to_exactly_one_and_the_rest_wait(app):
    with live(app) as base:
        take_seats(base, "sidste-plads", 2)
        results = race(base, "sidste-plads", RACERS)
    assert [status for status, _ in results] == [200] * RACERS
    confirmed = [page for _, page in results if "Din plads er bekræftet." in page]
    waiting = [page for _, page in results if "Du er på ventelisten." in page]
    assert (len(confirmed), len(waiting)) == (1, RACERS - 1)
    assert statuses(app, "sidste-plads") == {
        "confirmed": 3,
        "waitlisted": RACERS - 1,
        "cancelled": 0,
    }
    assert len([m for m in outbox(app) if m.kind == "signup_received"]) == RACERS + 2


def test_concurrent_first_sign_ups_create_the_bucket_once(app):
    """No bucket row exists yet: the racers must still queue on one lock, not on two."""
    with live(app) as base:
        results = race(base, "sidste-plads", RACERS)
    assert [status for status, _ in results] == [200] * RACERS
    assert statuses(app, "sidste-plads") == {
        "confirmed": 3,
        "waitlisted": RACERS - 3,
        "cancelled": 0,
    }


def test_concurrent_last_seat_without_waiting_list_says_full(app):
    with live(app) as base:
        take_seats(base, "ingen-venteliste", 2)
        results = race(base, "ingen-venteliste", RACERS)
    assert [status for status, _ in results] == [200] * RACERS
    confirmed = [page for _, page in results if "Din plads er bekræftet." in page]
    full = [page for _, page in results if "Der er desværre ikke flere ledige pladser." in page]
    assert (len(confirmed), len(full)) == (1, RACERS - 1)
    assert statuses(app, "ingen-venteliste") == {"confirmed": 3, "waitlisted": 0, "cancelled": 0}
    assert len(signups(app)) == 3


def test_concurrent_double_submit_makes_one_sign_up(app):
    """A person hammering "send": one browser, one page, many simultaneous identical POSTs."""
    with live(app) as base:
        browser = Browser(base)
        form = RenderedForm(browser.get("/f/sidste-plads")).fill(
            navn="Ivrig", email="ivrig@firma.dk"
        )
        barrier = threading.Barrier(6)
        results = []

        def press() -> None:
            barrier.wait(30)
            results.append(browser.post("/f/sidste-plads", form.data()))

        threads = [threading.Thread(target=press) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert [status for status, _ in results] == [200] * 6
    assert len(signups(app)) == 1
    assert len(outbox(app)) == 1


def test_concurrent_sign_ups_with_one_email_make_one_sign_up(app):
    """The same person in several browsers at once: one sign-up, the rest "already signed up"."""
    with live(app) as base:
        results = race(base, "sidste-plads", 6, email="samme@firma.dk")
    assert [status for status, _ in results] == [200] * 6
    assert sum("Din plads er bekræftet." in page for _, page in results) == 1
    assert sum("allerede tilmeldt" in page for _, page in results) == 5
    assert len(signups(app)) == 1


def test_the_race_happens_without_the_lock(make_app, monkeypatch):
    """Control: with no bucket lock and a plain (deferred) transaction, the count goes stale."""
    app = make_app(**SETTINGS, SQLITE_WRITE_BEGIN="DEFERRED")
    real_used = capacity.used

    def slow_used(form_slug, bucket):
        counted = real_used(form_slug, bucket)
        time.sleep(0.2)  # everyone has counted before anyone has written
        return counted

    with live(app) as base:
        take_seats(base, "sidste-plads", 2)
        monkeypatch.setattr(capacity, "lock_buckets", lambda *args, **kwargs: None)
        monkeypatch.setattr(capacity, "used", slow_used)
        results = race(base, "sidste-plads", RACERS)
    failed = [status for status, _ in results if status != 200]
    confirmed = statuses(app, "sidste-plads")["confirmed"]
    # Without the lock, either more than the 3 seats are handed out (PostgreSQL) or the
    # database refuses the stale writers (SQLite), which fail instead of waiting in line.
    assert confirmed > 3 or failed, (confirmed, failed)


def test_full_without_waiting_list_keeps_the_answers(app):
    client = app.test_client()
    for n in range(3):
        sign_up(client, "/f/ingen-venteliste",
                RenderedForm(client.get("/f/ingen-venteliste").get_data(as_text=True))
                .fill(navn=f"P{n}", email=f"p{n}@firma.dk"))
    page = client.get("/f/ingen-venteliste")
    assert "Der er fuldt." in text_of(page)
    form = RenderedForm(page.get_data(as_text=True)).fill(navn="Sen", email="sen@firma.dk")
    response = post(client, "/f/ingen-venteliste", form)
    assert response.status_code == 200
    assert "Der er desværre ikke flere ledige pladser." in text_of(response)
    assert RenderedForm(response.get_data(as_text=True)).values["navn"] == ["Sen"]
    assert field_errors(response) == {}
    assert len(signups(app)) == 3
