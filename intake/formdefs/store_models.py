"""Form definitions in the database (issue 12 §1): a form, its published versions, one draft.

A published version is never changed; answers point to it by (form_slug, form_version). The
mapping columns hold the definition as the same plain mapping a `forms/*.yaml` file holds,
as JSON (`json`, not `jsonb`, on PostgreSQL: key order is kept, so an export reads like the
file it came from). `form_catalogue` is one row whose generation every publish, close and
reopen raises: each web process compares it once per request to know its cache is current.
"""

from __future__ import annotations

import enum

import sqlalchemy as sa

from intake.columns import UTCDateTime, created_at_column, enum_column
from intake.extensions import db

MappingJSON = sa.JSON()  # plain json on PostgreSQL too: JSONB would reorder the keys


class FormSource(enum.Enum):
    """Where the form's definitions come from: a shipped file, or staff in the browser.

    A form stays `file` while its versions all come from `forms/*.yaml`; a draft saved or a
    version published through intake.formdefs.store makes it `editor`, after which a newer
    file no longer replaces it (intake/formdefs/shipped.py warns instead).
    """

    FILE = "file"
    EDITOR = "editor"


class StoredForm(db.Model):
    __tablename__ = "forms"

    slug = sa.Column(sa.String(50), primary_key=True)
    kind = sa.Column(sa.String(20), nullable=False, default="signup")
    is_closed = sa.Column(sa.Boolean, nullable=False, default=False)
    closed_at = sa.Column(UTCDateTime)
    created_at = created_at_column()
    created_by = sa.Column(sa.String(254))  # a staff e-mail; None for a shipped file
    source = enum_column(FormSource, nullable=False, default=FormSource.FILE)


class FormVersion(db.Model):
    __tablename__ = "form_versions"
    __table_args__ = (sa.UniqueConstraint("form_slug", "version"),)

    id = sa.Column(sa.Integer, primary_key=True)
    form_slug = sa.Column(sa.String(50), sa.ForeignKey("forms.slug"), nullable=False)
    version = sa.Column(sa.Integer, nullable=False)
    mapping = sa.Column(MappingJSON, nullable=False)
    published_at = sa.Column(UTCDateTime, nullable=False)
    published_by = sa.Column(sa.String(254))  # None for a shipped file


class FormDraft(db.Model):
    """The one draft of a form; `revision` rises on every save (the two-editor check)."""

    __tablename__ = "form_drafts"

    form_slug = sa.Column(sa.String(50), sa.ForeignKey("forms.slug"), primary_key=True)
    mapping = sa.Column(MappingJSON, nullable=False)
    revision = sa.Column(sa.Integer, nullable=False, default=1)
    updated_at = sa.Column(UTCDateTime, nullable=False)
    updated_by = sa.Column(sa.String(254))


class FormCatalogue(db.Model):
    """One row (id 1). A missing row reads as generation 0 (a database made by create_all)."""

    __tablename__ = "form_catalogue"

    id = sa.Column(sa.Integer, primary_key=True)
    generation = sa.Column(sa.Integer, nullable=False, default=0)
