"""Same-site redirects only: a `next=` can never send a person to another host."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, fallback: str) -> str:
    if not target or "\\" in target or any(ord(c) < 32 for c in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target
