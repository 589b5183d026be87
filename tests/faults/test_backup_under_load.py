"""Drill 6: a backup taken while sign-ups pour in restores into a fresh database that passes
the integrity check, and erasures made after the backup are re-applied from the deletion log.

SQLite: `flask --app wsgi backup PATH` (the online backup API). PostgreSQL: pg_dump, as the
backup unit in docs/systemd does, restored with pg_restore into a new database.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import uuid

import pytest
import sqlalchemy as sa

from intake.database import begin_write
from intake.extensions import db
from intake.gdpr import person as persons
from intake.gdpr import service as gdpr
from intake.outbox.models import OutboxMessage
from intake.signups.models import Booking, BookingStatus, Signup
from tests.support.drills import Load, Stack, make_stack
from tests.support.processes import ROOT, VENV_BIN, intake_env

pytestmark = pytest.mark.slow
ROOT_ENV = {"SECRET_KEY": "drill-secret-key-0123456789abcdef"}


@pytest.fixture
def backup_stack(make_app, tmp_path):
    running = make_stack(make_app, tmp_path, DELETION_LOG_PATH=str(tmp_path / "deletion-log.jsonl"))
    yield running
    running.stop()


def _flask(url: str, *args: str, **settings) -> subprocess.CompletedProcess:
    env = intake_env(**ROOT_ENV, SQLALCHEMY_DATABASE_URI=url, **settings)
    return subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "wsgi", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def _erase(stack, email: str) -> None:
    with stack.app.app_context():
        begin_write(db.session)
        assert gdpr.erase(persons.parse(email), actor="drill") is not None
        db.session.commit()
        db.session.remove()


def _check_restored(url: str, erased: str, kept: str, log_path, forms_dir: str) -> dict:
    """Re-apply the deletion log on the restored copy, then check it the way the app sees it."""
    result = _flask(url, "gdpr", "reapply-deletions", "--log", str(log_path), FORMS_DIR=forms_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            emails = {e for (e,) in conn.execute(sa.select(Signup.email))}
            orphans = conn.scalar(sa.select(sa.func.count()).select_from(Signup).where(
                ~sa.exists().where(Booking.signup_id == Signup.id)))
            confirmed = conn.scalar(sa.select(sa.func.coalesce(sa.func.sum(Booking.seats), 0))
                                    .where(Booking.status == BookingStatus.CONFIRMED))
            erased_mail = conn.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
                OutboxMessage.recipients.cast(sa.String).like(f"%{erased}%")))
            signups = conn.scalar(sa.select(sa.func.count()).select_from(Signup))
    finally:
        engine.dispose()
    assert erased not in emails, "the erasure made after the backup was re-applied"
    assert kept in emails
    assert orphans == 0, "no sign-up without its booking"
    assert confirmed <= 20
    assert erased_mail == 0
    return {"signups": signups, "output": result.stdout}


def test_sqlite_backup_under_load_restores_and_reapplies_deletions(tmp_path):
    stack = Stack.on_url(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path,
                         DELETION_LOG_PATH=str(tmp_path / "deletion-log.jsonl"))
    try:
        _sqlite_drill(stack, tmp_path)
    finally:
        stack.stop()


def _sqlite_drill(stack, tmp_path) -> None:
    server = stack.gunicorn(workers=2)
    load = Load(server.port, threads=4, prefix="backup").start()
    try:
        stack.wait_for(lambda: load.statuses[303] >= 10, what="sign-ups before the backup")
        target = tmp_path / "backup.sqlite3"
        result = _flask(
            stack.url, "backup", str(target), FORMS_DIR=str(stack.app.config["FORMS_DIR"])
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "integritet: ok" in result.stdout
        in_backup = {e for (e,) in sqlite3.connect(target).execute("SELECT email FROM signups")}
        stack.wait_for(
            lambda: load.statuses[303] >= len(in_backup) + 10, what="sign-ups after the backup"
        )
    finally:
        load.stop()
    assert set(load.statuses) == {303}

    erased, kept = sorted(in_backup)[0], sorted(in_backup)[1]
    _erase(stack, erased)

    restored = tmp_path / "restored.sqlite3"
    shutil.copy(target, restored)  # a fresh database made from the backup file alone
    with sqlite3.connect(restored) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    checked = _check_restored(
        f"sqlite:///{restored}",
        erased,
        kept,
        tmp_path / "deletion-log.jsonl",
        str(stack.app.config["FORMS_DIR"]),
    )
    assert checked["signups"] == len(in_backup) - 1


@pytest.mark.postgres_only
def test_postgresql_dump_under_load_restores_and_reapplies_deletions(backup_stack, tmp_path):
    stack = backup_stack
    url = sa.engine.make_url(stack.url)
    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    server = stack.gunicorn(workers=2)
    load = Load(server.port, threads=4, prefix="backup").start()
    dump = tmp_path / "intake.dump"
    try:
        stack.wait_for(lambda: load.statuses[303] >= 10, what="sign-ups before the backup")
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", plain],
                       check=True, capture_output=True, timeout=120)
        after_dump = load.statuses[303]
        stack.wait_for(
            lambda: load.statuses[303] >= after_dump + 10, what="sign-ups after the backup"
        )
    finally:
        load.stop()
    assert set(load.statuses) == {303}

    fresh = f"intake_restore_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{fresh}"'))
    restored_url = url.set(database=fresh)
    try:
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={fresh}",
                f"--host={url.host}",
                f"--port={url.port or 5432}",
                f"--username={url.username}",
                str(dump),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        engine = sa.create_engine(restored_url)
        with engine.connect() as conn:
            in_backup = sorted(e for (e,) in conn.execute(sa.select(Signup.email)))
            invalid = conn.scalar(
                sa.text("SELECT count(*) FROM pg_constraint WHERE NOT convalidated")
            )
        engine.dispose()
        assert len(in_backup) >= 10 and invalid == 0
        erased, kept = in_backup[0], in_backup[1]
        _erase(stack, erased)
        checked = _check_restored(
            restored_url.render_as_string(hide_password=False),
            erased,
            kept,
            tmp_path / "deletion-log.jsonl",
            str(stack.app.config["FORMS_DIR"]),
        )
        assert checked["signups"] == len(in_backup) - 1
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)'))
        admin.dispose()
