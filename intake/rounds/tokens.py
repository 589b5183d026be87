"""A follow-up round's personal links: the engine's tokens (intake.invitations.tokens) for
the ROUND kind. Valid while the round is started, the link deadline (round deadline +
grace) has not passed, and neither the token nor its invitation has been revoked (the
round's Policy, intake/rounds/policy.py). Everything else is "not valid", one answer for
all cases.
"""

from __future__ import annotations

from intake.invitations import tokens as engine
from intake.invitations.models import InvitationKind, LinkToken, TokenPurpose
from intake.invitations.tokens import TOKEN_BYTES, TOKEN_RE, hash_token, issue, revoke_all

__all__ = ["TOKEN_BYTES", "TOKEN_RE", "TokenPurpose", "by_id", "find", "hash_token", "issue",
           "revoke_all"]


def find(token: str) -> LinkToken | None:
    """The live token row of a round's link, or None for anything not valid."""
    return engine.find(token, InvitationKind.ROUND)


def by_id(token_id: int) -> LinkToken | None:
    return engine.by_id(token_id, InvitationKind.ROUND)
