"""The staff audience: one blueprint for every staff page, one view module per area.

- accounts: auth_views (login, logout), account_views (administrator's account pages,
  set-password link, own password); roles in roles.py;
- sign-ups: overview_views, signup_views, action_views, date_views, export_views;
- goals (/staff/maal): period_views, goal_views; the groups' meetings (/staff/maal/moeder,
  reached from a period's page): meeting_views (forms in meeting_forms, audit in meeting_audit);
- follow-up rounds (/staff/maal/runder): round_views, round_report_views, report_views
  (the committee report as PDF and DOCX);
- GDPR: gdpr_views; mail: mail_views; the audit log: audit_views.

Every view module registers its routes on `bp`; each view is wrapped in
`requires_role(Role.X)` (intake/staff/roles.py), or `staff_required` for the few pages any
staff member may open, except the pages in NO_SESSION. Import a new view module at the bottom.
Every file download goes out through intake.staff.downloads.
"""

from flask import Blueprint, current_app

bp = Blueprint("staff", __name__, url_prefix="/staff")

# The only staff pages that answer without a session: logging in, and the one-time link that
# sets a new account's password (the link itself is the key).
NO_SESSION = frozenset({"staff.login", "staff.set_password"})


@bp.record_once
def _setup(state) -> None:
    from intake.staff import link_mails, nav, roles

    nav.register_core_links(state.app)
    roles.init_app(state.app)
    link_mails.init_app(state.app)


@bp.before_request
def _staff_only():
    """Defence in depth: nothing under /staff but the login page answers without a session,
    even a view that forgot `staff_required` (which also keeps the idle timer running)."""
    from flask import request

    from intake.staff.auth import current_staff, unauthorized

    if request.endpoint not in NO_SESSION and current_staff() is None:
        return unauthorized()
    return None


@bp.app_context_processor
def _staff_helpers():
    from intake.staff.auth import current_staff
    from intake.staff.nav import form_links, links

    return {
        "current_staff": current_staff,
        "staff_nav_links": lambda: links(current_app),
        "staff_form_links": lambda definition: form_links(current_app, definition),
    }


from intake.staff import (  # noqa: E402,F401  (routes register themselves on bp)
    account_views,
    action_views,
    audit_views,
    auth_views,
    date_views,
    editor,
    export_views,
    file_views,
    gdpr_views,
    goal_views,
    group_views,
    inspiration_views,
    invitation_views,
    mail_views,
    meeting_views,
    news_views,
    overview_views,
    period_views,
    publish_views,
    report_views,
    round_report_views,
    round_views,
    signup_views,
    xlsform_views,
)
