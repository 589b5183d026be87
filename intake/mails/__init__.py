"""Mail plumbing shared by every domain: rendering a mail from its templates
(rendering.py) and the calendar parts a mail carries (calendar.py, calendar_events.py,
calendar_updates.py). Mail leaves only through the outbox (intake/outbox/).

Each domain keeps its own mails, one function per event, named after it, with
templates/mail/<event>.txt, .html and .subject.txt beside each other: sign-ups in
intake/signups/mails.py, the follow-up round's owners in intake/rounds/mails.py.
"""
