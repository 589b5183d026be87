"""How long the outbox keeps a mail, run by `flask gdpr purge` (intake.gdpr.service).

A mail's stored copy (recipients, subject, text) is personal data. Once delivered it is only
there for staff's mail log, so:

- a SENT message is deleted when its `sent_at` is more than `OUTBOX_RETENTION_DAYS` days ago
  (default 90, README "Settings");
- a FAILED message (given up: refused, or retried for MAIL_GIVE_UP_AFTER) is kept the same
  number of days after its last attempt, for staff to see and resend, then deleted too. The
  outbox stores when that attempt was due (`next_attempt_at`, set when the message was queued,
  retried or resent); the attempt itself came at most a worker's lag later;
- a message still QUEUED, SENDING (claimed) or RETRYING is never touched, however old.

Days are counted on the Copenhagen calendar, as every purge counts them (intake.clock).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from intake.clock import add_local_days
from intake.extensions import db
from intake.outbox.models import MailStatus, OutboxMessage


@dataclass
class OutboxPurge:
    """What the purge would delete: (row id, Message-ID) per message, oldest first."""

    days: int
    cutoff: datetime
    sent: list[tuple[int, str]] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    oldest_sent: datetime | None = None  # sent_at of the oldest sent message listed
    oldest_failed: datetime | None = None  # last attempt of the oldest failed message listed

    @property
    def total(self) -> int:
        return len(self.sent) + len(self.failed)


def _expired(cutoff: datetime):
    """The rule as one SQL condition, so the delete checks it again row by row: a message
    resent by staff since the plan was read is due now and no longer matches."""
    return sa.or_(
        sa.and_(OutboxMessage.status == MailStatus.SENT, OutboxMessage.sent_at < cutoff),
        sa.and_(OutboxMessage.status == MailStatus.FAILED,
                OutboxMessage.next_attempt_at < cutoff),
    )


def plan(moment: datetime, days: int) -> OutboxPurge:
    """The sent and failed messages older than `days` days before `moment` (reads only)."""
    cutoff = add_local_days(moment, -days)
    found = OutboxPurge(days, cutoff)
    rows = db.session.execute(
        sa.select(OutboxMessage.id, OutboxMessage.message_id, OutboxMessage.status,
                  OutboxMessage.sent_at, OutboxMessage.next_attempt_at)
        .where(_expired(cutoff))
        .order_by(OutboxMessage.id)
    )
    for row_id, message_id, status, sent_at, last_attempt in rows:
        if status == MailStatus.SENT:
            found.sent.append((row_id, message_id))
            found.oldest_sent = min(found.oldest_sent or sent_at, sent_at)
        else:
            found.failed.append((row_id, message_id))
            found.oldest_failed = min(found.oldest_failed or last_attempt, last_attempt)
    return found


def purge(found: OutboxPurge, *, batch: int = 500) -> tuple[int, dict]:
    """Delete what `plan` found, `batch` rows per statement (flushes, never commits).

    Returns (messages deleted, the deletion log's payload): {"message_ids": [Message-ID, …],
    "sent": n, "failed": n, "retention_days": days}. Message-IDs, not row ids, so that
    `gdpr reapply-deletions` deletes them again through the outbox provider
    (intake.gdpr.sources.OutboxData) without touching a newer row that reuses an id; a
    Message-ID is a time stamp and random digits at our domain, nothing about the person."""
    ids = [row_id for row_id, _ in found.sent + found.failed]
    deleted = 0
    for start in range(0, len(ids), batch):
        result = db.session.execute(
            sa.delete(OutboxMessage)
            .where(OutboxMessage.id.in_(ids[start:start + batch]), _expired(found.cutoff))
            .execution_options(synchronize_session=False)
        )
        deleted += result.rowcount or 0
    db.session.flush()
    payload = {
        "message_ids": [message_id for _, message_id in found.sent + found.failed],
        "sent": len(found.sent),
        "failed": len(found.failed),
        "retention_days": found.days,
    }
    return deleted, payload
