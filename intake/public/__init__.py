"""The public audience: forms, receipts, "Min tilmelding" (see, change, cancel), language,
privacy and accessibility."""

from flask import Blueprint

bp = Blueprint("public", __name__)


@bp.record_once
def _register_helpers(state):
    from intake.jobs import service as jobs
    from intake.mails import calendar_updates
    from intake.outbox.delivery import add_worker_task
    from intake.public import rendering
    from intake.signups import resend  # noqa: F401  (registers its job handler)

    rendering.register(state.app)
    add_worker_task(state.app, jobs.worker_task)
    add_worker_task(state.app, calendar_updates.worker_task)


from intake.inspiration import views as inspiration_views  # noqa: E402,F401  (sheet downloads)
from intake.public import mine_views, resend_views, views  # noqa: E402,F401
from intake.publishing import views as policy_views  # noqa: E402,F401  (/erhvervspolitik)
