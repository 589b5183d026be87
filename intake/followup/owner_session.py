"""Which invitation this browser may act for, and, when it may not, why not.

The questionnaire session ends for different reasons, and the page that says so must be true
for each (issue 9 §6): idle too long (what was saved stays), the link closed or expired (what
was saved stays), or the invitation gone (the owner was erased: nothing stays).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, session

from intake.clock import now
from intake.extensions import db
from intake.rounds import tokens
from intake.rounds.models import Invitation

SESSION_KEY = "followup"


class Ended(enum.Enum):
    NONE = "none"  # this browser never opened a link, or logged out
    IDLE = "idle"  # no request for FOLLOWUP_SESSION_IDLE_MINUTES
    LINK = "link"  # the link was closed by staff, or its round's link deadline passed
    GONE = "gone"  # the invitation no longer exists (the owner was erased)


@dataclass(frozen=True)
class OwnerSession:
    """`invitation` is set while the session is live; `ended` says why it is not.

    For IDLE and LINK, `stale` is the invitation the ended session was for: it may be used to
    label what the person just typed, never to read or write their stored answers.
    """

    invitation: Invitation | None
    ended: Ended | None = None
    stale: Invitation | None = None


def idle_limit() -> timedelta:
    return timedelta(minutes=float(current_app.config.get("FOLLOWUP_SESSION_IDLE_MINUTES", 180)))


def start(token_id: int, invitation_id: int) -> None:
    session[SESSION_KEY] = {"token": token_id, "invitation": invitation_id,
                            "seen": now().timestamp()}


def end() -> None:
    session.pop(SESSION_KEY, None)


def _is_erased(invitation: Invitation) -> bool:
    """Erasure deletes the invitation, or (if another module keeps it de-identified) detaches it
    from the person; either way nothing of theirs is left to come back to."""
    try:
        from intake.rounds.gdpr import is_erased
    except ImportError:  # erasure that only deletes has no such marker
        return False
    return invitation.owner is None or is_erased(invitation.owner)


def resolve() -> OwnerSession:
    """Reads the session and touches its idle timer; an ended session is removed."""
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return OwnerSession(None, Ended.NONE)
    invitation_id, token_id, seen = data.get("invitation"), data.get("token"), data.get("seen")
    invitation = (db.session.get(Invitation, invitation_id)
                  if isinstance(invitation_id, int) else None)
    if invitation is None or _is_erased(invitation):
        end()
        return OwnerSession(None, Ended.GONE)
    if not isinstance(seen, int | float) or now().timestamp() - seen > idle_limit().total_seconds():
        end()
        return OwnerSession(None, Ended.IDLE, stale=invitation)
    row = tokens.by_id(token_id) if isinstance(token_id, int) else None
    if row is None or row.invitation_id != invitation.id:
        end()
        return OwnerSession(None, Ended.LINK, stale=invitation)
    session[SESSION_KEY] = data | {"seen": now().timestamp()}
    return OwnerSession(invitation)
