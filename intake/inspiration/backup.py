"""The sheets' files for the backup (intake/backup.py) and the files sweep
(intake/files/commands.py): both must know them, or a backup would leave them out and the
sweep would take them for files no row knows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa

from intake.extensions import db
from intake.inspiration.models import InspirationSheet

TABLE = "inspiration_sheets"


def stored_names() -> dict[str, str]:
    """storage name -> SHA-256 (hex) of every sheet's file, from the live database."""
    rows = db.session.execute(sa.select(InspirationSheet.storage_name, InspirationSheet.sha256))
    return dict(rows.all())


def stored_in(copy: Path) -> dict[str, str]:
    """storage name -> SHA-256 (hex) of every sheet's file named in the SQLite copy `copy`
    (a database from before the table names none)."""
    with sqlite3.connect(copy) as conn:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
        ).fetchone()
        rows = conn.execute("SELECT storage_name, sha256 FROM inspiration_sheets").fetchall() \
            if has_table else []
    conn.close()
    return dict(rows)
