"""The sheets' PDFs live in UPLOADS_DIR beside the attached files: `flask backup` copies
them (checked by SHA-256) and `flask files sweep` never takes them for strays. The backup's
copy is always SQLite, as in tests/files/test_backup.py."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from intake import create_app
from intake.extensions import db
from intake.formdefs.types.file import Checked
from intake.goals.models import FocusArea
from intake.inspiration import service
from tests.conftest import _base_config
from tests.inspiration.conftest import stored
from tests.support.files import PDF


@pytest.fixture
def sqlite_app(tmp_path, forms_dir):
    app = create_app(_base_config(
        f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path, FORMS_DIR=str(forms_dir),
        UPLOADS_DIR=str(tmp_path / "filer")))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _sheet(app, title: str) -> tuple[str, str]:
    with app.app_context():
        sheet = service.create(area=FocusArea.RAMMER, title=title, description="",
                               file=Checked(f"{title}.pdf", "pdf", PDF + title.encode()),
                               staff_id=None)
        db.session.commit()
        return sheet.storage_name, sheet.sha256


def test_the_backup_copies_the_sheets(sqlite_app, tmp_path):
    sheets = dict([_sheet(sqlite_app, "Et"), _sheet(sqlite_app, "To")])
    target = tmp_path / "backup" / "nat.sqlite3"
    target.parent.mkdir()
    result = sqlite_app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    folder = Path(str(target) + ".files")
    assert sorted(p.name for p in folder.iterdir()) == sorted(sheets)
    for name, sha256 in sheets.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == sha256


def test_the_sweep_keeps_the_sheets(sqlite_app):
    name, _ = _sheet(sqlite_app, "Et")
    directory = Path(sqlite_app.config["UPLOADS_DIR"])
    stray = "a" * 64
    (directory / stray).write_bytes(b"x")
    old = time.time() - 3 * 24 * 3600
    for each in (name, stray):
        os.utime(directory / each, (old, old))
    result = sqlite_app.test_cli_runner().invoke(args=["files", "sweep"])
    assert result.exit_code == 0 and "1 filer uden tilmelding slettet." in result.output
    assert stored(sqlite_app) == [name]
