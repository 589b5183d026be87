"""One stored file of an answer."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import relationship

from intake.columns import created_at_column
from intake.extensions import db


class UploadedFile(db.Model):
    """A file a person attached to a sign-up's `file` field, or a goal owner to a goal's
    block of a follow-up answer (an action plan, issue 14 §3).

    `storage_name` is the random name on disk (64 hex digits, `secrets.token_hex(32)`);
    `name` the person's file name after cleaning (intake.files.checks.clean_name); `size`
    in bytes; `kind` the detected kind (pdf, docx, xlsx, png, jpeg) and `content_type` its
    MIME type; `sha256` of the content, hex. It belongs to exactly one of a sign-up
    (`signup_id`) or a follow-up invitation (`invitation_id`, the RoundInvitation, with the
    goal it was attached to in `goal_id`; `form_slug` is then the round's form and
    `field_key` the goal field's key); the CHECK `one_owner` says so. Deleted with its
    sign-up or invitation (the row by the foreign key or the session, the file on disk by
    intake.files.storage); a deleted goal leaves the file with `goal_id` NULL.
    """

    __tablename__ = "uploaded_files"
    __table_args__ = (
        sa.CheckConstraint("(signup_id IS NULL) <> (invitation_id IS NULL)", name="one_owner"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    storage_name = sa.Column(sa.String(64), nullable=False, unique=True)
    name = sa.Column(sa.String(255), nullable=False)
    kind = sa.Column(sa.String(10), nullable=False)
    content_type = sa.Column(sa.String(100), nullable=False)
    size = sa.Column(sa.Integer, nullable=False)
    sha256 = sa.Column(sa.String(64), nullable=False)
    form_slug = sa.Column(sa.String(50), nullable=False)
    signup_id = sa.Column(
        sa.ForeignKey("signups.id", ondelete="CASCADE"), nullable=True, index=True
    )
    invitation_id = sa.Column(
        sa.ForeignKey("invitations.id", ondelete="CASCADE"), nullable=True, index=True
    )
    goal_id = sa.Column(sa.ForeignKey("goals.id", ondelete="SET NULL"), nullable=True)
    field_key = sa.Column(sa.String(40), nullable=False)
    created_at = created_at_column()

    signup = relationship("Signup")
    invitation = relationship("Invitation")
    goal = relationship("Goal")

    def reference(self) -> dict:
        """What the answer stores for this file."""
        return {"id": self.id, "name": self.name, "size": self.size, "type": self.kind}


# Imported with the model: the session listeners that follow every file row, and the
# GDPR provider.
from intake.files import gdpr, storage  # noqa: E402,F401
