"""Danish first, English on request; times shown in Europe/Copenhagen."""

from __future__ import annotations

from flask import Flask, current_app, session
from flask_babel import format_datetime, get_locale


def select_locale() -> str:
    lang = session.get("lang")
    return lang if lang in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["TIMEZONE"]


def register_template_helpers(app: Flask) -> None:
    @app.template_filter("local")
    def local(value, fmt="d. MMMM y 'kl.' HH.mm"):
        return format_datetime(value, fmt) if value else ""

    @app.context_processor
    def inject_locale():
        return {"current_locale": str(get_locale() or "da")}
