"""The mail log: every outbox message with its status, one message in full, and resend."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from intake.extensions import db
from intake.outbox.models import MailStatus, OutboxMessage
from intake.outbox.service import requeue
from intake.signups.models import Signup
from intake.staff import audit, bp
from intake.staff.forms import ButtonForm
from intake.staff.overview import mail_counts
from intake.staff.roles import Role, requires_role

PER_PAGE = 50


def _int_arg(name: str) -> int | None:
    try:
        return int(request.args.get(name, ""))
    except ValueError:
        return None


@bp.get("/post/")
@requires_role(Role.SIGNUPS)
def mail_log():
    """Newest first; a status filter; pages by id (keyset), so the whole queue stays quick."""
    status = request.args.get("status", "")
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(PER_PAGE + 1)
    if status in {s.value for s in MailStatus}:
        query = query.where(OutboxMessage.status == MailStatus(status))
    else:
        status = ""
    after = _int_arg("efter")
    if after is not None:
        query = query.where(OutboxMessage.id < after)
    rows = db.session.scalars(query).all()
    more = len(rows) > PER_PAGE
    rows = rows[:PER_PAGE]
    references = dict(
        db.session.execute(
            sa.select(Signup.id, Signup.reference).where(
                Signup.id.in_({r.signup_id for r in rows if r.signup_id})
            )
        ).all()
    )
    return render_template("staff/mails.html", rows=rows, status=status, counts=mail_counts(),
                           next_after=rows[-1].id if more else None, references=references,
                           statuses=list(MailStatus))


@bp.get("/post/<int:message_id>")
@requires_role(Role.SIGNUPS)
def mail_detail(message_id: int):
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    signup = db.session.get(Signup, message.signup_id) if message.signup_id else None
    return render_template(
        "staff/mail.html", message=message, signup=signup, resend_form=ButtonForm()
    )


@bp.post("/post/<int:message_id>/send-igen")
@requires_role(Role.SIGNUPS)
def mail_resend(message_id: int):
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    if ButtonForm().validate_on_submit() and requeue(message):
        audit.record("mail.resend", f"mail:{message.id}", {"kind": message.kind})
        flash(_("Mailen er sat i kø igen og sendes om lidt."))
    else:
        flash(_("Mailen kan kun sendes igen, når den er mislykket eller venter på et nyt forsøg."))
    return redirect(url_for("staff.mail_detail", message_id=message.id), 303)
