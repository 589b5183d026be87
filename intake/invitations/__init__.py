"""The one invitation engine: a person asked by personal link, their tokens and reminders.

Follow-up rounds (intake.rounds), meeting RSVPs (intake.meetings) and invitations to any form
(intake.invitations.forms) are kinds of one `Invitation` (joined-table inheritance, see
models.py). Each kind registers a `Policy` (policies.py) that says how long its links live,
when it reminds and what its mails say; tokens.py and reminders.py apply the same rules to
every kind, so there is one token rule and one reminder rule, not three.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The engine's one task in the mail worker (scrub delivered links, send due reminders
    of every registered kind) and its GDPR provider."""
    from intake.invitations import gdpr, reminders  # noqa: F401  (gdpr registers itself)
    from intake.outbox.delivery import add_worker_task

    add_worker_task(app, reminders.worker_task)
