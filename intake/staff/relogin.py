"""A staff POST that arrives after the session ended is not lost (issue 9 §3).

The staff member gets the login page with what they sent carried in it (a hidden field, so
nothing is kept on the server and nothing is limited by a cookie's size). After logging in
they see what they sent and one button that posts it again, with a fresh CSRF token, to the
page it was meant for. A file cannot be carried; the page says to choose it again.
"""

from __future__ import annotations

import json

from flask import current_app, g, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from intake.redirects import safe_next

FIELD = "carried"
MACHINERY = {"csrf_token", FIELD}
DISPLAY_HIDDEN = {"next", "submission_key", "hp_website"}


def login_page():
    """The response to a staff POST without a live session: log in here, keep what was sent."""
    from intake.staff.forms import LoginForm

    form = LoginForm(formdata=None)
    form.next.data = safe_next(request.full_path.rstrip("?"), "")
    pairs = [(n, v) for n, v in request.form.items(multi=True) if n not in MACHINERY]
    notice = _l("Du blev logget ud, fordi du ikke havde brugt backoffice et stykke tid. Log ind "
                "igen; bagefter kan du sende det, du var i gang med, med ét tryk.")
    if any(f.filename for f in request.files.values()):
        notice = _l("Du blev logget ud, fordi du ikke havde brugt backoffice et stykke tid. Log "
                    "ind igen, og vælg så filen igen: en fil kan ikke gemmes, mens du logger ind.")
    return render_template("staff/login.html", form=form, notice=notice,
                           carried=json.dumps(pairs, ensure_ascii=False)), 403


def carried_pairs() -> list[tuple[str, str]]:
    """The pairs a login POST carried, or [] when there are none or they are not pairs."""
    try:
        pairs = json.loads(request.form.get(FIELD) or "[]")
    except ValueError:
        return []
    if not isinstance(pairs, list):
        return []
    return [(n, v) for n, v in (p for p in pairs if isinstance(p, list) and len(p) == 2)
            if isinstance(n, str) and isinstance(v, str) and n not in MACHINERY]


def resend_page(next_path: str | None):
    """After logging in: what was sent, and the button that sends it on."""
    # Logging in replaced the session and with it the CSRF secret; Flask-WTF caches the token
    # of the old one in g for the rest of this request, so drop it for the fresh form below.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    pairs = carried_pairs()
    typed = [(n, v) for n, v in pairs if n not in DISPLAY_HIDDEN and v.strip()]
    return render_template(
        "errors/error.html", code=200, audience="staff", typed=typed, carried=pairs,
        resend=bool(pairs), action=safe_next(next_path, url_for("staff.dashboard")),
        title=_l("Du er logget ind igen"),
        message=_l("Det, du var i gang med, er ikke sendt endnu. Det står herunder. Tryk på "
                   "«Send igen» for at sende det."),
    )
