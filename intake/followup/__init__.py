"""The pages of everyone with a personal link (public audience, Danish first): goal owners
in a follow-up round (/opfoelgning/..., views.py), meeting RSVPs (/moeder/<token>) and
invitations to a form (/inviteret/<token>). The blueprint has no URL prefix; each route
carries its own, and the after_request below covers them all.

A personal link /opfoelgning/<token> only shows a button; the button's POST (with CSRF)
exchanges the token for a short session and redirects to /opfoelgning/svar, which has no
token in it. A GET therefore changes nothing (mail scanners open links), and the token
leaves the address bar, the history and the Referer at once.
"""

from flask import Blueprint

bp = Blueprint("followup", __name__)


@bp.record_once
def _setup(state) -> None:
    from intake.followup import logfilter

    logfilter.install()


@bp.after_request
def _private(response):
    """Pages behind a personal link are never cached and never leak their address."""
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


from intake.followup import views  # noqa: E402,F401
from intake.invitations import form_views  # noqa: E402,F401  (/inviteret/<token>)
from intake.meetings import views as meeting_views  # noqa: E402,F401  (/moeder/<token>)
from intake.news import views as news_views  # noqa: E402,F401  (/nyheder/afmeld/<token>)
