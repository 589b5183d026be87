"""The audit log, newest first, by keyset on id; filter by action. Read out in Danish by
intake.staff.audit_text."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template, request

from intake.extensions import db
from intake.staff import bp
from intake.staff.audit_text import action_label, describe
from intake.staff.models import AuditEntry
from intake.staff.roles import Role, requires_role

PER_PAGE = 100


@bp.app_template_global("audit_text")
def audit_text(entry: AuditEntry) -> str:
    return describe(entry)


@bp.app_template_global("audit_action")
def audit_action(code: str) -> str:
    return action_label(code)


@bp.get("/log/")
@requires_role(Role.ADMIN)
def audit_log():
    query = sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(PER_PAGE + 1)
    action = request.args.get("handling", "")[:60]
    if action:
        query = query.where(AuditEntry.action == action)
    after = request.args.get("efter", "")
    if after.isdigit():
        query = query.where(AuditEntry.id < int(after))
    rows = db.session.scalars(query).all()
    actions = db.session.scalars(
        sa.select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    ).all()
    more = len(rows) > PER_PAGE
    rows = rows[:PER_PAGE]
    actions = sorted(actions, key=lambda code: action_label(code).casefold())
    return render_template("staff/audit.html", rows=rows, action=action, actions=actions,
                           next_after=rows[-1].id if more else None)
