"""Attached files in the GDPR tools: they are personal data like the answers they belong to.

- find / access export: one row per file of the person's own sign-ups (name, kind, size,
  SHA-256, when it came) with the staff download link, so the file itself can be handed
  over with the access workbook;
- erase: the rows go in the transaction, the files on disk after its commit
  (intake.files.storage); retention purge deletes sign-ups, and their files go with them by
  the same listener.

The deletion log keeps file ids with their creation times only (no names: a file name can
name a person), so a restored backup can repeat the deletion without touching a newer row.
"""

from __future__ import annotations

from datetime import datetime

from intake.exports.cells import Column
from intake.extensions import db
from intake.files import service as files
from intake.files.models import UploadedFile
from intake.gdpr.person import Person
from intake.gdpr.providers import PersonDataProvider, Section, register

COLUMNS = (
    Column("Reference", width=11), Column("Formular", width=24), Column("Spørgsmål", width=30),
    Column("Filnavn", width=40), Column("Filtype", width=8), Column("Størrelse (byte)", "number"),
    Column("Modtaget", "datetime"), Column("SHA-256", width=20), Column("Link (medarbejdere)"),
)


def _files(person: Person) -> list[UploadedFile]:
    from intake.gdpr.sources import matching_signups

    own, _mentions = matching_signups(person)
    return files.files_of([s.id for s in own])


class FileData(PersonDataProvider):
    key = "files"
    title = "Vedhæftede filer"
    order = 15  # before the sign-ups, which would otherwise take the files along unlogged

    def find(self, person: Person) -> list[Section]:
        from intake.formdefs.registry import current_registry
        from intake.links import public_url

        section = Section("Vedhæftede filer", COLUMNS)
        registry = current_registry()
        for row in _files(person):
            definition = registry.get(row.form_slug)
            fdef = definition.field(row.field_key) if definition is not None else None
            section.rows.append([
                row.signup.reference, definition.title.da if definition else row.form_slug,
                fdef.label.da if fdef else row.field_key, row.name, row.kind, row.size,
                row.created_at, row.sha256, public_url("staff.file_download", file_id=row.id),
            ])
        return [section] if section.rows else []

    def plan(self, person: Person) -> list[tuple[str, int]]:
        count = len(_files(person))
        return [("Vedhæftede filer slettes (også fra disken)", count)] if count else []

    def erase(self, person: Person) -> tuple[int, dict] | None:
        found = _files(person)
        if not found:
            return None
        payload = {"files": [[row.id, row.created_at.isoformat()] for row in found]}
        return files.delete(found), payload

    def reapply(self, payload: dict) -> int:
        rows = []
        for file_id, created in payload.get("files") or []:
            row = db.session.get(UploadedFile, file_id)
            if row is not None and row.created_at == datetime.fromisoformat(created):
                rows.append(row)
        return files.delete(rows)


register(FileData())
