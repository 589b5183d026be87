"""One transaction boundary per request, per CLI command and per worker task (issue 10 §4).

Services flush and never commit; views, commands and decorators do not commit either. The
boundary commits once, and after a successful commit wakes the in-process mail worker if
the transaction queued work for it (a mail, or a job that will send one).

Requests (`register`, from create_app): the boundary is the last step of every request,
after the view, its error handler and the blueprint's own hooks, before the response leaves:

- a response below 500 is committed. A page that answers 4xx and stores what was typed
  (a refused login is audited, a sign-up page with a mistake keeps nothing) keeps it;
- a 5xx response is rolled back, and so is anything an exception interrupted: every error
  handler in intake/errors.py rolls back before it renders its page, so a request that
  raises after a service flushed writes nothing and queues no mail;
- a commit that fails is handled as if the view had raised it: the Danish 503 page for a
  database error (500 for anything else, intake/errors.py), with the flashed messages that
  announced the lost work dropped. The prepared page is never sent, so no response is
  half-sent: the status and body are only decided once the commit has succeeded.

A view that must not keep what it wrote rolls back itself (a refused sign-up in
intake/public/views.py; a dry-run preview undoes its SAVEPOINT, intake/staff/preview.py).

Commands and the mail worker: `with unit_of_work():` around each command's work and each
worker task (jobs, reminders, link scrubbing, calendar updates) commits once at the end, or
rolls back if the block raises. The outbox's delivery keeps its own short commits (a claim,
then one per outcome: intake/outbox/delivery.py), which are the worker's units of work.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, session
from sqlalchemy import event
from sqlalchemy.orm import Session

from intake.database import begin_write
from intake.extensions import db

WAKE_WORKER = "intake.wake_worker"


def wake_after_commit(session_: Session | None = None) -> None:
    """Note that this transaction gave the mail worker work (a mail, a job): the boundary
    wakes it once the transaction is committed, never before (the worker would not see the
    rows yet) and never for work that was rolled back."""
    (session_ if session_ is not None else db.session()).info[WAKE_WORKER] = True


def commit(session_: Session | None = None) -> None:
    """Commit, then wake the mail worker if the transaction queued work for it. Raises what
    the database raises (SQLAlchemyError); the transaction is then to be rolled back."""
    from intake.outbox.delivery import wake

    session_ = session_ if session_ is not None else db.session()
    session_.commit()
    if session_.info.pop(WAKE_WORKER, False):
        wake()


def rollback(session_: Session | None = None) -> None:
    (session_ if session_ is not None else db.session()).rollback()


@contextmanager
def unit_of_work(write: bool = False) -> Iterator[Session]:
    """The boundary of one CLI command or worker task: commits once when the block ends,
    rolls back and re-raises if it raises. `write=True` begins as a writer (SQLite BEGIN
    IMMEDIATE, intake/database.py) for work that decides on what it reads."""
    session_ = db.session()
    if write:
        begin_write(session_)
    try:
        yield session_
    except BaseException:
        session_.rollback()
        raise
    commit(session_)


@event.listens_for(Session, "after_rollback")
def _forget_wake(session_: Session) -> None:
    session_.info.pop(WAKE_WORKER, None)


def register(app: Flask) -> None:
    """The request boundary. Call it after every other after_request hook is registered:
    Flask runs app hooks last-registered first, so this one runs right after the view's and
    the blueprint's hooks, and the security headers are still added to a replaced page."""

    @app.after_request
    def end_transaction(response):
        if not db.session.registry.has():  # the request never touched the database
            return response
        current = db.session()
        if response.status_code >= 500:
            current.rollback()
            return response
        if not current.in_transaction():
            return response
        try:
            commit(current)
        except Exception as error:  # noqa: BLE001 - answered by the app's error handlers
            current.rollback()
            session.pop("_flashes", None)  # they announced work that was not saved
            return app.make_response(app.handle_user_exception(error))
        return response
