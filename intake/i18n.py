"""Danish first, English on request; times shown in Europe/Copenhagen."""

from __future__ import annotations

from flask import Flask, current_app, session
from flask_babel import format_date, format_datetime, get_locale, gettext


def N_(message: str) -> str:
    """Marks a string for the catalogue (pybabel's default N_ keyword) without translating it."""
    return message


# Date/time patterns (CLDR) are translated like any text, because the Danish ones carry
# Danish words and punctuation ("kl.", "4. december", "17.00"); the English catalogue maps
# each to its English form. A pattern not listed here is used as given.
DATE_PATTERNS = frozenset({
    N_("d. MMMM y 'kl.' HH.mm"),
    N_("EEEE d. MMMM y 'kl.' HH.mm"),
    N_("EEEE d. MMMM y"),
    N_("d. MMMM y"),
    N_("d. MMM y HH.mm"),
    N_("d. MMM y HH.mm.ss"),
    N_("d. MMM y"),
    N_("HH.mm"),
})


def date_pattern(pattern: str) -> str:
    return gettext(pattern) if pattern in DATE_PATTERNS else pattern


def select_locale() -> str:
    lang = session.get("lang")
    return (
        lang
        if lang in current_app.config["LANGUAGES"]
        else current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def select_timezone() -> str:
    return current_app.config["TIMEZONE"]


def register_template_helpers(app: Flask) -> None:
    @app.template_filter("local")
    def local(value, fmt="d. MMMM y 'kl.' HH.mm"):
        return format_datetime(value, date_pattern(fmt)) if value else ""

    @app.template_filter("day")
    def day(value, fmt="d. MMMM y"):
        """A calendar date (no time, no time zone) in the reader's language."""
        return format_date(value, date_pattern(fmt)) if value else ""

    @app.context_processor
    def inject_locale():
        return {"current_locale": str(get_locale() or "da")}
