"""Absolute links for mails, built from PUBLIC_BASE_URL and never from the request's Host."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def public_url(endpoint: str, **values) -> str:
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
