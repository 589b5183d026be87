"""A stored file belongs to exactly one sign-up or one follow-up invitation (issue 14 §3,
contract C3): the CHECK `one_owner` on `uploaded_files`, on both databases."""

from __future__ import annotations

import shutil

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from intake.extensions import db
from intake.files.models import UploadedFile
from intake.invitations.models import Invitation
from intake.signups.models import Signup
from tests.files.conftest import FORM, upload
from tests.support.files import PDF
from tests.support.goals import FOLLOWUP_FORM, make_round, seed


@pytest.fixture
def app(make_app, tmp_path):
    directory = tmp_path / "forms"
    directory.mkdir()
    (directory / "handlingsplan.yaml").write_text(FORM, encoding="utf-8")
    shutil.copy(FOLLOWUP_FORM, directory / FOLLOWUP_FORM.name)
    return make_app(FORMS_DIR=str(directory), UPLOADS_DIR=str(tmp_path / "filer"))


def _row(**owner) -> UploadedFile:
    return UploadedFile(storage_name="a" * 64, name="plan.pdf", kind="pdf",
                        content_type="application/pdf", size=3, sha256="0" * 64,
                        form_slug="handlingsplan", field_key="plan", **owner)


@pytest.mark.parametrize("owners,ok", [
    ((), False), (("signup",), True), (("invitation",), True),
    (("signup", "invitation"), False),
])
def test_a_file_needs_exactly_one_owner(app, owners, ok):
    upload(app, [("plan.pdf", PDF)])
    seed(app)
    make_round(app)
    with app.app_context():
        ids = {"signup_id": db.session.scalar(sa.select(Signup.id)),
               "invitation_id": db.session.scalar(sa.select(sa.func.min(Invitation.id)))}
        assert None not in ids.values()
        db.session.add(_row(**{f"{name}_id": ids[f"{name}_id"] for name in owners}))
        if ok:
            db.session.flush()
        else:
            with pytest.raises(IntegrityError, match="one_owner|CHECK"):
                db.session.flush()
        db.session.rollback()
