"""The audit log: every staff action writes who did what, to what, and when.

`record` adds the entry to the request's transaction, so the action and its log line are
committed together or not at all.
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request

from intake.clock import now
from intake.extensions import db
from intake.staff.models import AuditEntry


def record(action: str, target: str | None = None, details: dict[str, Any] | None = None,
           actor: str | None = None) -> AuditEntry:
    """Add an audit entry (flushes, never commits).

    `action` is a short dotted code ("signup.cancel"); `target` names the object
    ("signup:HE-ABC123"). Keep personal data out of `details`: the log outlives erasures.
    Outside a request (CLI) pass `actor`, e.g. "cli".
    """
    from intake.staff.auth import current_staff

    user = current_staff() if has_request_context() else None
    entry = AuditEntry(
        staff_user_id=user.id if user else None,
        actor=actor or (user.email if user else "system"),
        action=action, target=target, details=details or {},
        remote_addr=request.remote_addr if has_request_context() else None,
        created_at=now(),
    )
    db.session.add(entry)
    db.session.flush()
    return entry
