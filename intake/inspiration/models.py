"""An inspiration sheet: a PDF that staff publish per focus area on the public page."""

from __future__ import annotations

import sqlalchemy as sa

from intake.clock import now
from intake.columns import UTCDateTime, created_at_column, enum_column
from intake.extensions import db
from intake.goals.models import FocusArea


class InspirationSheet(db.Model):
    """One inspiration sheet (issue 14 §3) for one focus area.

    `title` and `description` are shown on the public page (`description` may be ""); the
    PDF is stored by intake.files.storage under `storage_name` (64 random hex digits, in
    UPLOADS_DIR), with `file_name` (cleaned by intake.files.checks.clean_name, the name a
    download is saved as), `size` in bytes and `sha256` (hex) of the content. Public only
    while `is_published`; `published_at`/`published_by` say when and by whom it was last
    published. `created_by`, `published_by`: staff account ids (None once the account is gone).

    GDPR: a sheet is a document staff make from businesses' input, written for publication;
    it is not personal data about the people who gave the input (their input stays in their
    sign-ups of the form `inspiration`, which the GDPR tools cover). So sheets have no GDPR
    provider and no retention; staff delete a sheet when it is no longer wanted.
    """

    __tablename__ = "inspiration_sheets"

    id = sa.Column(sa.Integer, primary_key=True)
    focus_area = enum_column(FocusArea, nullable=False, index=True)
    title = sa.Column(sa.String(200), nullable=False)
    description = sa.Column(sa.Text, nullable=False, default="")
    storage_name = sa.Column(sa.String(64), nullable=False, unique=True)
    file_name = sa.Column(sa.String(255), nullable=False)
    size = sa.Column(sa.Integer, nullable=False)
    sha256 = sa.Column(sa.String(64), nullable=False)
    is_published = sa.Column(sa.Boolean, nullable=False, default=False)
    published_at = sa.Column(UTCDateTime)
    published_by = sa.Column(sa.ForeignKey("staff_users.id", ondelete="SET NULL"))
    created_at = created_at_column()
    created_by = sa.Column(sa.ForeignKey("staff_users.id", ondelete="SET NULL"))
    updated_at = sa.Column(UTCDateTime, nullable=False, default=now, onupdate=now)
