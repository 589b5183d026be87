"""Every file a staff page hands out (workbooks, CSV, the import template) leaves through
`send_download`, so every download carries the same headers:

- `Cache-Control: no-store, private`: the files hold names, addresses and answers, so no
  cache keeps a copy, neither the browser's nor a shared one (RFC 9111 §5.2.2.5, §5.2.2.7).
  Flask's send_file says `no-cache`, which lets a cache store the file and only revalidate.
- `Content-Disposition: attachment; filename=...; filename*=UTF-8''...`: saved, never shown
  inline, with an ASCII fallback and the exact name percent-encoded (RFC 6266 §4.3,
  RFC 8187), as werkzeug writes it.
- `X-Content-Type-Options: nosniff`: the browser keeps the declared type.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable
from typing import IO
from urllib.parse import quote

from flask import Response, send_file, stream_with_context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"

CACHE_CONTROL = "no-store, private"
# RFC 8187 attr-char besides letters and digits: these stay as they are in filename*.
_ATTR_CHARS = "!#$&+-.^_`|~"


def send_download(body: bytes | IO[bytes] | Iterable[bytes], filename: str,
                  mimetype: str) -> Response:
    """A download response for `body`: bytes, a binary file positioned at its start (closed
    after the response), or an iterable of byte chunks (streamed within the request
    context). `filename` is what the browser saves; `mimetype` may carry a charset."""
    if isinstance(body, bytes):
        body = io.BytesIO(body)
    if hasattr(body, "read"):
        response = send_file(body, mimetype=mimetype, etag=False)
    else:
        response = Response(stream_with_context(body), content_type=mimetype)
    return as_download(response, filename)


def as_download(response: Response, filename: str) -> Response:
    """Gives `response` the download headers (see the module docstring)."""
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers.set("Content-Disposition", "attachment", **{
        "filename": _ascii(filename),
        "filename*": "UTF-8''" + quote(filename, safe=_ATTR_CHARS),
    })
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _ascii(filename: str) -> str:
    """The fallback for old browsers: nothing outside ASCII. æ, ø and å have no Unicode
    decomposition, so they are spelt as Danes do without them (ae, oe, aa)."""
    folded = filename.translate(str.maketrans(
        {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"}))
    plain = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    return plain.replace('"', "").replace("\\", "") or "download"
