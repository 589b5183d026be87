"""Every error is a Danish page with the right status; a database outage is a 503, not a 500."""

from __future__ import annotations

import logging

from flask import Flask, current_app, has_request_context, render_template, request
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import DataError, DBAPIError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from intake.branding import current_brand
from intake.extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Forespørgslen kunne ikke forstås"), _l("Gå tilbage og prøv igen.")),
    403: (_l("Du har ikke adgang til siden"),
          _l("Kontakt %(name)s, hvis du mener, det er en fejl.")),
    404: (_l("Siden findes ikke"), _l("Tjek adressen, eller gå til forsiden.")),
    405: (_l("Handlingen er ikke tilladt"), _l("Gå tilbage og prøv igen.")),
    413: (_l("Det, du sendte, er for stort"),
          _l("Gå tilbage i browseren, forkort de længste svar, og prøv igen.")),
    429: (_l("For mange forsøg"), _l("Vent et øjeblik, og prøv så igen.")),
    500: (_l("Der skete en fejl hos os"), _l("Prøv igen om lidt. Fejlen er registreret.")),
    503: (_l("Tjenesten er midlertidigt utilgængelig"), _l("Prøv igen om lidt.")),
}

# The same status means something else to a goal owner or to staff (issue 9 §6): a staff
# member over the size limit uploaded a file; nobody but staff can log in.
AUDIENCE_MESSAGES = {
    "staff": {
        403: (_l("Du har ikke adgang til siden"),
              _l("Log ind med en konto, der har adgang, eller spørg en kollega.")),
        404: (_l("Siden findes ikke"), _l("Tjek adressen, eller gå til forsiden af backoffice.")),
        413: (_l("Filen eller formularen er for stor"),
              _l("Det, du sendte, fylder mere end grænsen på %(limit)s. Er det et regneark, så gem "
                 "det uden billeder og tomme ark, eller del det op i flere filer, og prøv igen.")),
        500: (_l("Der skete en fejl"), _l("Prøv igen om lidt. Fejlen er skrevet i loggen.")),
    },
    "owner": {
        403: (_l("Du har ikke adgang til siden"), _l("Åbn linket i din e-mail igen.")),
        404: (_l("Siden findes ikke"),
              _l("Åbn linket i din e-mail igen, eller bed om et nyt link.")),
        413: (_l("Dine svar fylder for meget"),
              _l("Det, du sendte, fylder mere end %(limit)s. Gå tilbage i browseren, forkort de "
                 "længste svar, og prøv igen.")),
    },
}

# A page with file fields (intake.uploads.request) was sent more than its ceiling: a file.
FILES_TOO_BIG = (
    _l("Filen er for stor"),
    _l("Det, du sendte, fylder mere end %(limit)s, så vi har ikke modtaget det. Gå tilbage i "
       "browseren, vælg en mindre fil, og send igen."),
)

# Form fields that are machinery, not something a person typed.
NOT_TYPED = {"csrf_token", "submission_key", "hp_website", "carried", "next"}


def audience() -> str:
    """"staff", "owner" (a goal owner's questionnaire) or "public", from the request's path."""
    path = request.path if has_request_context() else ""
    if path == "/staff" or path.startswith("/staff/"):
        return "staff"
    if path.startswith("/opfoelgning"):
        return "owner"
    return "public"


def _size_limit() -> str:
    """The body limit of the request as text ("100 MB", "512 kB"): a page with file fields
    raised it above MAX_CONTENT_LENGTH (intake.uploads.request.allow_files)."""
    limit = request.max_content_length if has_request_context() else None
    limit = int(limit or current_app.config.get("MAX_CONTENT_LENGTH") or 0)
    return f"{limit / 1024 / 1024:.0f} MB" if limit >= 1024 * 1024 else f"{limit // 1024} kB"


def typed_pairs() -> list[tuple[str, str]]:
    """(name, value) of every non-empty field a POST carried, machinery left out."""
    if request.method != "POST":
        return []
    return [(name, value) for name, value in request.form.items(multi=True)
            if name not in NOT_TYPED and value.strip()]


# Written out by hand (no template, no request context, nothing that could touch the database):
# the DKFDS header and an alert with the configured brand, in Danish and English.
OUTAGE_PAGE = (
    "<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<title>Tjenesten er midlertidigt utilgængelig – {name}</title>{stylesheet}</head><body>"
    "<header class=\"header\"><div class=\"portal-info\"><div class=\"portal-info-inner "
    "container\"><span class=\"brand-mark\">{name}</span></div></div></header>"
    "<main class=\"container page-container\"><h1>Tjenesten er midlertidigt utilgængelig</h1>"
    "<div class=\"alert alert-warning\"><div class=\"alert-body\">"
    "<p class=\"alert-text\">Prøv igen om lidt.</p>"
    "<p class=\"alert-text\" lang=\"en\">The service is temporarily unavailable. Please try "
    "again in a moment.</p></div></div>"
    "<p>{authority}: <a href=\"mailto:{email}\">{email}</a></p></main></body></html>"
)


