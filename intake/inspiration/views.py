"""The public download of a published inspiration sheet (issue 14 §3).

`/erhvervspolitik/inspiration/<id>` on the public blueprint: 404 unless the sheet is
published (an unpublished or deleted sheet is not there, whoever asks). Always a download,
never shown inline: `Content-Disposition: attachment` with the RFC 6266/8187 name (æ, ø, å
kept in `filename*`), `Content-Type: application/pdf` (the kind intake checked by content),
`X-Content-Type-Options: nosniff`, all through intake.staff.downloads. A cache may store the
public document but must ask again before reusing it (`no-cache`, RFC 9111 §5.2.2.4), so a
sheet staff take off the page is gone at once, as docs/staff.md promises.
"""

from __future__ import annotations

from flask import abort

from intake.files import storage
from intake.inspiration import service
from intake.public import bp
from intake.staff.downloads import send_download


@bp.get("/erhvervspolitik/inspiration/<int:sheet_id>")
def inspiration_download(sheet_id: int):
    sheet = service.get(sheet_id)
    if sheet is None or not sheet.is_published or not storage.exists(sheet.storage_name):
        abort(404)
    response = send_download(storage.path_of(sheet.storage_name).open("rb"), sheet.file_name,
                             service.CONTENT_TYPE)
    response.headers["Cache-Control"] = "public, no-cache"
    return response
