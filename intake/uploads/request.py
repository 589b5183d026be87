"""The app's request class: a page with file fields reads a body up to a ceiling and keeps of
each file part no more than a file field on the page accepts.

Issue 14 §3: "a file that is too big ... gets a Danish message. The rest of the answer is
kept." A body over the request's limit ends in the 413 page, with everything typed lost, so a
multipart POST to a page with file fields (`allow_files`, called by the page's
url_value_preprocessor before anything reads the form) accepts a body up to
`UPLOAD_REQUEST_CEILING_MB`, and while the body is parsed each file part keeps at most the
page's largest file limit + 1 byte (`UploadRequest._get_file_stream`, Werkzeug's hook for the
container a file part is written to; it is not told the part's field, hence the page's largest
limit). The rest is read and dropped. The field's own check
(intake.formdefs.types.file.AcceptedFiles) then reads its own limit + 1 bytes and refuses the
file by name, next to the field; every other value was parsed as usual and stays. Memory and
disk stay bounded: a part is spooled to a temporary file past 500 kB and never holds more than
the largest limit + 1 byte; a text part holds at most MAX_FORM_MEMORY_SIZE (Flask); the body
as a whole never passes the ceiling. Only above the ceiling the 413 page remains
(intake.errors names the request's real limit). The proxy in front must let the ceiling
through (docs/production.md).
"""

from __future__ import annotations

from typing import IO, Any

from flask import current_app, request

from intake.formdefs.types.file import MB, largest_file, request_limit
from intake.matching import NFCRequest


class CappedFile:
    """A file part's container that keeps the first `keep` bytes written to it and drops the
    rest (counted in `dropped`); reading, seeking and closing are the inner file's."""

    def __init__(self, inner: IO[bytes], keep: int):
        self._inner = inner
        self._room = keep
        self.dropped = 0

    def write(self, data: bytes) -> int:
        kept = data[:max(self._room, 0)]
        if kept:
            self._inner.write(kept)
            self._room -= len(kept)
        self.dropped += len(data) - len(kept)
        return len(data)

    def __iter__(self):
        return iter(self._inner)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class UploadRequest(NFCRequest):
    """Every typed value in NFC (intake.matching.NFCRequest); file parts cut off after
    `file_part_limit` bytes when a page set it (`allow_files`), else kept whole (up to the
    request's max_content_length)."""

    file_part_limit: int | None = None

    def _get_file_stream(self, total_content_length: int | None, content_type: str | None,
                         filename: str | None = None,
                         content_length: int | None = None) -> IO[bytes]:
        stream = super()._get_file_stream(total_content_length, content_type, filename,
                                          content_length)
        if self.file_part_limit is None:
            return stream
        return CappedFile(stream, self.file_part_limit)  # type: ignore[return-value]


def body_limit(definition, blocks: int = 0) -> int | None:
    """Bytes a POST of `definition` may carry: UPLOAD_REQUEST_CEILING_MB, but never less than
    its files at their limits need (intake.formdefs.types.file.request_limit) nor less than
    MAX_CONTENT_LENGTH; None for a form without a file field (MAX_CONTENT_LENGTH applies).
    `blocks`: the goal blocks a follow-up page shows (as request_limit)."""
    needed = request_limit(definition, blocks)
    if needed is None:
        return None
    config = current_app.config
    return max(needed, config["UPLOAD_REQUEST_CEILING_MB"] * MB,
               config["MAX_CONTENT_LENGTH"] or 0)


def allow_files(definition, blocks: int = 0) -> None:
    """Let the current POST of `definition` carry files: its body up to `body_limit`, each
    file part kept up to the page's largest file limit + 1 byte (a file over its field's
    limit is then refused next to the field, every other value kept). Call it before
    anything reads the form: in a url_value_preprocessor, as Flask-Limiter's key functions
    and the CSRF check read it early. A form without a file field, or a body that is not
    multipart (it carries no file, and Werkzeug reads a urlencoded body whole into memory),
    is left with MAX_CONTENT_LENGTH."""
    limit = body_limit(definition, blocks)
    if limit is None:
        return
    _allow(limit, largest_file(definition, blocks))


def allow_upload(file_limit: int) -> None:
    """As `allow_files`, for a staff page with one file of at most `file_limit` bytes (an
    inspiration sheet's PDF, a workbook of goals, recipients or a form): a bigger file is
    refused by the page's own check, next to the field, instead of the 413 page."""
    config = current_app.config
    _allow(max(file_limit + MB, config["UPLOAD_REQUEST_CEILING_MB"] * MB,
               config["MAX_CONTENT_LENGTH"] or 0), file_limit)


def _allow(limit: int, file_limit: int) -> None:
    if request.mimetype != "multipart/form-data":
        return
    request.max_content_length = limit
    request.file_part_limit = file_limit + 1
