"""The one invitation engine: a person asked by personal link, their tokens and reminders.

Follow-up rounds (intake.rounds), meeting RSVPs (intake.meetings) and invitations to any form
(intake.invitations.forms) are kinds of one `Invitation` (joined-table inheritance, see
models.py). Each kind registers a `Policy` (policies.py) that says how long its links live,
when it reminds and what its mails say; tokens.py and reminders.py apply the same rules to
every kind, so there is one token rule and one reminder rule, not three.
"""
