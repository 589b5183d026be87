"""SQLite transaction control (intake.database): a read that turns into a write never fails.

Deterministic versions of issue 8, part 2: a GET request reads (its session, the form),
another connection commits, and then the request writes (an audit entry, a session touch).
SQLite refused that with "database is locked" at once. The real-concurrency version with
gunicorn is tests/faults/test_database_sqlite_concurrency.py.
"""

from __future__ import annotations

import sqlite3
import threading

import pytest
import sqlalchemy as sa

from intake.clock import now
from intake.database import is_write
from intake.extensions import db
from intake.staff import audit
from intake.staff.models import AuditEntry, StaffUser


def _commit_elsewhere(app, email: str) -> None:
    """Another process's write, through a connection of its own."""
    path = db.engine.url.database
    if db.engine.dialect.name == "sqlite":
        with sqlite3.connect(path) as other:
            other.execute("INSERT INTO staff_users (email, password_hash, is_active, created_at) "
                          "VALUES (?, 'x', 1, ?)",
                          (email, now().replace(tzinfo=None).isoformat(" ")))
        return
    engine = sa.create_engine(db.engine.url)
    with engine.begin() as other:
        other.execute(sa.insert(StaffUser).values(email=email, password_hash="x", is_active=True,
                                                  created_at=now()))
    engine.dispose()


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_read_request_can_write_after_someone_else_committed(app, method):
    with app.test_request_context("/staff/f/x/eksport.xlsx", method=method):
        assert db.session.scalar(sa.select(sa.func.count(StaffUser.id))) == 0  # the snapshot
        _commit_elsewhere(app, "anden@hedensted.dk")
        audit.record("export.xlsx", "form:x", actor="test")  # was: database is locked
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(StaffUser.id))) == 1
        assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 1


def test_outside_a_request_too(app):
    """Worker tasks and commands that read first (the link scrubber) get the same rule."""
    with app.app_context():
        db.session.scalar(sa.select(sa.func.count(StaffUser.id)))
        _commit_elsewhere(app, "tredje@hedensted.dk")
        audit.record("staff.create", "staff:1", actor="cli")
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 1


def test_a_failed_write_rolls_back_as_one_transaction(app):
    with app.test_request_context("/staff/", method="GET"):
        db.session.scalar(sa.select(sa.func.count(StaffUser.id)))
        audit.record("first", actor="test")
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 0


def test_public_pages_read_while_a_writer_holds_the_lock(app, client):
    """Reading never waits for the writer lock: a form page answers while a sign-up writes."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    # Steady state: the shipped forms are in the database (imported by `serve` at start, or
    # by the very first request, which is then a writer like any other).
    assert client.get("/").status_code == 200
    holder = None
    if url.startswith("sqlite"):
        holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None,
                                 check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
    try:
        answers = []
        reader = threading.Thread(target=lambda: answers.append(client.get("/").status_code))
        reader.start()
        reader.join(20)
        assert answers == [200]
    finally:
        if holder is not None:
            holder.execute("ROLLBACK")
            holder.close()


@pytest.mark.parametrize(("statement", "writes"), [
    ("SELECT 1", False), ("  select * from signups", False), ("BEGIN DEFERRED", False),
    ("WITH x AS (SELECT 1) SELECT * FROM x", False), ("PRAGMA foreign_keys", False),
    ("INSERT INTO t VALUES (1)", True), ("UPDATE t SET x = 1", True), ("DELETE FROM t", True),
    ("SAVEPOINT sa_savepoint_1", True), ("WITH x AS (SELECT 1) DELETE FROM t", True),
    ("PRAGMA user_version = 3", True), ("ANALYZE", True),
])
def test_which_statements_count_as_writes(statement, writes):
    assert is_write(statement) is writes
