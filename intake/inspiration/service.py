"""Inspiration sheets: make, change, publish and delete them; find the published ones.

Flushes, never commits: the request (or command) is the one unit of work
(intake/transactions.py). A sheet's PDF is written by intake.files.storage inside that
transaction (removed again on rollback); a replaced or deleted sheet's old file is removed
only after the commit, so a failed request never loses a file the database still names.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import has_request_context, url_for

from intake import links
from intake.clock import now
from intake.extensions import db
from intake.files import storage
from intake.formdefs.types.file import Checked
from intake.goals.models import FocusArea
from intake.inspiration.models import InspirationSheet

ENDPOINT = "public.inspiration_download"
CONTENT_TYPE = "application/pdf"
INPUT_FORM = "inspiration"  # the shipped form businesses send their input with


def create(*, area: FocusArea, title: str, description: str, file: Checked,
           staff_id: int | None) -> InspirationSheet:
    """A new, unpublished sheet with `file` (a checked PDF, intake.inspiration.forms)."""
    sheet = InspirationSheet(
        focus_area=area, title=title.strip(), description=(description or "").strip(),
        is_published=False, created_by=staff_id,
    )
    _store(sheet, file)
    db.session.add(sheet)
    db.session.flush()
    return sheet


def update(sheet: InspirationSheet, *, area: FocusArea, title: str,
           description: str) -> list[str]:
    """Change the texts and area; returns the names of the columns that changed."""
    changed = []
    for name, value in (("focus_area", area), ("title", title.strip()),
                        ("description", (description or "").strip())):
        if getattr(sheet, name) != value:
            setattr(sheet, name, value)
            changed.append(name)
    if changed:
        sheet.updated_at = now()
    db.session.flush()
    return changed


def replace_file(sheet: InspirationSheet, file: Checked) -> None:
    """Store `file` for `sheet`; the old file leaves the disk after the commit."""
    old = sheet.storage_name
    _store(sheet, file)
    sheet.updated_at = now()
    db.session.flush()
    storage.remove_after_commit(db.session(), old)


def publish(sheet: InspirationSheet, staff_id: int | None) -> None:
    """Show the sheet on the public page (from the next request on)."""
    sheet.is_published = True
    sheet.published_at = now()
    sheet.published_by = staff_id
    db.session.flush()


def unpublish(sheet: InspirationSheet) -> None:
    """Take the sheet off the public page; its download answers 404 at once."""
    sheet.is_published = False
    db.session.flush()


def delete(sheet: InspirationSheet) -> None:
    """Delete the row now and its file after the commit."""
    name = sheet.storage_name
    db.session.delete(sheet)
    db.session.flush()
    storage.remove_after_commit(db.session(), name)


def get(sheet_id: int) -> InspirationSheet | None:
    return db.session.get(InspirationSheet, sheet_id)


def all_by_area() -> dict[FocusArea, list[InspirationSheet]]:
    """Every sheet, published or not, per focus area (in FocusArea order), newest first."""
    found: dict[FocusArea, list[InspirationSheet]] = {area: [] for area in FocusArea}
    for sheet in db.session.scalars(sa.select(InspirationSheet).order_by(
            InspirationSheet.created_at.desc(), InspirationSheet.id.desc())):
        found[sheet.focus_area].append(sheet)
    return found


def published(area: FocusArea | None = None) -> list[InspirationSheet]:
    """The published sheets, of `area` or of every area, newest publication first."""
    query = sa.select(InspirationSheet).where(InspirationSheet.is_published.is_(True))
    if area is not None:
        query = query.where(InspirationSheet.focus_area == area)
    return list(db.session.scalars(query.order_by(
        InspirationSheet.published_at.desc(), InspirationSheet.id.desc())))


def public_url(sheet: InspirationSheet) -> str:
    """The absolute path of the sheet's public download, e.g. "/erhvervspolitik/inspiration/3"
    (under the site's script root); the download answers 404 while the sheet is unpublished."""
    if has_request_context():
        return url_for(ENDPOINT, sheet_id=sheet.id)
    return urlsplit(absolute_url(sheet)).path


def absolute_url(sheet: InspirationSheet) -> str:
    """The full URL of the public download, from PUBLIC_BASE_URL (for mails)."""
    return links.public_url(ENDPOINT, sheet_id=sheet.id)


def _store(sheet: InspirationSheet, file: Checked) -> None:
    sheet.storage_name = storage.write(db.session(), file.data)
    sheet.file_name = file.name
    sheet.size = len(file.data)
    sheet.sha256 = hashlib.sha256(file.data).hexdigest()
