"""Staff download of a file a person attached to a sign-up (intake/files).

Only staff with the sign-ups role get a file, and always as a download: `Content-Disposition:
attachment` with the RFC 6266/8187 `filename*` (Danish letters kept), `X-Content-Type-Options:
nosniff` and the content type intake detected itself, never the one the browser sent
(intake.staff.downloads). Each download is written to the audit log first, as exports are.
"""

from __future__ import annotations

from flask import abort, current_app, request

from intake.files import service as files
from intake.files import storage
from intake.formdefs.registry import current_registry
from intake.formdefs.types.file import request_limit
from intake.staff import audit, bp
from intake.staff.downloads import send_download
from intake.staff.roles import Role, requires_role


@bp.url_value_preprocessor
def _allow_files(endpoint, values) -> None:
    """Staff adding a sign-up by hand send its files too: the POST gets the limit the form's
    file fields need, as the public form does (intake/public/views.py)."""
    if endpoint != "staff.add_signup" or request.method != "POST":
        return
    definition = current_registry().get((values or {}).get("slug", ""))
    limit = request_limit(definition) if definition is not None else None
    if limit is not None:
        request.max_content_length = max(limit, current_app.config["MAX_CONTENT_LENGTH"] or 0)


@bp.context_processor
def _attached():
    """The sign-up page's list of files (templates/staff/signup.html)."""
    from intake.files.checks import KINDS

    return {
        "attached_files": lambda signup: files.files_of([signup.id]),
        "file_kind": lambda row: KINDS[row.kind].label if row.kind in KINDS else row.kind,
    }


@bp.get("/filer/<int:file_id>")
@requires_role(Role.SIGNUPS)
def file_download(file_id: int):
    row = files.get(file_id)
    if row is None or not storage.exists(row.storage_name):
        abort(404)
    reference = row.signup.reference if row.signup is not None else None
    audit.record("file.download", f"signup:{reference}",
                 {"file": row.id, "field": row.field_key, "form": row.form_slug})
    return send_download(storage.path_of(row.storage_name).open("rb"), row.name,
                         row.content_type)
