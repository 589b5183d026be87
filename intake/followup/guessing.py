"""The limit on guessing personal links, for every page behind one: a follow-up round's
(/opfoelgning/<token>), a meeting's RSVP (/moeder/<token>) and a form invitation
(/inviteret/<token>).

Only answers of "not valid" count (`INVALID_STATUS`), so a person opening their own link
again and again is never stopped; a guesser is, per client address, by
`FOLLOWUP_TOKEN_RATE_LIMIT` (README "Settings").
"""

from __future__ import annotations

import math
import time

from flask import Response, current_app, make_response, render_template, request

from intake.extensions import limiter

# Every kind of bad token (unknown, expired, revoked, mistyped) gets this one answer.
INVALID_STATUS = 404


def token_limit() -> str:
    return current_app.config.get("FOLLOWUP_TOKEN_RATE_LIMIT", "10 per minute;50 per hour")


def counts_as_guess(response) -> bool:
    return response.status_code == INVALID_STATUS


def too_many_guesses(limit) -> Response:
    """Why (many bad links from this connection), how long to wait (until the limit's window
    ends) and the way out: a new link for a goal owner or a meeting invitation (both by the
    lost-link page), the contact address for everyone.
    Nothing the request carried is shown: the only field is the token."""
    seconds = max(1, math.ceil(limit.reset_at - time.time()))  # reset_at is rounded up
    minutes = max(1, round(seconds / 60))
    page = render_template("followup/too_many.html", minutes=minutes,
                           offer_new_link=request.path.startswith(("/opfoelgning/", "/moeder/")))
    response = make_response(page, 429)
    response.headers["Retry-After"] = str(seconds)
    return response


def guarded(view):
    """The decorator for a view that opens a personal link."""
    return limiter.limit(token_limit, deduct_when=counts_as_guess,
                         on_breach=too_many_guesses)(view)
