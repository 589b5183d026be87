"""The engine's rules for a news mail's link (intake/invitations/policies.py), registered at
import (issue 14 §4):

- the link only unsubscribes, and it must keep working long after the mail was read (RFC
  8058 expects the one-click URL to work for a long time): valid for LINK_LIFETIME (two
  years) from the mail;
- never a reminder: a news mail asks for no answer;
- retention: once the link no longer works, the record of who got which news mail has no
  use left; the first `flask gdpr purge` after that deletes the invitation (`expired`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from intake.invitations import policies
from intake.invitations.models import InvitationKind
from intake.news.models import NewsInvitation

LINK_LIFETIME = timedelta(days=2 * 365)


class NewsPolicy(policies.Policy):
    kind = InvitationKind.NEWS

    def link_valid_until(self, invitation: NewsInvitation) -> datetime:
        return (invitation.invited_at or invitation.created_at) + LINK_LIFETIME

    def reminder_slots(self, invitation: NewsInvitation) -> list[datetime]:
        return []

    def wants_reminder(self, invitation: NewsInvitation, moment: datetime) -> bool:
        return False

    def max_reminders(self, invitation: NewsInvitation) -> int:
        return 0

    def open_invitations(self, moment: datetime) -> list[NewsInvitation]:
        return []

    def expired(self, moment: datetime) -> sa.Select:
        # Kept while its unsubscribe link works (RFC 8058), deleted after: the mail's time
        # plus LINK_LIFETIME, as `link_valid_until`, is before `moment`.
        sent = sa.func.coalesce(NewsInvitation.invited_at, NewsInvitation.created_at)
        return sa.select(NewsInvitation.id, sent).where(sent < moment - LINK_LIFETIME)


POLICY = policies.register(NewsPolicy())
