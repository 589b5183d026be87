"""The staff front page and the list of forms with their counts."""

from __future__ import annotations

from flask import render_template

from intake.formdefs.registry import current_registry
from intake.outbox.models import MailStatus
from intake.staff import bp, overview, seatmap
from intake.staff.auth import staff_required


@bp.get("/")
@staff_required
def dashboard():
    summaries = [overview.form_summary(f) for f in current_registry().signup_forms()]
    return render_template(
        "staff/dashboard.html",
        summaries=summaries,
        mails=overview.mail_counts(),
        MailStatus=MailStatus,
    )


@bp.get("/f/")
@staff_required
def forms():
    items = [(overview.form_summary(f), overview.bucket_rows(f), seatmap.applies(f))
             for f in current_registry().signup_forms()]
    return render_template("staff/forms.html", items=items)
