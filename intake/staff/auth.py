"""Staff login sessions with Flask-Login, backed by a revocable row per session.

Flask-Login keeps `get_id()` in the signed cookie; for staff that is a random session token,
and the user loader accepts it only while its `StaffSession` row exists, is not idle for
longer than STAFF_IDLE_TIMEOUT and is younger than STAFF_SESSION_MAX_AGE. Logout, disabling
an account and a new password delete rows, so a copied or replayed cookie stops working.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import wraps

import sqlalchemy as sa
from flask import Flask, after_this_request, current_app, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user

from intake.clock import now
from intake.extensions import db, login_manager
from intake.staff.models import StaffSession, StaffUser

TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most once a minute


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "staff.login"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)


def _duration(value, default: timedelta) -> timedelta:
    """Settings may be a timedelta or a number of seconds (from INTAKE_* variables)."""
    if value is None:
        return default
    return value if isinstance(value, timedelta) else timedelta(seconds=float(value))


def idle_timeout() -> timedelta:
    return _duration(current_app.config.get("STAFF_IDLE_TIMEOUT"), timedelta(minutes=30))


def max_age() -> timedelta:
    return _duration(current_app.config.get("STAFF_SESSION_MAX_AGE"), timedelta(hours=12))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def load_user(token: str) -> StaffUser | None:
    record = db.session.get(StaffSession, token_hash(token)) if token else None
    if record is None:
        return None
    moment = now()
    if moment - record.last_seen_at > idle_timeout() or moment - record.created_at > max_age():
        return None
    user = record.user
    if not user.is_active:
        return None
    user.session_token = token
    user.staff_session = record
    return user


def unauthorized():
    """No staff session: a page request is sent to the login page; a POST gets the login page
    with what it sent carried along, so it is not lost (intake.staff.relogin)."""
    if request.method in ("GET", "HEAD"):
        return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))
    from intake.staff import relogin

    return relogin.login_page()


def current_staff() -> StaffUser | None:
    return current_user if current_user and current_user.is_authenticated else None


def staff_required(view):
    """Every staff view wears this; it also keeps the session alive (idle timer). It never
    commits: the touch is the request's last write, committed with it (intake/transactions.py)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        user = current_staff()
        if user is None:
            return unauthorized()
        record = user.staff_session
        if record is not None and now() - record.last_seen_at >= TOUCH_EVERY:
            after_this_request(_touch_after(record.token_hash))
        return view(*args, **kwargs)

    return wrapper


def _touch_after(key: str):
    def touch_on_answer(response):
        if response.status_code < 500:  # a failed request is rolled back, touch and all
            touch(key)
        return response

    return touch_on_answer


def touch(key: str) -> None:
    """Keep the session alive: a blind UPDATE by key, flushed, never committed.

    It runs as the request's last write, just before the request boundary commits, so on
    SQLite a page that only reads holds the writer lock for this one statement, not while
    it renders (see intake.database). If the session was ended meanwhile (another tab, or
    this request logged out), nothing is touched (the ORM's flush would call the missing row
    an error), and the next request finds no session.
    """
    db.session.execute(
        sa.update(StaffSession).where(StaffSession.token_hash == key)
        .values(last_seen_at=now()).execution_options(synchronize_session=False))


def start_session(user: StaffUser) -> None:
    """Log in: a fresh Flask session and a new token, so no id from before login survives."""
    moment = now()
    db.session.execute(sa.delete(StaffSession).where(
        StaffSession.last_seen_at < moment - idle_timeout()))
    token = secrets.token_urlsafe(32)
    db.session.add(StaffSession(token_hash=token_hash(token), staff_user_id=user.id,
                                created_at=moment, last_seen_at=moment))
    user.last_login_at = moment
    db.session.flush()
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    user.session_token = token
    login_user(user)


def end_session() -> None:
    """Log out: the server row goes, so the cookie is refused even if someone kept a copy."""
    user = current_staff()
    if user is not None and user.session_token:
        db.session.execute(sa.delete(StaffSession).where(
            StaffSession.token_hash == token_hash(user.session_token)))
    logout_user()
    session.clear()


def end_all_sessions(user: StaffUser) -> None:
    """Disabling an account or setting a new password ends every session it has."""
    db.session.execute(sa.delete(StaffSession).where(StaffSession.staff_user_id == user.id))
