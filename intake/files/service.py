"""Storing the files of an accepted sign-up or of a goal owner's follow-up answer, and
finding them again. Flushes, never commits."""

from __future__ import annotations

import sqlalchemy as sa

from intake.extensions import db
from intake.files import storage
from intake.files.checks import KINDS
from intake.files.models import UploadedFile


def attach(definition, signup, form) -> list[UploadedFile]:
    """Store the checked files of every `file` field of `form` for the accepted `signup`
    (already flushed), and put their references, with ids, in its answers. Call it in the
    transaction that accepted the sign-up: the files on disk are removed again if it is
    rolled back (intake.files.storage). Does nothing for a sign-up whose answers are not
    this form's (a replayed POST gets the sign-up it made the first time)."""
    answers = dict(signup.answers or {})
    stored: list[UploadedFile] = []
    session = db.session()
    for fdef in definition.fields:
        checked = getattr(form[fdef.key], "checked", None) if fdef.type == "file" else None
        if not checked or answers.get(fdef.key) != [item.reference() for item in checked]:
            # Not a file field, nothing chosen, hidden (show_if) when sent, or a sign-up
            # stored before: a replayed POST returns the first one, whose files are stored.
            continue
        rows = [UploadedFile(
            storage_name=storage.write(session, item.data), name=item.name, kind=item.kind,
            content_type=KINDS[item.kind].content_type, size=len(item.data),
            sha256=item.sha256, form_slug=signup.form_slug, signup_id=signup.id,
            field_key=fdef.key,
        ) for item in checked]
        # An edited answer with new files replaces the field's earlier ones.
        delete([f for f in files_of([signup.id]) if f.field_key == fdef.key])
        session.add_all(rows)
        session.flush()
        answers[fdef.key] = [row.reference() for row in rows]
        stored.extend(rows)
    if stored:
        signup.answers = answers
        session.flush()
    return stored


def attach_to_invitation(invitation, goal_id: int | None, field_key: str,
                         checked: list) -> list[dict]:
    """Store the checked files (intake.formdefs.types.file.Checked) a goal owner chose for
    one field of a goal's block (`goal_id`; None for the follow-up's general part) and
    return their references with ids, for the answer. The files on disk are removed again if
    the transaction is rolled back. Earlier files stay while any stored answer of the
    invitation names them (`prune_invitation`)."""
    session = db.session()
    rows = [UploadedFile(
        storage_name=storage.write(session, item.data), name=item.name, kind=item.kind,
        content_type=KINDS[item.kind].content_type, size=len(item.data), sha256=item.sha256,
        form_slug=invitation.round.form_slug, invitation_id=invitation.id, goal_id=goal_id,
        field_key=field_key,
    ) for item in checked]
    session.add_all(rows)
    session.flush()
    return [row.reference() for row in rows]


def referenced_ids(answers) -> set[int]:
    """The file ids an answer's references name, anywhere in it ({"goals": {...}, "general":
    {...}} or a sign-up's flat answers): every {"id", "name", "size", "type"} mapping."""
    found: set[int] = set()

    def walk(value) -> None:
        if isinstance(value, dict):
            if value.keys() == {"id", "name", "size", "type"} and isinstance(value["id"], int):
                found.add(value["id"])
            else:
                for item in value.values():
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(answers)
    return found


def files_of_invitation(invitation_id: int) -> list[UploadedFile]:
    """The files of one follow-up invitation (all goals and versions), oldest first."""
    return list(db.session.scalars(
        sa.select(UploadedFile).where(UploadedFile.invitation_id == invitation_id)
        .order_by(UploadedFile.id)
    ))


def prune_invitation(invitation) -> int:
    """Delete the invitation's files that none of its stored answers names any more (its
    draft, every submitted version, every late answer): a file the owner removed or
    replaced goes once no version refers to it (flushes; from disk after the commit).
    Returns how many."""
    named = referenced_ids(invitation.draft_answers)
    for stored in [*invitation.submissions, *invitation.late_answers]:
        named |= referenced_ids(stored.answers)
    return delete([f for f in files_of_invitation(invitation.id) if f.id not in named])


def get(file_id: int) -> UploadedFile | None:
    return db.session.get(UploadedFile, file_id)


def files_of(signup_ids: list[int]) -> list[UploadedFile]:
    """The files of these sign-ups, oldest first."""
    if not signup_ids:
        return []
    return list(db.session.scalars(
        sa.select(UploadedFile).where(UploadedFile.signup_id.in_(signup_ids))
        .order_by(UploadedFile.signup_id, UploadedFile.id)
    ))


def delete(files: list[UploadedFile]) -> int:
    """Delete the rows now and the files on disk after the commit (flushes)."""
    for row in files:
        db.session.delete(row)
    db.session.flush()
    return len(files)
