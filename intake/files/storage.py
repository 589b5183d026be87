"""The stored files on disk, in step with the database transaction.

Files live in `UPLOADS_DIR` (default `<instance>/uploads`, outside the web root and never
served by a static route) under random names of 64 hex digits (`secrets.token_hex(32)`), so
a name says nothing and cannot be guessed or made to point elsewhere.

A file is written when its sign-up has been accepted (or a goal owner's follow-up answer is
saved), inside the request's transaction; if
that transaction (or the savepoint it was written in) is rolled back, the file is removed
again. A file whose row is deleted (by GDPR erase, retention, a deleted sign-up or a deleted
invitation: every deletion of a sign-up goes through the session, intake/gdpr/removal.py,
and follow-up invitations are deleted through the session) is removed from disk
only after the commit, so a failed erasure never loses a file the database still lists.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

WRITTEN = "intake.files.written"
REMOVED = "intake.files.removed"
NAME_RE = re.compile(r"[0-9a-f]{64}")


def directory() -> Path:
    """The uploads directory (created, mode 0700)."""
    path = Path(current_app.config["UPLOADS_DIR"])
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def path_of(storage_name: str) -> Path:
    """The file's place on disk; ValueError for anything but a storage name."""
    if not NAME_RE.fullmatch(storage_name or ""):
        raise ValueError("not a storage name")
    return directory() / storage_name


def write(session: Session, data: bytes) -> str:
    """Store `data` under a new random name (mode 0600) and return the name; removed again
    if the current transaction is rolled back."""
    session.connection()  # in a transaction, so its rollback is seen (autobegin)
    name = secrets.token_hex(32)
    target = path_of(name)
    partial = target.with_suffix(".part")
    with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, target)
    _pending(session, WRITTEN).append((_current(session), name))
    return name


def remove_after_commit(session: Session, storage_name: str) -> None:
    _pending(session, REMOVED).append((_current(session), storage_name))


def read(storage_name: str) -> bytes:
    return path_of(storage_name).read_bytes()


def exists(storage_name: str) -> bool:
    return path_of(storage_name).exists()


def _current(session: Session):
    return session.get_nested_transaction() or session.get_transaction()


def _pending(session: Session, key: str) -> list:
    return session.info.setdefault(key, [])


def _unlink(storage_name: str) -> None:
    try:
        path_of(storage_name).unlink(missing_ok=True)
    except (OSError, RuntimeError):  # no app context or a vanished directory: nothing to undo
        current_app.logger.warning("could not remove uploaded file %s", storage_name)


def _within(transaction, outer) -> bool:
    while transaction is not None:
        if transaction is outer:
            return True
        transaction = transaction.parent
    return False


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, previous) -> None:
    for key in (WRITTEN, REMOVED):
        pending = session.info.get(key)
        if not pending:
            continue
        undone = [(tx, name) for tx, name in pending if _within(tx, previous)]
        session.info[key] = [item for item in pending if item not in undone]
        if key == WRITTEN:
            for _tx, name in undone:
                _unlink(name)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info.pop(WRITTEN, None)
    for _tx, name in session.info.pop(REMOVED, []):
        _unlink(name)


@event.listens_for(Session, "before_flush")
def _deleting(session: Session, _context, _instances) -> None:
    """A deleted sign-up or invitation (a follow-up's, with its action plans) takes its
    files along; a deleted file row takes its file."""
    from intake.files.models import UploadedFile
    from intake.invitations.models import Invitation
    from intake.signups.models import Signup

    signup_ids = [o.id for o in session.deleted if isinstance(o, Signup) and o.id is not None]
    invitation_ids = [
        o.id for o in session.deleted if isinstance(o, Invitation) and o.id is not None
    ]
    for column, ids in ((UploadedFile.signup_id, signup_ids),
                        (UploadedFile.invitation_id, invitation_ids)):
        if not ids:
            continue
        with session.no_autoflush:
            for row in session.scalars(sa.select(UploadedFile).where(column.in_(ids))):
                session.delete(row)
    for row in [o for o in session.deleted if isinstance(o, UploadedFile)]:
        if not any(name == row.storage_name for _tx, name in session.info.get(REMOVED, [])):
            remove_after_commit(session, row.storage_name)
