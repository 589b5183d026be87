"""Mails to staff members about their own account, one function per event, named after it:
`account_created` renders templates/mail/account_created.txt, .html and .subject.txt and
queues the mail in the outbox (kind staff_account_created)."""

from __future__ import annotations

from flask_babel import force_locale, format_datetime

from intake.links import public_url
from intake.mails.rendering import render_body, render_subject
from intake.outbox.models import OutboxMessage
from intake.outbox.service import enqueue
from intake.staff.accounts import LINK_LIFETIME
from intake.staff.models import StaffUser


def account_created(user: StaffUser, token: str, *, by: str) -> OutboxMessage:
    """The one-time link to set a password, for a new account (or a new link for one)."""
    from intake.clock import now

    with force_locale("da"):
        context = {
            "name": user.name or user.email,
            "email": user.email,
            "by": by,
            "link": public_url("staff.set_password", token=token),
            "expires": format_datetime(now() + LINK_LIFETIME, "d. MMMM y 'kl.' HH.mm"),
        }
        text, html = render_body("account_created", **context)
        subject = render_subject("account_created", **context)
    return enqueue("staff_account_created", [user.email], subject, text, html)
