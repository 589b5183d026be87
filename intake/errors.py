"""Every error is a Danish page with the right status; a database outage is a 503, not a 500."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from intake.extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Forespørgslen kunne ikke forstås"), _l("Gå tilbage og prøv igen.")),
    403: (_l("Du har ikke adgang til siden"), _l("Log ind, eller kontakt Hedensted Erhverv.")),
    404: (_l("Siden findes ikke"), _l("Tjek adressen, eller gå til forsiden.")),
    405: (_l("Handlingen er ikke tilladt"), _l("Gå tilbage og prøv igen.")),
    413: (_l("Det, du sendte, er for stort"), _l("Forkort dine svar, og prøv igen.")),
    429: (_l("For mange forsøg"), _l("Vent et øjeblik, og prøv så igen.")),
    500: (_l("Der skete en fejl hos os"), _l("Prøv igen om lidt. Fejlen er registreret.")),
    503: (_l("Tjenesten er midlertidigt utilgængelig"), _l("Prøv igen om lidt.")),
}


def render_error(code: int):
    title, message = MESSAGES.get(code, MESSAGES[500 if code >= 500 else 400])
    return render_template("errors/error.html", code=code, title=title, message=message), code


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_error(error.code or 500)

    @app.errorhandler(RateLimitExceeded)
    def rate_limited(error):
        return render_error(429)

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_down(error):
        log.error("database unavailable: %s", error.__class__.__name__)
        db.session.rollback()
        response, code = render_error(503)
        return response, 503, {"Retry-After": "30"}

    @app.errorhandler(DataError)
    def refused_data(error):
        """Input the database itself refuses (a NUL byte in PostgreSQL text, a number out of
        range) that slipped past validation: the request's fault, not an outage, so a 400."""
        log.warning("database refused the request's data: %s", error.orig.__class__.__name__)
        db.session.rollback()
        return render_error(400)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unhandled error")
        db.session.rollback()
        return render_error(500)
