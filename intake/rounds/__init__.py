"""Follow-up rounds ("opfølgningsrunder"): staff ask every goal owner of a period how their
goals are going, through a personal link, and read the answers back as figures and workbooks.

One home for the round (issue 10 §2):

- models.py: rounds, invitations, link tokens, reminders, submissions, late answers;
- service.py: create, start, invite, resend, revoke, change e-mail, lost link;
- definition.py: which follow-up form a round uses and whether it fits the status report;
- policy.py: the round as a kind of invitation of the engine (intake.invitations), whose
  tokens, reminders and link scrub tokens.py, reminders.py and scrub.py apply to rounds;
- answers.py: stored answers;
- mails.py: the owner's mails, named after their event (owner_invited, ...);
- figures.py, workbooks.py: the status figures and the two .xlsx workbooks;
- forms.py: the staff forms for a round;
- gdpr.py, retention.py: the goal-owner GDPR provider and the retention purge.

The owner's pages are in intake.followup, the goal domain in intake.goals, and the staff
pages in intake.staff (round_views.py, round_report_views.py).
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Wires the round into the app: the GDPR provider, the lost-link job handler and the
    round's Policy for the invitation engine (whose worker task sends the reminders)."""
    from intake.rounds import gdpr, lost_link, policy  # noqa: F401  (they register themselves)
