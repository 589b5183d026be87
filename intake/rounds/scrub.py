"""Personal links leave the outbox once their mail is delivered: the engine's scrub
(intake.invitations.linkmail), which covers follow-up, meeting and form links alike."""

from __future__ import annotations

from intake.invitations.linkmail import LINK, REMOVED, enqueue_with_link, remove_links, run

__all__ = ["LINK", "REMOVED", "enqueue_with_link", "remove_links", "run"]
