"""One stored file of an answer."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import relationship

from intake.columns import created_at_column
from intake.extensions import db


class UploadedFile(db.Model):
    """A file a person attached to a sign-up's `file` field.

    `storage_name` is the random name on disk (64 hex digits, `secrets.token_hex(32)`);
    `name` the person's file name after cleaning (intake.files.checks.clean_name); `size`
    in bytes; `kind` the detected kind (pdf, docx, xlsx, png, jpeg) and `content_type` its
    MIME type; `sha256` of the content, hex. Deleted with its sign-up (the row by the
    foreign key, the file on disk by intake.files.storage).
    """

    __tablename__ = "uploaded_files"

    id = sa.Column(sa.Integer, primary_key=True)
    storage_name = sa.Column(sa.String(64), nullable=False, unique=True)
    name = sa.Column(sa.String(255), nullable=False)
    kind = sa.Column(sa.String(10), nullable=False)
    content_type = sa.Column(sa.String(100), nullable=False)
    size = sa.Column(sa.Integer, nullable=False)
    sha256 = sa.Column(sa.String(64), nullable=False)
    form_slug = sa.Column(sa.String(50), nullable=False)
    signup_id = sa.Column(
        sa.ForeignKey("signups.id", ondelete="CASCADE"), nullable=False, index=True
    )
    field_key = sa.Column(sa.String(40), nullable=False)
    created_at = created_at_column()

    signup = relationship("Signup")

    def reference(self) -> dict:
        """What the answer stores for this file."""
        return {"id": self.id, "name": self.name, "size": self.size, "type": self.kind}


# Imported with the model: the session listeners that follow every file row, and the
# GDPR provider.
from intake.files import gdpr, storage  # noqa: E402,F401
