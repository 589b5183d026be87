"""Behind a reverse proxy: trust exactly as many X-Forwarded-For/-Proto hops as configured.

The client address (for rate limits) and the scheme come from the proxy only when
PROXY_FIX_X_FOR / PROXY_FIX_X_PROTO say how many proxies sit in front; by default (0)
nothing forwarded is trusted. X-Forwarded-Host, -Port and -Prefix are never trusted:
links in mail come from PUBLIC_BASE_URL, and no request header may change an address
the service hands out.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def configure(app: Flask) -> None:
    x_for = int(app.config.get("PROXY_FIX_X_FOR") or 0)
    x_proto = int(app.config.get("PROXY_FIX_X_PROTO") or 0)
    if x_for or x_proto:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=x_for, x_proto=x_proto, x_host=0, x_port=0, x_prefix=0
        )