def outage_page(app: Flask, environ) -> bytes:
    """The 503 page OutageGuard answers with, branded, its stylesheet addressed as the failed
    request saw the app (a proxy's prefix included). Built without a request context, whose
    teardown would touch the dead connection again. Shape: UTF-8 HTML."""
    brand = app.extensions.get("intake.brand")
    manifest = app.extensions.get("intake.assets")
    stylesheet = ""
    if manifest is not None and app.static_url_path is not None:
        href = (f"{environ.get('SCRIPT_NAME', '')}{app.static_url_path}/"
                f"{manifest.url_name('css/intake.css')}")
        stylesheet = f'<link rel="stylesheet" href="{escape(href)}">'
    return OUTAGE_PAGE.format(
        name=escape(brand.name if brand else "intake"),
        authority=escape(brand.authority if brand else ""),
        email=escape(brand.email if brand else ""), stylesheet=stylesheet,
    ).encode()


class OutageGuard:
    """The last line of defence: a database error that escapes Flask's handlers (raised while
    the request's session is torn down on a dead connection) still gets a Danish 503 page,
    never the server's bare 500."""

    def __init__(self, app: Flask):
        self.app = app
        self.wsgi_app = app.wsgi_app

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
            page = outage_page(self.app, environ)
            headers = [
                ("Content-Type", "text/html; charset=utf-8"), ("Retry-After", "30"),
                ("Cache-Control", "no-store"), ("Content-Security-Policy", CSP),
                ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
                ("Referrer-Policy", "same-origin"), ("Content-Length", str(len(page))),
            ]
            start_response("503 Service Unavailable", headers)
            return [page]
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


def render_error(code: int, *, title=None, message=None, resend: bool = False):
    """The error page for who is asking (audience()); a POST gets back what it carried.

    `resend` offers a button that posts the carried values again with a fresh CSRF token; only
    for a POST known to come from this browser's own page (an expired token, a staff member
    who logged in again), never for one that may be forged.
    """
    who = audience()
    default_title, default_message = AUDIENCE_MESSAGES.get(who, {}).get(
        code, MESSAGES.get(code, MESSAGES[500 if code >= 500 else 400]))
    if code == 413 and has_request_context() \
            and getattr(request, "file_part_limit", None) is not None:
        default_title, default_message = FILES_TOO_BIG
    message = message or default_message
    if "%(" in str(message):  # only intake's own messages above carry placeholders
        message = str(message) % {"limit": _size_limit(), "name": current_brand().name}
    typed = typed_pairs() if code not in (413, 500, 503) else []
    carried = ([(n, v) for n, v in request.form.items(multi=True) if n != "csrf_token"]
               if resend and typed else [])
    return render_template(
        "errors/error.html", code=code, title=title or default_title, message=message,
        audience=who, typed=typed, resend=bool(carried), carried=carried,
        action=request.full_path.rstrip("?") if has_request_context() else "",
    ), code


def register(app: Flask) -> None:
    app.wsgi_app = OutageGuard(app)

    # Every handler rolls back first: what a request flushed before it raised is never kept
    # (the request boundary, intake/transactions.py, commits only what a view answered).
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        _rollback()
        return render_error(error.code or 500)

    @app.errorhandler(RateLimitExceeded)
    def rate_limited(error):
        _rollback()
        if error.response is not None:  # the view's own on_breach: its form, filled in
            return error.response
        return render_error(429, message=_l("Vent et øjeblik, og prøv så igen. Det, du skrev, "
                                             "står herunder, så du kan sende det igen."))

    @app.errorhandler(CSRFError)
    def expired_page(error: CSRFError):
        """An expired page never costs what was typed; its own browser may send it again."""
        _rollback()
        is_expired = "expired" in (error.description or "")
        return render_error(400, title=_l("Siden var udløbet"), resend=is_expired, message=_l(
            "Siden har været åben for længe, så vi har ikke gemt det, du sendte. Det står "
            "herunder. Tryk på «Send igen» for at sende det.") if is_expired else _l(
            "Vi kunne ikke se, at det, du sendte, kom fra vores egen side, så det er ikke gemt. "
            "Det står herunder. Gå tilbage, genindlæs siden, og send det igen."))

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
