"""Rendering a mail from its templates: templates/mail/<event>.txt, <event>.html and
<event>.subject.txt, one set per mail event, named after it. Call inside `force_locale` for
the recipient's language. The domain modules that send mail use this: sign-ups in
intake/signups/mails.py, follow-up rounds in intake/rounds/mails.py.

The HTML part carries the branding (templates/mail/_layout.html: `brand`, and `mail_logo`
for a PNG logo sent inline, intake/mails/logo.py); the plain-text part says the same words.
"""

from __future__ import annotations

from flask import render_template

from intake.mails.logo import current_logo


def render_body(event: str, **context) -> tuple[str, str]:
    """(plain text, HTML) of the mail for `event`; raises jinja2.TemplateNotFound for an
    event without templates."""
    return (
        render_template(f"mail/{event}.txt", **context),
        render_template(f"mail/{event}.html", mail_logo=current_logo(), **context),
    )


def render_subject(event: str, **context) -> str:
    """The subject line of the mail for `event` (one line; the outbox strips line breaks)."""
    return render_template(f"mail/{event}.subject.txt", **context)
