"""Staff pages for goals and follow-up ("Mål"): periods and the yearly cycle, goals and
owners, the .xlsx import, follow-up rounds, and the workbooks and status page.

Every view wears `staff_required`; the blueprint also refuses any request without a staff
session before a view runs, so a view that forgot the decorator still shows nothing.
"""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("goals", __name__, url_prefix="/staff/maal")


@bp.record_once
def _setup(state) -> None:
    from intake.staff.nav import add_link

    add_link(state.app, "goals.index", _l("Mål"), 40, "/staff/maal")


@bp.before_request
def _staff_only():
    from intake.staff.auth import current_staff, unauthorized

    if current_staff() is None:
        return unauthorized()
    return None


from intake.goals import (  # noqa: E402,F401  (routes register themselves on bp)
    views_goals,
    views_periods,
    views_reports,
    views_rounds,
)
