"""Database plumbing shared by every model: UTC datetimes and SQLite transaction control.

pysqlite's own transaction handling starts transactions lazily (only before DML), which
lets two requests read the same seat count. We take over BEGIN so that a transaction
starts at its first statement, and so that writers can ask for BEGIN IMMEDIATE, which
is SQLite's equivalent of PostgreSQL's row lock for the capacity decision.
"""

from __future__ import annotations

from datetime import UTC

from flask import Flask, current_app, has_request_context, request
from sqlalchemy import DateTime, event
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

    @event.listens_for(engine, "begin")
    def on_begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin")
        if mode is None:
            # A request that may write serialises from its first statement; reads stay shared.
            unsafe = has_request_context() and request.method not in SAFE_METHODS
            mode = current_app.config["SQLITE_WRITE_BEGIN"] if unsafe else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


def begin_write(session: Session) -> None:
    """Start the session's transaction as a writer, so its reads cannot go stale.

    Needed outside requests (mail worker, CLI); inside an unsafe request it already is.
    """
    session = session() if callable(session) and not isinstance(session, Session) else session
    if session.get_bind().dialect.name != "sqlite" or session.in_transaction():
        return
    session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
