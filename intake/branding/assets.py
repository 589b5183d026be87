"""Static files under names that carry their content hash, so browsers keep them a year.

At start-up every file in intake/static (and the brand logo from instance/) is read once into
memory and named `<stem>.<12 hex of SHA-256>.<suffix>`; `url_for('static', filename=...)`
returns that name. The hashed name is served with `Cache-Control: public, max-age=31536000,
immutable` (RFC 8246), so a second page load fetches nothing again; a changed file gets a new
name. Text files are also kept gzip-compressed and sent compressed when the browser accepts
it. The plain name still answers, uncached, for anything that kept an old link.

Flask-Static-Digest was considered: it fingerprints files with a compile step that writes
copies into the package, but cannot fingerprint the instance logo or the stylesheet in the
configured colour, which exist only at run time.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import posixpath
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from flask import Flask, abort
from werkzeug.wrappers import Request, Response

from intake.branding import Brand, stylesheet

YEAR = 31_536_000
COMPRESSIBLE = {".css", ".js", ".svg", ".json", ".txt", ".md"}
LOGO_NAME = "brand/logo"
# A logo SVG opened on its own must not run anything (it comes from a settings file).
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@dataclass(frozen=True)
class Asset:
    name: str  # the hashed name, e.g. css/intake.3f2a9c0d1e4b.css
    body: bytes
    gzipped: bytes | None
    mimetype: str


class Manifest:
    """Logical static name -> Asset, and hashed name -> Asset."""

    def __init__(self) -> None:
        self.by_logical: dict[str, Asset] = {}
        self.by_hashed: dict[str, Asset] = {}

    def add(self, logical: str, body: bytes) -> Asset:
        path = PurePosixPath(logical)
        digest = hashlib.sha256(body).hexdigest()[:12]
        name = str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix in (".js", ".css", ".svg", ".txt", ".md"):
            mimetype += "; charset=utf-8" if path.suffix != ".svg" else ""
        packed = None
        if path.suffix in COMPRESSIBLE:
            packed = gzip.compress(body, compresslevel=9, mtime=0)
        asset = Asset(name, body, packed, mimetype)
        self.by_logical[logical] = asset
        self.by_hashed[name] = asset
        return asset

    def url_name(self, logical: str) -> str:
        asset = self.by_logical.get(logical)
        return asset.name if asset else logical


def build(static_folder: Path, brand: Brand) -> Manifest:
    manifest = Manifest()
    stylesheets = []
    for path in sorted(p for p in static_folder.rglob("*") if p.is_file()):
        logical = path.relative_to(static_folder).as_posix()
        if path.suffix == ".css":
            stylesheets.append((logical, path))
        else:
            manifest.add(logical, path.read_bytes())
    if brand.logo is not None:
        manifest.add(LOGO_NAME + brand.logo.suffix.lower(), brand.logo.read_bytes())
    for logical, path in stylesheets:  # last: their url()s name the hashed files
        css = stylesheet.branded(
            path.read_text("utf-8"), brand.colour, logical,
            # relative, so the site may live under a path prefix
            lambda target, base=logical: posixpath.relpath(
                manifest.url_name(target), posixpath.dirname(base)),
        )
        manifest.add(logical, css.encode("utf-8"))
    return manifest


def logo_filename(brand: Brand) -> str | None:
    """The logical static name of the configured logo, for url_for('static', filename=...)."""
    return LOGO_NAME + brand.logo.suffix.lower() if brand.logo is not None else None


class StaticFiles:
    """A WSGI layer in front of Flask that answers /static/ itself, before any session, login
    or database work: Flask-Login reads the session on every response, which would add
    `Vary: Cookie` and make a changed cookie (a language switch, a login) fetch every file
    again. Unknown names fall through to Flask, which answers its 404 page."""

    def __init__(self, wsgi_app, manifest: Manifest, prefix: str, headers: dict[str, str]):
        self.wsgi_app = wsgi_app
        self.manifest = manifest
        self.prefix = prefix.rstrip("/") + "/"
        self.headers = headers  # the security headers every response carries

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(self.prefix) and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            response = self.respond(Request(environ), path[len(self.prefix):])
            if response is not None:
                return response(environ, start_response)
        return self.wsgi_app(environ, start_response)

    def respond(self, request: Request, filename: str) -> Response | None:
        asset = self.manifest.by_hashed.get(filename)
        immutable = asset is not None
        asset = asset or self.manifest.by_logical.get(filename)
        if asset is None:
            return None
        body, headers = asset.body, {**self.headers, "Vary": "Accept-Encoding"}
        if asset.gzipped is not None and "gzip" in request.headers.get("Accept-Encoding", ""):
            body, headers["Content-Encoding"] = asset.gzipped, "gzip"
        headers["Cache-Control"] = (
            f"public, max-age={YEAR}, immutable" if immutable else "no-cache")
        if asset.mimetype.startswith("image/svg"):
            headers["Content-Security-Policy"] = SVG_CSP
        response = Response(body, mimetype=asset.mimetype, headers=headers)
        response.set_etag(asset.name)
        return response.make_conditional(request)


def register(app: Flask, brand: Brand) -> None:
    from intake import security

    manifest = app.extensions["intake.assets"] = build(Path(app.static_folder), brand)

    @app.url_defaults
    def hashed_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = manifest.url_name(values["filename"])

    def not_found(filename: str):
        abort(404)  # StaticFiles answered every name it knows

    app.view_functions["static"] = not_found
    app.wsgi_app = StaticFiles(  # type: ignore[method-assign]
        app.wsgi_app, manifest, app.static_url_path or "/static", security.common_headers(app))
