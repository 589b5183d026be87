"""One transaction boundary (issue 10 §4, intake/transactions.py): a request, a CLI command
and a worker task commit once; nothing an exception interrupted is kept; the mail worker is
woken only after the commit; a commit that fails is the Danish 503 page, never the page the
view prepared.

A few routes are added to the app under test (`_probe`): they call the real services (the
outbox, the audit log, the job queue) and then raise, answer 409 or 503, so the boundary's
rules are tested on their own; the rest goes through intake's own pages and commands.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import abort, flash
from sqlalchemy import event

from intake.extensions import csrf, db
from intake.jobs.models import Job, JobKind
from intake.outbox import delivery
from intake.outbox.models import OutboxMessage
from intake.staff.models import AuditEntry, StaffSession, StaffUser
from tests.support.signups import GROUP, NOW, group_form, sign_up

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


@pytest.fixture
def commits(app):
    """Every COMMIT the database was sent, with whether the mail worker was already woken."""
    seen: list[bool] = []

    def on_commit(_conn):
        seen.append(delivery._wake.is_set())

    with app.app_context():
        engine = db.engine
    event.listen(engine, "commit", on_commit)
    delivery._wake.clear()
    yield seen
    event.remove(engine, "commit", on_commit)


def _queue_work() -> None:
    """A service's writes: a mail in the outbox, a job and an audit entry, flushed."""
    from intake.jobs import service as jobs
    from intake.outbox.service import enqueue
    from intake.staff import audit

    enqueue("staff_notified", ["erhverv@hedensted.dk"], "Emne", "Tekst")
    jobs.queue(JobKind.SIGNUP_RESEND, "person@firma.dk", form_slug="samarbejdsgruppe")
    audit.record("probe.stored", "probe:1", actor="probe")


def _probe(app, name: str, view) -> str:
    view.__name__ = f"probe_{name}"
    app.add_url_rule(f"/_probe/{name}", view_func=csrf.exempt(view), methods=["POST"])
    return f"/_probe/{name}"


def _counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model))
                     for model in (OutboxMessage, Job, AuditEntry))


def test_a_request_that_raises_after_a_service_flushed_writes_nothing_and_queues_no_mail(
        app, commits):
    def raises():
        _queue_work()
        raise RuntimeError("a bug after the service flushed")

    response = app.test_client().post(_probe(app, "raises", raises))
    assert response.status_code == 500
    assert "Der skete en fejl hos os" in response.get_data(as_text=True)
    assert _counts(app) == (0, 0, 0)
    assert commits == []
    assert not delivery._wake.is_set()


def test_an_abort_after_a_flush_keeps_nothing(app, commits):
    def aborts():
        _queue_work()
        abort(409)

    response = app.test_client().post(_probe(app, "aborts", aborts))
    assert response.status_code == 409
    assert _counts(app) == (0, 0, 0)
    assert not delivery._wake.is_set()


def test_a_4xx_page_that_stores_what_was_typed_persists_it(app, commits):
    def refused():
        _queue_work()
        return "Det, du skrev, er gemt, men ikke sendt.", 409

    response = app.test_client().post(_probe(app, "refused", refused))
    assert response.status_code == 409
    assert _counts(app) == (1, 1, 1)
    assert commits == [False]  # once, and the worker not yet woken at the commit
    assert delivery._wake.is_set()


def test_a_5xx_answer_is_rolled_back(app, commits):
    def unavailable():
        _queue_work()
        return "Prøv igen om lidt.", 503

    assert app.test_client().post(_probe(app, "unavailable", unavailable)).status_code == 503
    assert _counts(app) == (0, 0, 0)
    assert commits == []
    assert not delivery._wake.is_set()


def test_a_failing_commit_is_the_danish_503_never_the_prepared_page(app, commits):
    """The COMMIT itself fails, in the database: SQLite checks a deferred foreign key at
    commit; on PostgreSQL the connection is ended by the server before the commit."""

    def fails_at_commit():
        from intake.staff import audit

        session = db.session()
        audit.record("probe.lost", "probe:2", actor="probe")
        if session.get_bind().dialect.name == "sqlite":
            session.execute(sa.text("PRAGMA defer_foreign_keys = ON"))
            session.execute(sa.text(
                "INSERT INTO staff_sessions (token_hash, staff_user_id, created_at, "
                "last_seen_at) VALUES ('x', 999999, '2026-01-01', '2026-01-01')"))
        else:
            pid = session.scalar(sa.text("SELECT pg_backend_pid()"))
            with db.engine.connect() as other:
                other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
                other.commit()
        flash("Gemt.")
        return "the prepared page", 200

    client = app.test_client()
    response = client.post(_probe(app, "fails", fails_at_commit))
    body = response.get_data(as_text=True)
    assert response.status_code == 503, body
    assert "Tjenesten er midlertidigt utilgængelig" in body
    assert "the prepared page" not in body
    assert response.headers["Retry-After"] == "30"
    assert response.headers["X-Frame-Options"] == "DENY"  # the app's hooks ran on the new page
    with client.session_transaction() as session:
        assert "_flashes" not in session  # "Gemt." would have announced lost work
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0
    assert not delivery._wake.is_set()


