"""Security headers on every response, and no caching of pages that show personal data."""

from __future__ import annotations

from flask import Flask, abort, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)


def common_headers(app: Flask) -> dict[str, str]:
    """The headers every response carries, pages and static files alike (static files are
    answered before Flask, by intake.branding.assets.StaticFiles)."""
    headers = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if app.config.get("SESSION_COOKIE_SECURE"):
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return headers


def register(app: Flask) -> None:
    common = common_headers(app)

    @app.before_request
    def limit_form_parts():
        """MAX_FORM_PARTS for url-encoded bodies too; werkzeug counts only multipart parts.

        Otherwise 1,000s of tiny fields (within the 1 MB limit) are parsed into a MultiDict
        on every POST. The body is read once and cached, so the form parser reuses it.
        """
        limit = app.config.get("MAX_FORM_PARTS")
        urlencoded = request.mimetype == "application/x-www-form-urlencoded"
        if limit and urlencoded and request.get_data(cache=True).count(b"&") >= limit:
            abort(413)

    @app.after_request
    def add_headers(response):
        headers = response.headers
        for name, value in common.items():
            headers.setdefault(name, value)
        if request.endpoint and request.endpoint != "static" and "Cache-Control" not in headers:
            headers["Cache-Control"] = "no-store"
        return response
