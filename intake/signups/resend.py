"""'Send my confirmation again': a queued job, so the page answers the same, after the same
work, whether or not the address has signed up (issue 8 §7, issue 9 §5).

The person who is told "already signed up" can have the confirmation sent again to that
address; only the address's own inbox ever learns more.
"""

from __future__ import annotations

import sqlalchemy as sa

from intake import matching
from intake.extensions import db
from intake.formdefs.registry import current_registry
from intake.jobs.models import JobKind
from intake.jobs.service import handler
from intake.signups import mails
from intake.signups.models import Signup


def standing_signups(form_slug: str, email: str) -> list[Signup]:
    """The address's sign-ups for the form that are not cancelled, newest first."""
    return list(db.session.scalars(
        sa.select(Signup)
        .where(Signup.form_slug == form_slug, Signup.email == matching.email_key(email),
               Signup.cancelled_at.is_(None))
        .order_by(Signup.created_at.desc())
    ))


def standing_everywhere(email: str) -> list[tuple]:
    """(definition, sign-up) for each standing sign-up of the address on any form still
    known, newest first."""
    registry = current_registry()
    found = db.session.scalars(
        sa.select(Signup)
        .where(Signup.email == matching.email_key(email), Signup.cancelled_at.is_(None))
        .order_by(Signup.created_at.desc(), Signup.id.desc())
    )
    pairs = [(registry.get(signup.form_slug), signup) for signup in found]
    return [(definition, signup) for definition, signup in pairs if definition is not None]


@handler(JobKind.SIGNUP_RESEND)
def resend_confirmation(email: str, params: dict) -> None:
    """Queues the confirmation again for each standing sign-up; nothing for an unknown one.
    `links` ("Har du mistet din bekræftelse?", intake/public/mine_views.py): instead ONE mail
    with a "Min tilmelding" link per standing sign-up on any form."""
    if params.get("links"):
        mails.signup_links_resent(email.strip(), standing_everywhere(email))
        db.session.flush()
        return
    definition = current_registry().get(params.get("form_slug", ""))
    if definition is None:
        return
    for signup in standing_signups(definition.slug, email):
        mails.signup_received(definition, signup)
    db.session.flush()
