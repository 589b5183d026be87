"""Personal links of every kind: 256-bit random tokens of which only a SHA-256 is stored.

A token is valid while neither it nor its invitation has been revoked, the kind's policy
says the invitation is live, and the policy's link deadline has not passed. Everything else
(malformed, unknown, another kind's token, expired, revoked) is "not valid", one answer for
all cases, so a page never tells a guesser anything.
"""

from __future__ import annotations

import hashlib
import re
import secrets

import sqlalchemy as sa

from intake.clock import now
from intake.extensions import db
from intake.invitations.models import Invitation, InvitationKind, LinkToken, TokenPurpose
from intake.invitations.policies import policy_for

TOKEN_BYTES = 32  # 256 bits (issue 13 §2: "the same token rules as follow-up links")
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")  # token_urlsafe(32) without padding


def hash_token(token: str) -> str:
    """Hex SHA-256 (64 characters) of the raw token, as stored in `invitation_tokens`."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(invitation: Invitation, purpose: TokenPurpose) -> str:
    """A new link for the invitation; the raw token (43 characters) goes into one mail and is
    then forgotten. Earlier tokens stay valid. Written with the caller's next flush."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation.tokens.append(
        LinkToken(token_hash=hash_token(token), purpose=purpose, issued_at=now())
    )
    return token


def revoke_all(invitation: Invitation) -> int:
    """Kills every live link of the invitation (flushes); returns how many were live."""
    moment = now()
    count = 0
    for token in invitation.tokens:
        if token.revoked_at is None:
            token.revoked_at = moment
            count += 1
    db.session.flush()
    return count


def is_usable(token: LinkToken, kind: InvitationKind) -> bool:
    invitation = token.invitation
    if invitation is None or invitation.kind != kind:
        return False
    if token.revoked_at is not None or invitation.revoked_at is not None:
        return False
    policy = policy_for(kind)
    return policy.is_live(invitation) and now() < policy.link_valid_until(invitation)


def find(token: str, kind: InvitationKind) -> LinkToken | None:
    """The live token row for a raw token of this kind, or None for anything not valid."""
    if not isinstance(token, str) or not TOKEN_RE.match(token):
        return None
    row = db.session.scalar(sa.select(LinkToken).where(LinkToken.token_hash == hash_token(token)))
    if row is None or not is_usable(row, kind):
        return None
    return row


def by_id(token_id: int, kind: InvitationKind) -> LinkToken | None:
    """The token row behind a session (which keeps the row id, never the token), if valid."""
    row = db.session.get(LinkToken, token_id)
    if row is None or not is_usable(row, kind):
        return None
    return row
