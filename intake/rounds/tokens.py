"""Personal links: 256-bit random tokens of which only a SHA-256 is stored.

A token is valid while its round is started, the link deadline (round deadline + grace) has
not passed, and neither the token nor its invitation has been revoked. Everything else is
"not valid", one answer for all cases, so the page never tells a guesser anything.
"""

from __future__ import annotations

import hashlib
import re
import secrets

import sqlalchemy as sa

from intake.clock import now
from intake.extensions import db
from intake.rounds.models import Invitation, LinkToken, RoundState, TokenPurpose

TOKEN_BYTES = 32  # 256 bits; the issue asks for at least 128
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")  # token_urlsafe(32) without padding


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(invitation: Invitation, purpose: TokenPurpose) -> str:
    """A new link for the invitation; the raw token goes into one mail and is then forgotten."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation.tokens.append(
        LinkToken(token_hash=hash_token(token), purpose=purpose, issued_at=now())
    )
    return token  # written with the caller's next flush (the mail's enqueue flushes)


def revoke_all(invitation: Invitation) -> int:
    moment = now()
    count = 0
    for token in invitation.tokens:
        if token.revoked_at is None:
            token.revoked_at = moment
            count += 1
    db.session.flush()
    return count


def is_usable(token: LinkToken) -> bool:
    invitation = token.invitation
    round_ = invitation.round
    return (
        token.revoked_at is None
        and round_.state == RoundState.STARTED
        and now() < round_.link_valid_until
    )


def find(token: str) -> LinkToken | None:
    """The live token row for a raw token, or None for anything not valid."""
    if not isinstance(token, str) or not TOKEN_RE.match(token):
        return None
    row = db.session.scalar(sa.select(LinkToken).where(LinkToken.token_hash == hash_token(token)))
    if row is None or not is_usable(row):
        return None
    return row


def by_id(token_id: int) -> LinkToken | None:
    row = db.session.get(LinkToken, token_id)
    if row is None or not is_usable(row):
        return None
    return row
