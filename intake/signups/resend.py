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


@handler(JobKind.SIGNUP_RESEND)
def resend_confirmation(email: str, params: dict) -> None:
    """Queues the confirmation again for each standing sign-up; nothing for an unknown one."""
    definition = current_registry().get(params.get("form_slug", ""))
    if definition is None:
        return
    for signup in standing_signups(definition.slug, email):
        mails.signup_received(definition, signup)
    db.session.flush()
