"""GDPR tools: find everything stored about a person, erase it, keep a deletion log without
personal data, purge records past their retention period.

Data about a person lives in several places (sign-ups, the outbox, and later goal owners
and follow-up answers). Each place is a "person data provider" (intake.gdpr.providers);
find, the access workbook and erasure go through all registered providers, so a new kind
of personal data joins the GDPR tools by registering a provider.
"""
