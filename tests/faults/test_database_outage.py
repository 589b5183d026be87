"""Drill 4: the database goes away under load, and comes back.

PostgreSQL: a private cluster (never the shared server on 5432) is stopped while sign-ups
run through gunicorn. Every answer meanwhile is the Danish 503 page ("Prøv igen om lidt"),
never a 500 or a traceback, and when the database is started again the service recovers
by itself, with no restart.

SQLite: the database file becomes read-only (immutable, since root ignores file modes) and
the workers reopen it; then it becomes writable again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections import Counter

import pytest
import sqlalchemy as sa

from intake.signups.models import Signup
from tests.support.drills import DRILL_FORMS, Stack
from tests.support.processes import Client, OwnPostgres

pytestmark = pytest.mark.slow


class Probe:
    """Visitors that open the form and sign up, again and again, recording every answer."""

    def __init__(self, port: int, threads: int = 4):
        self.port = port
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.answers: list[tuple[float, str, int]] = []  # (time, "GET"/"POST", status)
        self.bodies: dict[int, str] = {}
        self.errors: list[str] = []
        self.counter = 0
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def _record(self, method: str, response) -> None:
        with self.lock:
            self.answers.append((time.monotonic(), method, response.status))
            if response.status != 303:
                self.bodies.setdefault(response.status, response.text)
                self.bodies[-1] = response.text  # the latest non-redirect body, whatever it was

    def _run(self) -> None:
        while not self.stop_event.is_set():
            with self.lock:
                self.counter += 1
                number = self.counter
            client = Client(self.port, timeout=20)
            try:
                page = client.get("/f/drill")
                self._record("GET", page)
                if page.status != 200:
                    time.sleep(0.05)
                    continue
                from tests.support.htmlform import RenderedForm

                form = RenderedForm(page.text).fill(
                    navn=f"Person {number}", email=f"db-{number}@example.dk"
                )
                self._record("POST", client.post_form("/f/drill", form.data()))
            except Exception as error:
                with self.lock:
                    self.errors.append(f"{type(error).__name__}: {error}")

    def start(self) -> Probe:
        for thread in self.threads:
            thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        for thread in self.threads:
            thread.join(30)

    def since(self, moment: float) -> Counter:
        with self.lock:
            return Counter((method, status) for at, method, status in self.answers if at >= moment)

    def wait_for(self, predicate, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.05)
        raise AssertionError(
            f"timed out waiting for {what}: "
            f"{Counter(s for *_, s in self.answers)} {self.errors[:3]}"
        )


def _assert_danish_503_only(probe: Probe) -> None:
    statuses = Counter(status for *_, status in probe.answers)
    assert set(statuses) <= {200, 303, 503}, (
        statuses,
        {k: v[:300] for k, v in probe.bodies.items()},
    )
    assert statuses[503] > 0, statuses
    page = probe.bodies[503]
    assert "Prøv igen om lidt" in page
    assert (
        "Traceback" not in page
        and "sqlalchemy" not in page.lower()
        and "psycopg" not in page.lower()
    )
    assert '<html lang="da">' in page
    assert not probe.errors, probe.errors[:5]


@pytest.mark.postgres_only  # starts its own PostgreSQL; run once, in CI's PostgreSQL pass
def test_postgresql_stopped_under_load_gives_503_and_recovers_by_itself(tmp_path):
    postgres = OwnPostgres().init()
    stack = Stack.on_url(postgres.url, tmp_path)
    probe = None
    try:
        server = stack.gunicorn(workers=2)
        probe = Probe(server.port).start()
        probe.wait_for(
            lambda: probe.since(0)[("POST", 303)] >= 10, 30, "sign-ups before the outage"
        )

        postgres.stop("fast")
        stopped = time.monotonic()
        probe.wait_for(
            lambda: sum(n for (_, s), n in probe.since(stopped).items() if s == 503) >= 20,
            30,
            "503 answers during the outage",
        )

        postgres.start()
        back = time.monotonic()
        probe.wait_for(
            lambda: probe.since(back)[("POST", 303)] >= 10,
            60,
            "sign-ups after the database returned",
        )
        probe.stop()

        _assert_danish_503_only(probe)
        answered = probe.since(0)[("POST", 303)]
        stored = stack.scalar(sa.select(sa.func.count()).select_from(Signup))
        assert stored >= answered
        assert server.proc.poll() is None, "gunicorn itself never went down"
        assert "Traceback" not in server.output()
    finally:
        if probe:
            probe.stop()
        stack.stop()
        postgres.destroy()


def _immutable(path, on: bool) -> None:
    """chattr +i: even root cannot write the file (a chmod would not stop root)."""
    subprocess.run(["chattr", "+i" if on else "-i", str(path)], check=True, capture_output=True)


def test_read_only_sqlite_file_gives_503_and_recovers_when_writable(tmp_path):
    home = tmp_path / "db"
    home.mkdir()
    database = home / "intake.sqlite3"
    stack = Stack.on_url(f"sqlite:///{database}", tmp_path, FORMS_DIR=str(DRILL_FORMS))
    probe = None
    try:
        server = stack.gunicorn(workers=2)
        probe = Probe(server.port).start()
        probe.wait_for(lambda: probe.since(0)[("POST", 303)] >= 5, 30, "sign-ups while writable")

        _immutable(database, True)  # e.g. a disk remounted read-only, or a bad deploy
        os.kill(server.pid, signal.SIGHUP)  # workers restart and open the file anew
        read_only = time.monotonic()
        probe.wait_for(
            lambda: probe.since(read_only)[("POST", 503)] >= 10, 30, "503 answers while read-only"
        )

        _immutable(database, False)
        writable = time.monotonic()
        probe.wait_for(
            lambda: probe.since(writable)[("POST", 303)] >= 5, 30, "sign-ups when writable again"
        )
        probe.stop()
        _assert_danish_503_only(probe)
        assert server.proc.poll() is None
    finally:
        if probe:
            probe.stop()
        _immutable(database, False)
        stack.stop()
