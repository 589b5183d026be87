"""A running intake for process-level tests: the database, gunicorn, mail workers.

`Stack` owns one database (the test's fresh SQLite file or the truncated PostgreSQL test
database, or a private PostgreSQL) and starts real processes against it with INTAKE_*
settings. The test process keeps an app on the same database to look at what was stored.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from contextlib import suppress
from pathlib import Path

import sqlalchemy as sa

from intake import create_app
from intake.extensions import db
from tests.support.processes import Client, Gunicorn, MailWorker, intake_env, reference_of

ROOT = Path(__file__).resolve().parents[2]
DRILL_FORMS = ROOT / "tests" / "faults" / "forms"
SECRET = "drill-secret-key-0123456789abcdef"
BASE_URL = "https://intake.example.dk"


class Stack:
    def __init__(self, app, tmp_path: Path):
        self.app = app
        self.tmp = tmp_path
        self.url = app.config["SQLALCHEMY_DATABASE_URI"]
        self.processes: list = []
        self.logs = tmp_path / "logs"
        self.logs.mkdir(exist_ok=True)

    @classmethod
    def on_url(cls, url: str, tmp_path: Path, **settings) -> Stack:
        """A stack on a database of its own (a private PostgreSQL, for example)."""
        app = create_app({
            "SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path),
            "FORMS_DIR": str(DRILL_FORMS), "PUBLIC_BASE_URL": BASE_URL, "MAIL_BACKEND": "file",
            "SIGNUP_RATE_LIMIT": "100000 per minute", "SIGNUP_POST_RATE_LIMIT": "100000 per minute",
            "SIGNUP_EMAIL_RATE_LIMIT": "100000 per minute", **settings,
        })
        with app.app_context():
            db.create_all()
        return cls(app, tmp_path)

    def env(self, **settings) -> dict[str, str]:
        base = {
            "SECRET_KEY": SECRET,
            "SQLALCHEMY_DATABASE_URI": self.url,
            "FORMS_DIR": str(DRILL_FORMS),
            "PUBLIC_BASE_URL": BASE_URL,
            "MAIL_FILE_DIR": str(self.tmp / "mail"),
            "SIGNUP_RATE_LIMIT": "100000 per minute",
            "RATELIMIT_STORAGE_URI": "memory://",
            "SIGNUP_POST_RATE_LIMIT": "100000 per minute",
            "SIGNUP_EMAIL_RATE_LIMIT": "100000 per minute",
            "MAIL_WORKER_INTERVAL": 0.2,
        }
        return intake_env(**{**base, **settings})

    def gunicorn(self, workers: int = 2, name: str = "web", extra_args: list[str] | None = None,
                 **settings) -> Gunicorn:
        server = Gunicorn(
            self.env(**settings), self.logs / f"{name}.log", workers=workers, extra=extra_args
        )
        self.processes.append(server)
        return server.start()

    def mail_worker(self, name: str = "mail", **settings) -> MailWorker:
        worker = MailWorker(self.env(**settings), self.logs / f"{name}.log")
        self.processes.append(worker)
        return worker.start()

    def _query(self, run):
        """Run a query in the test process; after a database restart, reconnect once."""
        for attempt in (1, 2):
            with self.app.app_context():
                try:
                    return run(db.session)
                except sa.exc.OperationalError:
                    db.session.remove()
                    db.engine.dispose()
                    if attempt == 2:
                        raise
                finally:
                    db.session.remove()
        return None

    def scalar(self, statement):
        return self._query(lambda session: session.scalar(statement))

    def rows(self, statement):
        return self._query(lambda session: session.execute(statement).all())

    def wait_for(
        self, predicate, timeout: float = 30, interval: float = 0.1, what: str = "condition"
    ):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with suppress(sa.exc.OperationalError):
                value = predicate()
                if value:
                    return value
            time.sleep(interval)
        raise AssertionError(
            f"timed out after {timeout}s waiting for {what}\n{self.process_logs()}"
        )

    def process_logs(self) -> str:
        return "\n".join(f"--- {p.log_path.name}\n{p.output()[-3000:]}" for p in self.processes)

    def stop(self) -> None:
        for process in self.processes:  # all at once, then wait for each
            with suppress(Exception):
                if process.proc is not None and process.proc.poll() is None:
                    process.proc.send_signal(process.stop_signal)
        for process in reversed(self.processes):
            with suppress(Exception):
                process.stop()
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()


def sign_up(port: int, slug: str = "drill", timeout: float = 10, **values):
    """A visitor opens the form, fills it in and posts it back; returns the POST's response."""
    client = Client(port, timeout=timeout)
    form = client.open_form(f"/f/{slug}")
    form.fill(**values)
    return client.post_form(f"/f/{slug}", form.data())


class Load:
    """Sign-ups from several threads until stopped; records every answer and every failure."""

    def __init__(
        self,
        port: int,
        threads: int = 6,
        prefix: str = "load",
        slug: str = "drill",
        limit: int | None = None,
    ):
        self.port, self.threads, self.prefix, self.slug, self.limit = (
            port,
            threads,
            prefix,
            slug,
            limit,
        )
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        self.references: list[str] = []
        self.bodies: dict[int, str] = {}
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.sent = 0
        self._workers: list[threading.Thread] = []

    def _next(self) -> int | None:
        with self.lock:
            if self.limit is not None and self.sent >= self.limit:
                return None
            self.sent += 1
            return self.sent

    def _run(self):
        while not self.stop_event.is_set():
            number = self._next()
            if number is None:
                return
            try:
                response = sign_up(self.port, self.slug, navn=f"Person {number}",
                                   email=f"{self.prefix}-{number}@example.dk")
            except Exception as error:  # a killed worker drops its connection
                with self.lock:
                    self.errors.append(f"{type(error).__name__}: {error}")
                continue
            with self.lock:
                self.statuses[response.status] += 1
                self.latencies.append(response.elapsed)
                if response.status == 303:
                    self.references.append(reference_of(response))
                else:
                    self.bodies.setdefault(response.status, response.text)

    def start(self) -> Load:
        for _ in range(self.threads):
            thread = threading.Thread(target=self._run, daemon=True)
            thread.start()
            self._workers.append(thread)
        return self

    def stop(self, timeout: float = 60) -> Load:
        self.stop_event.set()
        return self.join(timeout)

    def join(self, timeout: float = 60) -> Load:
        for thread in self._workers:
            thread.join(timeout)
        return self


def make_stack(make_app, tmp_path: Path, **settings) -> Stack:
    """The test's fresh database (SQLite file, or the truncated PostgreSQL test database)."""
    app = make_app(
        FORMS_DIR=str(DRILL_FORMS), SECRET_KEY=SECRET, PUBLIC_BASE_URL=BASE_URL, **settings
    )
    return Stack(app, tmp_path)
