"""Fixtures around the app factory: a fresh database per test, a real SMTP server, a clock.

Set INTAKE_TEST_DATABASE_URL (postgresql+psycopg://…) to run the whole suite on PostgreSQL.
"""

from __future__ import annotations

import os
import smtplib
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from intake import clock, create_app
from intake.extensions import db, limiter
from tests.support.htmlform import RenderedForm
from tests.support.smtp import SmtpServer

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("INTAKE_TEST_DATABASE_URL")
ALLOWED_SMTP: set[tuple[str, int]] = set()


def pytest_addoption(parser):
    parser.addoption(
        "--update-screenshots", action="store_true", default=False,
        help="write the reference images of tests/browser/test_screenshots.py anew",
    )


# Under CI (INTAKE_MARKUP_SPLIT=1, set by .ci/run) the markup-only checks of these modules run
# on the PostgreSQL side instead, so that the two suites, run side by side, end together.
MARKUP_ON_POSTGRES_IN_CI = {
    "test_editor_accessibility.py", "test_staff_layout.py", "test_xlsform_accessibility.py",
}


def _runs_here(item) -> bool:
    if item.get_closest_marker("postgres_only"):
        return bool(PG_URL)
    if not item.get_closest_marker("markup_only"):
        return True
    on_postgres = (os.environ.get("INTAKE_MARKUP_SPLIT") == "1"
                   and Path(str(item.fspath)).name in MARKUP_ON_POSTGRES_IN_CI)
    return on_postgres == bool(PG_URL)


def pytest_collection_modifyitems(config, items):
    """Deselected (not skipped), so CI can demand zero skips: PostgreSQL-only tests on SQLite;
    on PostgreSQL the markup-only browser checks (axe at every width and language, layout,
    screenshots), which render the same HTML whatever the database and run once, on SQLite,
    so that both suites fit CI's time (in CI a few of them run on PostgreSQL instead, see
    MARKUP_ON_POSTGRES_IN_CI). The browser journeys run on both."""
    keep, drop = [], []
    for item in items:
        (keep if _runs_here(item) else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_report_header(config):
    return f"intake database: {'PostgreSQL ' + PG_URL if PG_URL else 'SQLite (temporary files)'}"


@pytest.fixture(autouse=True)
def _no_stray_smtp(monkeypatch):
    """Any SMTP connection except to a test server fails, so no test can mail the world."""
    real_connect = smtplib.SMTP.connect

    def guarded(self, host="localhost", port=0, source_address=None):
        if (host, int(port)) not in ALLOWED_SMTP:
            raise ConnectionRefusedError(f"tests may not connect to SMTP at {host}:{port}")
        return real_connect(self, host, port, source_address)

    monkeypatch.setattr(smtplib.SMTP, "connect", guarded)


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    ALLOWED_SMTP.add(("127.0.0.1", server.port))
    server.start()
    yield server
    server.stop()
    ALLOWED_SMTP.discard(("127.0.0.1", server.port))


@pytest.fixture(scope="session")
def _pg_schema():
    """On PostgreSQL the schema is built once by the real migrations, then emptied per test."""
    if not PG_URL:
        return None
    engine = sa.create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    app = create_app(_base_config(PG_URL, Path("/tmp")))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    return PG_URL


def _base_config(url: str, instance: Path, **extra) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": url,
        "INSTANCE_PATH": str(instance),
        "FORMS_DIR": str(ROOT / "forms"),
        "PUBLIC_BASE_URL": "https://intake.example.dk",
        "MAIL_BACKEND": "file",
        "MAIL_RETRY_BASE_SECONDS": 30,
        # tests/public/test_rate_limits.py uses the defaults
        "SIGNUP_RATE_LIMIT": "10000 per minute",
        "SIGNUP_EMAIL_RATE_LIMIT": "10000 per minute",
        "SIGNUP_POST_RATE_LIMIT": "10000 per minute",
        "RATELIMIT_STORAGE_URI": "memory://",
        **extra,
    }


@pytest.fixture
def make_app(tmp_path, _pg_schema, request):
    """Builds an app on a fresh database; tests may pass extra settings."""
    made = []

    def factory(**extra):
        url = _pg_schema or f"sqlite:///{tmp_path / 'intake.sqlite3'}"
        if "smtp_server" in request.fixturenames and "MAIL_SERVER" not in extra:
            server = request.getfixturevalue("smtp_server")
            extra = {
                "MAIL_BACKEND": "smtp",
                "MAIL_SERVER": "127.0.0.1",
                "MAIL_PORT": server.port,
                **extra,
            }
        app = create_app(_base_config(url, tmp_path, **extra))
        with app.app_context():
            if _pg_schema:
                _truncate_all()
            else:
                db.create_all()
        made.append(app)
        return app

    yield factory
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
            limiter.reset()  # this app's own counters (intake.extensions.PerAppLimiter)


def _truncate_all() -> None:
    """Empties every table and restarts every sequence, as TRUNCATE … RESTART IDENTITY would.

    DELETE is used instead: a test leaves a few rows in a few of some 60 tables, and TRUNCATE
    gives each table a new file however empty it is (about 0.4 s per test on the CI machine,
    against under 0.01 s). Foreign-key triggers are off for the transaction
    (session_replication_role, which the test role `postgres` may set), as every row goes.
    """
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    statements = ["SET LOCAL session_replication_role = replica"]
    statements += [f'DELETE FROM "{name}"' for name in tables]
    statements.append(
        "SELECT setval(c.oid, 1, false) FROM pg_class c JOIN pg_namespace n "
        "ON n.oid = c.relnamespace WHERE c.relkind = 'S' AND n.nspname = current_schema()"
    )
    db.session.connection().exec_driver_sql("; ".join(statements))
    db.session.commit()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def staff_user(app):
    from tests.staff.conftest import create_staff

    return create_staff(app)


@pytest.fixture
def staff_client(app, staff_user):
    """Logged in by posting the rendered login form, as a person would."""
    from tests.staff.conftest import log_in

    client = app.test_client()
    response = log_in(client)
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def frozen_clock():
    """Stops time; call the fixture with an aware datetime to move it."""

    def move(at: datetime) -> None:
        clock.set_frozen(at)

    yield move
    clock.set_frozen(None)


@pytest.fixture
def deliver(app):
    """Runs the outbox worker until nothing is due, as the real worker would: queued jobs
    (lost link, send confirmation again) first, then delivery."""
    from intake.jobs.service import run_due
    from intake.outbox.delivery import deliver_due

    def run() -> int:
        total = 0
        with app.app_context():
            run_due()
            while attempted := deliver_due():
                total += attempted
        return total

    return run


def open_form(client, url: str) -> RenderedForm:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return RenderedForm(response.get_data(as_text=True))


def submit(client, url: str, form: RenderedForm, follow: bool = False):
    return client.post(url, data=form.data(), follow_redirects=follow)
