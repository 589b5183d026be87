"""Staff accounts managed in the browser by an administrator (issue 12 §4).

A new account has no password: it gets a one-time link by mail to set one. The token is 256
random bits; only its SHA-256 is stored (`PasswordLink`), it expires after LINK_LIFETIME, a
GET of the page changes nothing, and setting the password uses it up. A new link replaces
the older ones. The mail's stored copy loses the link once delivered (intake/staff/link_mails.py).

Rules: an administrator cannot take their own administrator role away, nor disable their own
account, so there is always someone who can manage accounts. Disabling ends every session.
Every function flushes and never commits (intake/transactions.py); each change is audited.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from intake.clock import now
from intake.extensions import db
from intake.outbox.addresses import UndeliverableAddress, deliverable
from intake.staff import audit, passwords
from intake.staff.auth import end_all_sessions, token_hash
from intake.staff.models import PasswordLink, StaffUser
from intake.staff.roles import Role

LINK_LIFETIME = timedelta(hours=72)
UNSET_HASH = "!"  # not an argon2 hash: passwords.verify says no to every password


@dataclass
class AccountError(Exception):
    """A refused change, in Danish; `field` names the form field it belongs next to."""

    message: object
    field: str | None = None

    def __str__(self) -> str:
        return str(self.message)


def find(account_id: int) -> StaffUser | None:
    return db.session.get(StaffUser, account_id)


def all_accounts() -> list[StaffUser]:
    return list(db.session.scalars(sa.select(StaffUser).order_by(StaffUser.email)))


def normalised_email(email: str) -> str:
    """The address as stored (lower-case, validated); AccountError on the e-mail field."""
    try:
        return deliverable(email.strip()).lower()
    except UndeliverableAddress as error:
        raise AccountError(
            _l("Skriv en gyldig e-mailadresse, fx navn@hedensted.dk."), "email"
        ) from error


def create(email: str, name: str, roles: Iterable[Role], *, by: str) -> tuple[StaffUser, str]:
    """A new active account without a password, and the raw token of its set-password link
    (to mail it; never stored). AccountError if the address is taken or not deliverable."""
    email = normalised_email(email)
    if db.session.scalar(sa.select(StaffUser.id).where(StaffUser.email == email)) is not None:
        raise AccountError(_l("Der findes allerede en konto med den e-mailadresse."), "email")
    user = StaffUser(
        email=email, name=name.strip(), password_hash=UNSET_HASH, is_active=True, created_at=now()
    )
    user.roles = roles
    db.session.add(user)
    db.session.flush()
    audit.record("staff.create", f"staff:{user.id}", {"roles": sorted(user.roles)}, actor=by)
    return user, new_link(user)


def new_link(user: StaffUser) -> str:
    """A fresh one-time link token for `user`; older unused links stop working."""
    db.session.execute(sa.delete(PasswordLink).where(PasswordLink.staff_user_id == user.id))
    token = secrets.token_urlsafe(32)  # 32 bytes = 256 bits
    moment = now()
    db.session.add(
        PasswordLink(
            token_hash=token_hash(token),
            staff_user_id=user.id,
            created_at=moment,
            expires_at=moment + LINK_LIFETIME,
        )
    )
    db.session.flush()
    return token


def valid_link(token: str) -> PasswordLink | None:
    """The link for `token` if it may still be used: unused, unexpired, account active."""
    if not token or len(token) > 100:
        return None
    link = db.session.get(PasswordLink, token_hash(token))
    if link is None or link.used_at is not None or link.expires_at <= now():
        return None
    user = db.session.get(StaffUser, link.staff_user_id)
    return link if user is not None and user.is_active else None


def use_link(link: PasswordLink, password: str) -> StaffUser:
    """Set the password through a valid link and use the link up. The caller has checked the
    password with passwords.problems. Every earlier session of the account ends."""
    user = db.session.get(StaffUser, link.staff_user_id)
    moment = now()
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = moment
    link.used_at = moment
    end_all_sessions(user)
    audit.record("staff.password_link_used", f"staff:{user.id}", actor=user.email)
    return user


def set_roles(user: StaffUser, roles: Iterable[Role], *, me: StaffUser) -> bool:
    """Give `user` exactly `roles`; False when nothing changed. AccountError when an
    administrator would take away their own administrator role."""
    roles = frozenset(roles)
    if user.id == me.id and Role.ADMIN not in roles:
        raise AccountError(
            _l(
                "Du kan ikke fjerne din egen administratorrolle. Bed en anden administrator om det."
            ),
            "roles",
        )
    if roles == user.roles:
        return False
    before = sorted(user.roles)
    user.roles = roles
    db.session.flush()
    audit.record("staff.roles", f"staff:{user.id}", {"before": before, "after": sorted(roles)})
    return True


def set_active(user: StaffUser, active: bool, *, me: StaffUser) -> None:
    """Disable (every session ends at once) or enable an account. AccountError for oneself."""
    if user.id == me.id and not active:
        raise AccountError(_l("Du kan ikke deaktivere din egen konto."))
    if user.is_active == active:
        return
    user.is_active = active
    if not active:
        end_all_sessions(user)
    db.session.flush()
    audit.record("staff.enable" if active else "staff.disable", f"staff:{user.id}")


def change_own_password(user: StaffUser, current: str, new: str) -> list[str]:
    """The own password page: Danish problems (empty when changed). The other sessions of the
    account end; the caller starts a new one for this browser."""
    if not passwords.verify(user.password_hash, current):
        return [str(_l("Den nuværende adgangskode er forkert."))]
    found = passwords.problems(new, user.email)
    if found:
        return found
    user.password_hash = passwords.hash_password(new)
    user.password_changed_at = now()
    end_all_sessions(user)
    audit.record("staff.own_password", f"staff:{user.id}")
    return []
