"""Failed-login throttling per account and per IP, counted in the database.

The count is shared by every worker process (process memory would let an attacker multiply
the limit by the number of workers). Keys are HMACs of "account:<e-mail>" and "ip:<address>",
so the table holds no e-mail addresses or IPs, and an unknown e-mail is counted exactly like a
real one: throttling never tells whether an account exists.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from intake.clock import now
from intake.extensions import db
from intake.staff.models import LoginFailure


def _key(kind: str, value: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _window() -> timedelta:
    value = current_app.config.get("STAFF_LOGIN_WINDOW", timedelta(minutes=15))
    return value if isinstance(value, timedelta) else timedelta(seconds=float(value))


def _keys(email: str, ip: str | None) -> list[tuple[str, int]]:
    config = current_app.config
    return [
        (_key("account", email.strip().lower()), int(config.get("STAFF_LOGIN_MAX_PER_ACCOUNT", 5))),
        (_key("ip", ip or "-"), int(config.get("STAFF_LOGIN_MAX_PER_IP", 20))),
    ]


def is_blocked(email: str, ip: str | None) -> bool:
    """True when the account or the IP has used up its failed attempts in the window."""
    since = now() - _window()
    for key, limit in _keys(email, ip):
        count = db.session.scalar(
            sa.select(sa.func.count(LoginFailure.id))
            .where(LoginFailure.key_hash == key, LoginFailure.failed_at > since)
        )
        if count >= limit:
            return True
    return False


def record_failure(email: str, ip: str | None) -> None:
    moment = now()
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.failed_at <= moment - _window()))
    for key, _limit in _keys(email, ip):
        db.session.add(LoginFailure(key_hash=key, failed_at=moment))
    db.session.flush()


def clear_account(email: str) -> None:
    """A successful login forgives the account's earlier mistakes (not the IP's)."""
    key = _key("account", email.strip().lower())
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.key_hash == key))
