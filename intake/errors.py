"""Every error is a Danish page with the right status; a database outage is a 503, not a 500."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from sqlalchemy.exc import DataError, DBAPIError, OperationalError, SQLAlchemyError
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


OUTAGE_PAGE = (
    "<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<title>Tjenesten er midlertidigt utilgængelig – Hedensted Erhverv</title></head><body><main>"
    "<h1>Tjenesten er midlertidigt utilgængelig</h1><p>Prøv igen om lidt.</p>"
    "<p lang=\"en\">The service is temporarily unavailable. Please try again in a moment.</p>"
    "</main></body></html>"
).encode()


class OutageGuard:
    """The last line of defence: a database error that escapes Flask's handlers (raised while
    the request's session is torn down on a dead connection) still gets a Danish 503 page,
    never the server's bare 500."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        from intake.security import CSP

        started: list = []

        def remember(status, headers, exc_info=None):
            # Held back until the app has returned: Flask tears the request down after it
            # called start_response, and that is where a dead connection raises.
            started[:] = [status, headers, exc_info]
            return _no_write

        try:
            body = self.wsgi_app(environ, remember)
        except SQLAlchemyError as error:
            log.error("database unavailable outside the request: %s", error.__class__.__name__)
            headers = [
                ("Content-Type", "text/html; charset=utf-8"), ("Retry-After", "30"),
                ("Cache-Control", "no-store"), ("Content-Security-Policy", CSP),
                ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
                ("Referrer-Policy", "same-origin"), ("Content-Length", str(len(OUTAGE_PAGE))),
            ]
            start_response("503 Service Unavailable", headers)
            return [OUTAGE_PAGE]
        start_response(*started)
        return body


def _no_write(data: bytes) -> None:
    raise RuntimeError("intake never uses the WSGI write() callable")


def _rollback() -> None:
    """Roll back without letting a dead connection turn an error page into a second error."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        log.warning("rollback failed; the connection is gone")


def render_error(code: int):
    title, message = MESSAGES.get(code, MESSAGES[500 if code >= 500 else 400])
    return render_template("errors/error.html", code=code, title=title, message=message), code


def register(app: Flask) -> None:
    app.wsgi_app = OutageGuard(app.wsgi_app)

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
        _rollback()
        response, code = render_error(503)
        return response, 503, {"Retry-After": "30"}

    @app.errorhandler(DataError)
    def refused_data(error):
        """Input the database itself refuses (a NUL byte in PostgreSQL text, a number out of
        range) that slipped past validation: the request's fault, not an outage, so a 400."""
        log.warning("database refused the request's data: %s", error.orig.__class__.__name__)
        _rollback()
        return render_error(400)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unhandled error")
        _rollback()
        return render_error(500)
