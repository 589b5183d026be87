"""Files attached to a follow-up answer (action plans, issue 14 §3) are attached files like a
sign-up's: `flask files sweep` knows them and `flask backup` copies them."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from intake import create_app
from intake.extensions import db
from intake.files import service as files
from intake.formdefs.types.file import Checked
from intake.rounds.models import Invitation
from tests.conftest import _base_config
from tests.support.files import PDF
from tests.support.goals import FOLLOWUP_FORM, make_round, seed


def _forms(tmp_path) -> Path:
    directory = tmp_path / "forms"
    directory.mkdir(exist_ok=True)
    shutil.copy(FOLLOWUP_FORM, directory / FOLLOWUP_FORM.name)
    return directory


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(FORMS_DIR=str(_forms(tmp_path)), UPLOADS_DIR=str(tmp_path / "filer"))


def _action_plan(app) -> tuple[str, str]:
    """An owner's action plan stored on their invitation; (storage name, SHA-256)."""
    ids = seed(app)
    make_round(app)
    with app.app_context():
        invitation = db.session.scalars(sa.select(Invitation).order_by(Invitation.id)).first()
        (ref,) = files.attach_to_invitation(invitation, ids["g1"], "handlingsplan",
                                            [Checked("plan.pdf", "pdf", PDF)])
        row = files.get(ref["id"])
        db.session.commit()
        return row.storage_name, row.sha256


def test_sweep_keeps_a_follow_up_file(app):
    name, _sha = _action_plan(app)
    path = Path(app.config["UPLOADS_DIR"]) / name
    old = time.time() - 2 * 24 * 3600
    os.utime(path, (old, old))
    result = app.test_cli_runner().invoke(args=["files", "sweep"])
    assert result.exit_code == 0, result.output
    assert "0 filer uden tilmelding slettet." in result.output and path.exists()


def test_the_backup_copies_a_follow_up_file(tmp_path):
    app = create_app(_base_config(
        f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path, FORMS_DIR=str(_forms(tmp_path)),
        UPLOADS_DIR=str(tmp_path / "filer"), DELETION_LOG_PATH=str(tmp_path / "slet.jsonl")))
    with app.app_context():
        db.create_all()
    try:
        name, sha256 = _action_plan(app)
        target = tmp_path / "backup" / "nat.sqlite3"
        target.parent.mkdir()
        result = app.test_cli_runner().invoke(args=["backup", str(target)])
        assert result.exit_code == 0, result.output
        folder = Path(str(target) + ".files")
        assert [p.name for p in folder.iterdir()] == [name]
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == sha256
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
