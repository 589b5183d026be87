"""Meetings of the collaboration groups, with invitations by personal RSVP link (issue 13 §2).

- models.py: meetings, meeting invitations (a kind of the engine's Invitation), RSVP changes;
- service.py: create, update, invite, cancel, answer, attendance, minutes, figures;
- calendar.py: the meeting's .ics (one UID, SEQUENCE raised on every change);
- mails.py: the invitee's mails, named after their event;
- policy.py: the engine's policy for meeting invitations (link expiry, reminders);
- views.py: the RSVP page /moeder/<token> on the invitee blueprint (intake.followup.bp);
- gdpr.py: the provider for invitations and their answers.

The staff pages are in intake/staff/meeting_views.py.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Registers the reminder policy and the GDPR provider (both register at import)."""
    from intake.meetings import gdpr, policy  # noqa: F401
