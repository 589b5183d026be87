"""Staff accounts, their server-side sessions, failed-login counters and the audit log.

Sessions live in the database (not only in the signed cookie) so that logout, disabling an
account or an idle timeout ends them for good: a copied cookie is worthless afterwards.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import relationship

from intake.columns import JSONType, UTCDateTime, created_at_column, enum_column
from intake.extensions import db
from intake.staff.roles import Role


class StaffUser(UserMixin, db.Model):
    __tablename__ = "staff_users"

    id = sa.Column(sa.Integer, primary_key=True)
    email = sa.Column(sa.String(254), nullable=False, unique=True)  # stored lower-case
    name = sa.Column(sa.String(200), nullable=False, default="", server_default="")
    password_hash = sa.Column(sa.String(255), nullable=False)
    is_active = sa.Column(sa.Boolean, nullable=False, default=True)
    created_at = created_at_column()
    password_changed_at = sa.Column(UTCDateTime)
    last_login_at = sa.Column(UTCDateTime)

    sessions = relationship("StaffSession", back_populates="user", cascade="all, delete-orphan")
    # selectin: the roles come with the account in the user loader's query, once per request
    role_rows = relationship(
        "StaffRole", cascade="all, delete-orphan", lazy="selectin", order_by="StaffRole.role"
    )

    # Set by the user loader on the loaded object: the raw token of this request's session
    # and its row. Plain attributes, not columns.
    session_token = None
    staff_session = None

    def get_id(self) -> str | None:
        """Flask-Login keeps this in the cookie: the session token, never the account id,
        so that the cookie only works while its server-side session row exists."""
        return self.session_token

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(row.role for row in self.role_rows)

    @roles.setter
    def roles(self, wanted) -> None:
        """Assigning a set of roles adds and removes rows (delete-orphan removes the rest)."""
        wanted = frozenset(Role(role) for role in wanted)
        self.role_rows = [row for row in self.role_rows if row.role in wanted] + [
            StaffRole(role=role) for role in sorted(wanted - self.roles)
        ]


class StaffRole(db.Model):
    """One role of one staff account (intake/staff/roles.py says what each role allows)."""

    __tablename__ = "staff_roles"

    staff_user_id = sa.Column(sa.ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True)
    role = enum_column(Role, primary_key=True)


class StaffSession(db.Model):
    __tablename__ = "staff_sessions"

    # sha256 of the random token in the cookie; a leaked database gives no usable cookie.
    token_hash = sa.Column(sa.String(64), primary_key=True)
    staff_user_id = sa.Column(
        sa.ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at = created_at_column()
    last_seen_at = sa.Column(UTCDateTime, nullable=False, index=True)

    user = relationship("StaffUser", back_populates="sessions")


class LoginFailure(db.Model):
    """One failed login, counted per account and per IP (keys are HMACs: no e-mail or IP stored).

    In the database rather than process memory, so several worker processes share the count.
    """

    __tablename__ = "staff_login_failures"
    __table_args__ = (sa.Index("ix_staff_login_failures_key_at", "key_hash", "failed_at"),)

    id = sa.Column(sa.Integer, primary_key=True)
    key_hash = sa.Column(sa.String(64), nullable=False)
    failed_at = sa.Column(UTCDateTime, nullable=False, index=True)


class AuditEntry(db.Model):
    """Who did what, when. The actor's e-mail is copied so the entry outlives the account."""

    __tablename__ = "audit_entries"

    id = sa.Column(sa.Integer, primary_key=True)
    staff_user_id = sa.Column(sa.ForeignKey("staff_users.id", ondelete="SET NULL"), index=True)
    actor = sa.Column(sa.String(254), nullable=False)
    action = sa.Column(sa.String(60), nullable=False, index=True)
    target = sa.Column(sa.String(120), index=True)
    details = sa.Column(JSONType, nullable=False, default=dict)
    remote_addr = sa.Column(sa.String(45))
    created_at = created_at_column()


class PasswordLink(db.Model):
    """A one-time link that lets a new account set its password (intake/staff/accounts.py).

    Only the sha256 of the 256-bit token is stored: a leaked database gives no usable link.
    """

    __tablename__ = "staff_password_links"

    token_hash = sa.Column(sa.String(64), primary_key=True)
    staff_user_id = sa.Column(
        sa.ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at = created_at_column()
    expires_at = sa.Column(UTCDateTime, nullable=False)
    used_at = sa.Column(UTCDateTime)
