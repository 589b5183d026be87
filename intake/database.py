"""Database plumbing shared by every model: UTC datetimes and SQLite transaction control.

pysqlite's own transaction handling starts transactions lazily (only before DML), which
lets two requests read the same seat count. We take over BEGIN so that a transaction
starts at its first statement, and so that writers can ask for BEGIN IMMEDIATE, which
is SQLite's equivalent of PostgreSQL's row lock for the capacity decision.

How a SQLite transaction begins, and the one rule for reads that turn into writes:

- A request with an unsafe method (POST, ...) and every `begin_write()` caller (mail worker,
  reminders, CLI) begins IMMEDIATE: it waits its turn as the writer before its first read,
  so whatever it decides on what it read is still true when it writes.
- Anything else (GET pages, downloads, the public form pages) begins DEFERRED: a shared
  read snapshot that never takes the writer lock, so reading never waits for sign-ups.
- A DEFERRED transaction is never upgraded in place. SQLite refuses that upgrade at once
  with SQLITE_BUSY_SNAPSHOT ("database is locked") whenever another connection committed
  after the snapshot began, and busy_timeout does not help (waiting cannot make an old
  snapshot current). So at its first writing statement (an audit entry, a session touch,
  `opened_at`) the read snapshot is ended and the transaction continues as a writer:
  BEGIN IMMEDIATE, in the writer queue, on the newest data. It is the same transaction
  for SQLAlchemy and commits or rolls back as one from there on.

This gives SQLite the semantics PostgreSQL's READ COMMITTED already has: a transaction
that reads and then writes never fails because someone else wrote meanwhile, and its write
acts on the newest committed data. As on PostgreSQL, code whose write depends on what it
read (seat counts, claims) must not rely on a read snapshot: it begins as a writer (an
unsafe request, or `begin_write`) and on PostgreSQL locks the rows it decides on.
"""

from __future__ import annotations

import fcntl
import os
import re
import threading
from datetime import UTC

