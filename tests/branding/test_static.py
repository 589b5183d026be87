"""Static files under hashed names (intake/branding/assets.py): a year's cache for the hashed
name (RFC 8246 immutable), gzip when the browser accepts it, no-cache for the plain name,
404 for a name that is not there."""

from __future__ import annotations

import gzip
import re

import pytest

from intake.branding.assets import YEAR

IMMUTABLE = f"public, max-age={YEAR}, immutable"


def _hashed(app, logical: str) -> str:
    with app.test_request_context():
        from flask import url_for

        return url_for("static", filename=logical)


@pytest.mark.parametrize(
    ("logical", "mimetype"),
    [
        ("css/intake.css", "text/css"),
        ("js/forms.js", "text/javascript"),
        ("img/icons.svg", "image/svg+xml"),
    ],
)
def test_hashed_name_is_cached_a_year_and_gzipped(app, client, logical, mimetype):
    url = _hashed(app, logical)
    stem, suffix = logical.rsplit(".", 1)
    assert re.fullmatch(rf"/static/{stem}\.[0-9a-f]{{12}}\.{suffix}", url), url
    plain = client.get(url)
    assert plain.status_code == 200 and plain.mimetype == mimetype
    assert plain.headers["Cache-Control"] == IMMUTABLE
    assert "Content-Encoding" not in plain.headers
    assert plain.headers["Vary"] == "Accept-Encoding"  # no Cookie: a new session refetches nothing
    assert plain.headers["X-Content-Type-Options"] == "nosniff"
    packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert packed.headers["Cache-Control"] == IMMUTABLE
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert len(packed.get_data()) < len(plain.get_data())


def test_fonts_are_hashed_and_not_gzipped_again(app, client):
    url = _hashed(app, "fonts/IBMPlexSans-Regular-Latin1.woff2")
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == IMMUTABLE
    assert "Content-Encoding" not in response.headers  # woff2 is compressed already


def test_plain_name_still_answers_but_uncached(client):
    response = client.get("/static/css/intake.css")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"


def test_a_second_load_is_a_304_by_etag(app, client):
    url = _hashed(app, "css/intake.css")
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.get_data()


@pytest.mark.parametrize(
    "name",
    [
        "css/missing.css",
        "css/intake.000000000000.css",
        "../intake/__init__.py",
        "brand/logo.png",  # no logo configured
    ],
)
def test_unknown_names_are_404(client, name):
    assert client.get(f"/static/{name}").status_code == 404


def test_every_page_names_its_static_files_by_hash(client):
    html = client.get("/").get_data(as_text=True)
    names = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert names and all(re.search(r"\.[0-9a-f]{12}\.\w+$", name) for name in names), names
