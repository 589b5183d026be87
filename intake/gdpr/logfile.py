"""A copy of the deletion log outside the database, for restores.

A backup restored from last week brings back whatever was erased since; the database's own
deletion_log table is restored to last week too. So each entry is also appended as one JSON
line to DELETION_LOG_PATH (default instance/deletion-log.jsonl, keep it out of the database
backup's reach, e.g. beside the backups). It is written only after the transaction commits,
so the file never lists an erasure that was rolled back, and `gdpr reapply-deletions` reads
it. One write() per line on a file opened for appending keeps lines whole with several
processes.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
PENDING = "intake.gdpr.pending_log_lines"


def path() -> Path:
    configured = current_app.config.get("DELETION_LOG_PATH")
    return (
        Path(configured) if configured else Path(current_app.instance_path) / "deletion-log.jsonl"
    )


def append_after_commit(session: Session, entry: dict) -> None:
    session = session() if not isinstance(session, Session) else session
    session.info.setdefault(PENDING, []).append(
        (str(path()), json.dumps(entry, ensure_ascii=False))
    )


@event.listens_for(Session, "after_commit")
def _write_pending(session: Session) -> None:
    for target, line in session.info.pop(PENDING, []):
        try:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(descriptor, (line + "\n").encode("utf-8"))
            finally:
                os.close(descriptor)
        except OSError:
            # The erasure itself is committed and in the database log; say so loudly.
            log.exception("deletion log entry not written to %s: %s", target, line)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(PENDING, None)


def read(source: Path) -> list[dict]:
    """Every whole entry in the file; a torn last line (crash mid-write) is skipped."""
    if not source.exists():
        return []
    entries = []
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError:
            log.warning("%s line %s is not a whole entry; skipped", source, number)
    return entries