from flask import Flask, current_app, has_request_context, request
from sqlalchemy import DateTime, event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from intake.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class UTCDateTime(TypeDecorator):
    """Timezone-aware in Python, UTC in the database, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def configure_engines(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    with app.app_context():
        engine = db.engine
    if uri.startswith("sqlite"):
        _configure_sqlite(engine)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    on_file = engine.url.database not in (None, "", ":memory:")
    queue = WriterQueue(f"{engine.url.database}.writers") if on_file else None

    @event.listens_for(engine, "begin")
    def on_begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin")
        if mode is None:
            # A request that may write serialises from its first statement; reads stay shared.
            unsafe = has_request_context() and request.method not in SAFE_METHODS
            mode = current_app.config["SQLITE_WRITE_BEGIN"] if unsafe else "DEFERRED"
        if queue is not None and mode != "DEFERRED" and queue.acquire():
            conn.info["intake.writer_queue"] = queue
        try:
            conn.exec_driver_sql(f"BEGIN {mode}")
        except BaseException:
            _leave_queue(conn.info)
            raise
        conn.info[READ_SNAPSHOT] = mode == "DEFERRED"

    @event.listens_for(engine, "before_cursor_execute")
    def before_execute(conn, _cursor, statement, _parameters, _context, _executemany):
        if conn.info.get(READ_SNAPSHOT) and is_write(statement):
            _continue_as_writer(conn, queue)

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def on_end(conn):
        try:
            info = conn.info
        except exc.SQLAlchemyError:  # the connection was invalidated (an outage): leave anyway
            if queue is not None:
                queue.release()
            return
        info.pop(READ_SNAPSHOT, None)
        _leave_queue(info)

    @event.listens_for(engine, "checkin")
    def on_checkin(_dbapi_connection, record):
        record.info.pop(READ_SNAPSHOT, None)
        _leave_queue(record.info)  # a connection dropped without commit or rollback

    @event.listens_for(engine, "handle_error")
    def on_error(context):
        """A file that became read-only (or vanished) is an outage, not a permanent state.

        SQLite opens an unwritable file read-only and the connection stays so for its
        lifetime; treating the error as a disconnect throws the pooled connections away, so
        the next request opens the file afresh and the service recovers by itself.
        """
        message = str(context.original_exception).lower()
        if any(sign in message for sign in SQLITE_OUTAGE_SIGNS):
            context.is_disconnect = True


SQLITE_OUTAGE_SIGNS = ("readonly database", "disk i/o error", "unable to open database file")
READ_SNAPSHOT = "intake.read_snapshot"
READING = frozenset({"SELECT", "VALUES", "EXPLAIN", "BEGIN", "COMMIT", "END", "ROLLBACK",
                     "RELEASE"})
WRITING_WORDS = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def is_write(statement: str) -> bool:
    """Might this statement write? Unknown kinds count as writes (upgrading is always safe).

    Statements begin with their verb (SQLAlchemy writes no leading comments); a WITH is a
    read unless its body holds a writing verb; a PRAGMA writes when it assigns.
    """
    verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
    if verb in READING:
        return False
    if verb == "WITH":
        return WRITING_WORDS.search(statement) is not None
    if verb == "PRAGMA":
        return "=" in statement
    return True


def _continue_as_writer(conn, queue: WriterQueue | None) -> None:
    """End the read snapshot and go on as BEGIN IMMEDIATE (see the module docstring).

    Nothing has been written in this transaction yet (this runs before its first write),
    so ending it loses nothing; statements still reading from the old snapshot finish
    normally. The writer queue is joined first, like any writer.
    """
    conn.info[READ_SNAPSHOT] = False
    dbapi_connection = conn.connection.dbapi_connection
    if dbapi_connection.in_transaction:
        dbapi_connection.execute("COMMIT")
    if queue is not None and "intake.writer_queue" not in conn.info and queue.acquire():
        conn.info["intake.writer_queue"] = queue
    try:
        dbapi_connection.execute("BEGIN IMMEDIATE")
    except BaseException:
        _leave_queue(conn.info)
        raise


def _leave_queue(info: dict) -> None:
    queue = info.pop("intake.writer_queue", None)
    if queue is not None:
        queue.release()


class WriterQueue:
    """SQLite writers wait their turn in the kernel, not in SQLite's busy handler.

    SQLite's busy handler polls with sleeps that grow to 100 ms, so with two gunicorn
    workers the one that just committed usually wins again and the other sleeps: sign-ups
    wait for nothing and throughput halves. Writers (BEGIN IMMEDIATE) first take an
    exclusive flock on a file beside the database; the kernel wakes the next writer the
    moment it is released. The lock dies with its process, so a killed worker cannot leave
    it behind. SQLite's own locking still decides; this only orders the queue. A thread that
    already holds the queue (a second connection in the same request) skips it rather than
    wait for itself.
    """

    def __init__(self, path: str):
        self.path = path
        self.thread_lock = threading.Lock()
        self.owner: int | None = None
        self.fd: int | None = None
        self.pid: int | None = None

    def acquire(self) -> bool:
        if self.owner == threading.get_ident() or not self.thread_lock.acquire(timeout=30):
            return False
        try:
            if self.fd is None or self.pid != os.getpid():  # after a fork, open our own file
                self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                self.pid = os.getpid()
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except OSError:
            self.thread_lock.release()
            return False
        self.owner = threading.get_ident()
        return True

    def release(self) -> None:
        if self.owner != threading.get_ident():  # not ours (already left, or another thread's)
            return
        self.owner = None
        try:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            self.thread_lock.release()


def begin_write(session: Session) -> None:
    """Start the session's transaction as a writer, so its reads cannot go stale.

    Needed outside requests (mail worker, CLI); inside an unsafe request it already is.
    """
    session = session() if callable(session) and not isinstance(session, Session) else session
    if session.get_bind().dialect.name != "sqlite" or session.in_transaction():
        return
    session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