def test_a_sign_up_commits_once_and_wakes_the_worker_after_the_commit(app, client, commits):
    form = group_form(client)
    commits.clear()  # opening the page is a read
    sign_up(client, GROUP, form)
    assert commits == [False]
    assert delivery._wake.is_set()
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) >= 1


def test_a_refused_sign_up_is_rolled_back_by_its_view_and_queues_nothing(app, client, commits):
    form = group_form(client, email="ikke-en-adresse")
    commits.clear()
    response = client.post(GROUP, data=form.data())
    assert response.status_code == 200
    assert not delivery._wake.is_set()
    assert _counts(app)[0] == 0


def test_a_read_only_page_wakes_nobody(client, commits):
    assert client.get("/").status_code == 200
    assert not delivery._wake.is_set()


def test_staff_required_never_commits_the_touch_is_the_requests_last_write(
        app, staff_client, frozen_clock, commits):
    from datetime import timedelta

    with app.app_context():
        before = db.session.scalar(sa.select(StaffSession.last_seen_at))
    frozen_clock(NOW + timedelta(minutes=5))
    commits.clear()
    assert staff_client.get("/staff/").status_code == 200
    assert commits == [False]  # the touch, committed once by the request boundary
    with app.app_context():
        after = db.session.scalar(sa.select(StaffSession.last_seen_at))
    assert after - before == timedelta(minutes=5)


def test_a_staff_action_that_fails_does_not_touch_the_session(app, staff_user, frozen_clock,
                                                              commits):
    from datetime import timedelta

    from intake.staff.auth import staff_required
    from tests.staff.conftest import log_in

    def breaks():
        raise RuntimeError("a bug in a staff view")

    url = _probe(app, "staff_breaks", staff_required(breaks))  # before the app's first request
    client = app.test_client()
    assert log_in(client).status_code == 303
    with app.app_context():
        before = db.session.scalar(sa.select(StaffSession.last_seen_at))
    frozen_clock(NOW + timedelta(minutes=5))
    commits.clear()
    assert client.post(url).status_code == 500
    assert commits == []
    with app.app_context():
        assert db.session.scalar(sa.select(StaffSession.last_seen_at)) == before


def test_cli_commands_commit_once(app, runner, commits):
    password = "en lang og hemmelig adgangskode 42"
    steps = [
        ["staff", "create", "ny@hedensted.dk", "--password", password],
        ["staff", "disable", "ny@hedensted.dk"],
        ["staff", "enable", "ny@hedensted.dk"],
        ["staff", "set-password", "ny@hedensted.dk", "--password", password + "!"],
    ]
    for args in steps:
        commits.clear()
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
        assert commits == [False], args
    with app.app_context():
        user = db.session.scalar(sa.select(StaffUser).where(StaffUser.email == "ny@hedensted.dk"))
        assert user.is_active
        actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["staff.create", "staff.disable", "staff.enable", "staff.set_password"]


def test_a_cli_command_that_fails_keeps_nothing(app, runner, commits):
    result = runner.invoke(args=["staff", "disable", "ingen@hedensted.dk"])
    assert result.exit_code != 0
    assert "Der findes ingen medarbejderkonto" in result.output
    assert commits == []


def test_worker_tasks_commit_in_their_unit_of_work_and_wake_after_it(app, commits):
    from intake.transactions import unit_of_work

    with app.app_context(), unit_of_work(write=True):
        _queue_work()
        assert not delivery._wake.is_set()
    assert commits == [False]
    assert delivery._wake.is_set()
    delivery._wake.clear()
    with pytest.raises(RuntimeError), app.app_context(), unit_of_work(write=True):
        _queue_work()
        raise RuntimeError("a task broke")
    assert commits == [False]
    assert not delivery._wake.is_set()
    assert _counts(app) == (1, 1, 1)


COMMIT = re.compile(r"\.commit\(\)")
WAKE = re.compile(r"(?<![\w.])wake\(\)")
BOUNDARIES = {"intake/transactions.py", "intake/outbox/delivery.py"}


def test_nothing_in_intake_commits_or_wakes_but_the_boundary():
    """Services flush and never commit; views, decorators and commands leave it to
    intake/transactions.py. The outbox delivery's claim and per-message outcome commits are
    the documented exception (intake/outbox/delivery.py)."""
    found = []
    for path in sorted((ROOT / "intake").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name in BOUNDARIES:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if COMMIT.search(line) or WAKE.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == []
