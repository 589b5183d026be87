"""The staff front page (any staff member) and the list of forms with their counts."""

from __future__ import annotations

from flask import render_template

from intake.formdefs.registry import current_registry
from intake.outbox.models import MailStatus
from intake.staff import bp, overview, seatmap
from intake.staff.auth import staff_required
from intake.staff.roles import Role, has_role, requires_role


@bp.get("/")
@staff_required
def dashboard():
    """Any staff member; the sign-up and mail counts only for the sign-ups role."""
    if not has_role(Role.SIGNUPS):
        return render_template("staff/dashboard.html", summaries=[], mails={})
    summaries = [overview.form_summary(f) for f in current_registry().signup_forms()]
    return render_template(
        "staff/dashboard.html",
        summaries=summaries,
        mails=overview.mail_counts(),
        MailStatus=MailStatus,
    )


@bp.get("/f/")
@requires_role(Role.SIGNUPS)
def forms():
    items = [(overview.form_summary(f), overview.bucket_rows(f), seatmap.applies(f))
             for f in current_registry().signup_forms()]
    return render_template("staff/forms.html", items=items)
