"""Staff download of a file a person attached to a sign-up, or a goal owner to a follow-up
answer (an action plan; intake/files).

A sign-up's file needs the sign-ups role, a follow-up file the goals role (the role of the
pages that show it: sign-ups, and a round's answers and workbook); always as a download:
`Content-Disposition: attachment` with the RFC 6266/8187 `filename*` (Danish letters kept),
`X-Content-Type-Options: nosniff` and the content type intake detected itself, never the one
the browser sent (intake.staff.downloads). Each download is written to the audit log first,
as exports are.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, request

from intake.files import service as files
from intake.files import storage
from intake.formdefs.registry import current_registry
from intake.formdefs.types.file import MB
from intake.inspiration.forms import MAX_MB as SHEET_MAX_MB
from intake.staff import audit, bp
from intake.staff.downloads import send_download
from intake.staff.roles import Role, has_role
from intake.uploads.package import Limits
from intake.uploads.request import allow_files, allow_upload

# Staff pages that take one file, and its limit in bytes: a workbook (goals, recipients, a form
# as XLSForm; refused by intake.uploads.workbook) or an inspiration sheet's PDF (refused by its
# form). A bigger file is refused next to the field, not by the 413 page.
ONE_FILE_UPLOADS = {
    **dict.fromkeys(("staff.import_goals", "staff.form_sendings", "staff.xlsform_form",
                     "staff.xlsform_new"), Limits.max_upload),
    **dict.fromkeys(("staff.inspiration_new", "staff.inspiration_edit"), SHEET_MAX_MB * MB),
}


@bp.url_value_preprocessor
def _allow_files(endpoint, values) -> None:
    """Every staff POST that carries files gets its body limit before the CSRF check reads
    the form: a one-file page (ONE_FILE_UPLOADS) through `allow_upload`; staff adding a
    sign-up by hand the limit its form's file fields need, as the public form does
    (intake/public/views.py)."""
    if request.method != "POST":
        return
    if endpoint in ONE_FILE_UPLOADS:
        allow_upload(ONE_FILE_UPLOADS[endpoint])
        return
    if endpoint != "staff.add_signup":
        return
    definition = current_registry().get((values or {}).get("slug", ""))
    if definition is not None:
        allow_files(definition)


@bp.context_processor
def _attached():
    """The sign-up page's list of files (templates/staff/signup.html)."""
    from intake.files.checks import KINDS

    return {
        "attached_files": lambda signup: files.files_of([signup.id]),
        "file_kind": lambda row: KINDS[row.kind].label if row.kind in KINDS else row.kind,
        # A follow-up answer's file references ({"id", "name", ...}) in one stored block
        # (templates/staff/goals/answers.html links each to staff.file_download).
        "answer_files": lambda block: [
            item for value in (block or {}).values() if isinstance(value, list)
            for item in value
            if isinstance(item, dict) and isinstance(item.get("id"), int) and "name" in item
        ],
    }


def _files_role(view):
    """`requires_role(Role.SIGNUPS)` for the route table (tests/staff/test_roles_routes.py),
    but a member with the goals role passes on to the per-file check in the view: sign-up
    files need SIGNUPS, follow-up files GOALS. Anyone with neither gets the 403 page before
    any look-up."""
    from intake.staff.auth import staff_required

    @wraps(view)
    def either(*args, **kwargs):
        if not (has_role(Role.SIGNUPS) or has_role(Role.GOALS)):
            abort(403)
        return view(*args, **kwargs)

    wrapper = staff_required(either)
    wrapper.required_role = Role.SIGNUPS
    return wrapper


@bp.get("/filer/<int:file_id>")
@_files_role
def file_download(file_id: int):
    row = files.get(file_id)
    needed = Role.GOALS if row is not None and row.invitation_id is not None else Role.SIGNUPS
    if not has_role(needed):
        abort(403)
    if row is None or not storage.exists(row.storage_name):
        abort(404)
    if row.invitation_id is not None:
        target = f"invitation:{row.invitation_id}"
        details = {"file": row.id, "field": row.field_key, "form": row.form_slug,
                   "goal": row.goal_id}
    else:
        target = f"signup:{row.signup.reference if row.signup is not None else None}"
        details = {"file": row.id, "field": row.field_key, "form": row.form_slug}
    audit.record("file.download", target, details)
    return send_download(storage.path_of(row.storage_name).open("rb"), row.name,
                         row.content_type)
