"""`flask backup` takes the attached files along (intake/backup.py): on SQLite the files the
database copy names go into `<copy>.files/`, each checked against its row's SHA-256, and a
restore (database file and files back, reapply-deletions) gives back every file; on
PostgreSQL the command names UPLOADS_DIR next to the pg_dump call. Always SQLite for the
copy itself, also when the suite runs on PostgreSQL, as tests/gdpr/test_restore.py does."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from intake import create_app
from intake.extensions import db
from intake.files.models import UploadedFile
from intake.gdpr import service as gdpr
from intake.gdpr.person import parse
from tests.conftest import _base_config
from tests.files.conftest import FORM, stored, upload
from tests.support.files import PDF, made


@pytest.fixture
def sqlite_app(tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "handlingsplan.yaml").write_text(FORM, encoding="utf-8")
    app = create_app(_base_config(
        f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path, FORMS_DIR=str(forms),
        UPLOADS_DIR=str(tmp_path / "filer"), DELETION_LOG_PATH=str(tmp_path / "slet.jsonl")))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _rows(app) -> dict[str, str]:
    with app.app_context():
        return {name: sha for name, sha in db.session.execute(
            sa.select(UploadedFile.storage_name, UploadedFile.sha256))}


def test_the_backup_copies_the_files_its_database_names(sqlite_app, tmp_path):
    upload(sqlite_app, [("plan.pdf", PDF)])
    upload(sqlite_app, [("a.png", made("png")), ("b.pdf", PDF)], email="bo@firma.dk")
    rows = _rows(sqlite_app)
    target = tmp_path / "backup" / "nat.sqlite3"
    target.parent.mkdir()
    result = sqlite_app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    folder = Path(str(target) + ".files")
    assert f"3 vedhæftede filer kopieret til {folder} (kontrolleret med SHA-256)." in result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(rows) == stored(sqlite_app)
    for name, sha256 in rows.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == sha256
    assert folder.stat().st_mode & 0o077 == 0
    # Never over an earlier backup's files without --overwrite.
    again = sqlite_app.test_cli_runner().invoke(args=["backup", str(target)])
    assert again.exit_code != 0 and "findes allerede" in again.output
    target.unlink()
    again = sqlite_app.test_cli_runner().invoke(args=["backup", str(target)])
    assert again.exit_code != 0 and f"{folder} findes allerede" in again.output
    over = sqlite_app.test_cli_runner().invoke(args=["backup", str(target), "--overwrite"])
    assert over.exit_code == 0, over.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(rows)
    assert not Path(str(folder) + ".partial").exists()


def test_into_a_directory_and_a_missing_or_changed_file_is_reported(sqlite_app, tmp_path):
    upload(sqlite_app, [("plan.pdf", PDF)])
    upload(sqlite_app, [("b.png", made("png"))], email="bo@firma.dk")
    first, second = sorted(_rows(sqlite_app))
    uploads = Path(sqlite_app.config["UPLOADS_DIR"])
    (uploads / first).unlink()  # lost on the disk
    runner = sqlite_app.test_cli_runner()
    result = runner.invoke(args=["backup", str(tmp_path)])
    assert result.exit_code == 0, result.output
    [copy] = tmp_path.glob("intake-*.sqlite3")
    assert "1 vedhæftede filer kopieret" in result.output
    assert "1 vedhæftede filer, som backuppen nævner, fandtes ikke i UPLOADS_DIR" in result.output
    assert [p.name for p in Path(str(copy) + ".files").iterdir()] == [second]

    (uploads / second).write_bytes(b"%PDF-noget andet")  # changed on the disk
    result = runner.invoke(args=["backup", str(tmp_path / "igen.sqlite3")])
    assert result.exit_code != 0
    assert "1 vedhæftede filer passer ikke med deres SHA-256" in result.output
    assert second in result.output


def test_a_restored_backup_has_its_files_and_erasures_are_applied_again(sqlite_app, tmp_path):
    upload(sqlite_app, [("plan.pdf", PDF)])
    upload(sqlite_app, [("b.png", made("png"))], email="bo@firma.dk")
    rows = _rows(sqlite_app)
    runner = sqlite_app.test_cli_runner()
    target = tmp_path / "nat.sqlite3"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    with sqlite_app.app_context():  # Bo is erased after the backup: his file leaves the disk
        assert gdpr.erase(parse("bo@firma.dk"), staff_user_id=1) is not None
        db.session.commit()
        live = Path(db.engine.url.database)
        db.session.remove()
        db.engine.dispose()  # the service is stopped for the restore
    uploads = Path(sqlite_app.config["UPLOADS_DIR"])
    assert len(stored(sqlite_app)) == 1

    # The disk is lost: the database file and the files come back from the backup.
    shutil.rmtree(uploads)
    for leftover in (Path(f"{live}-wal"), Path(f"{live}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copy(target, live)
    shutil.copytree(Path(str(target) + ".files"), uploads)
    assert stored(sqlite_app) == sorted(rows)
    sweep = runner.invoke(args=["files", "sweep", "--dry-run"])
    assert sweep.exit_code == 0 and "mangler" not in sweep.output, sweep.output

    result = runner.invoke(args=["gdpr", "reapply-deletions"])
    assert result.exit_code == 0, result.output
    kept = _rows(sqlite_app)
    assert len(kept) == 1 and stored(sqlite_app) == sorted(kept)  # Bo's file went again
    with sqlite_app.app_context():
        row = db.session.scalars(sa.select(UploadedFile)).one()
        assert row.name == "plan.pdf" and (uploads / row.storage_name).read_bytes() == PDF


def test_on_postgresql_the_backup_names_uploads_dir(tmp_path):
    app = create_app(_base_config(
        "postgresql+psycopg://intake:hemmelig@db.example:5432/intake", tmp_path,
        UPLOADS_DIR="/srv/intake/instance/uploads"))
    result = app.test_cli_runner().invoke(args=["backup", "/srv/backup/intake.dump"])
    assert result.exit_code == 0, result.output
    assert "pg_dump --format=custom --file=/srv/backup/intake.dump" in result.output
    assert ("Vedhæftede filer er ikke med i pg_dump. De ligger i UPLOADS_DIR "
            "(/srv/intake/instance/uploads).") in result.output
    assert ("cp -a '/srv/intake/instance/uploads' '/srv/backup/intake.dump.files'"
            in result.output)
    assert "hemmelig" not in result.output


def test_the_postgresql_backup_unit_copies_the_uploads_after_the_dump(tmp_path):
    """docs/systemd/intake-backup.service's shell, run with a stand-in pg_dump."""
    unit = (Path(__file__).parents[2] / "docs/systemd/intake-backup.service").read_text()
    command = unit.split("ExecStart=/bin/sh -ec '", 1)[1].split("'\n", 1)[0]
    script = command.replace("\\\n", "\n").replace("$$", "$").replace("%%", "%")
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "pg_dump").write_text('#!/bin/sh\nfor a; do case "$a" in --file=*) '
                                   'echo dump > "${a#--file=}";; esac; done\n')
    (tools / "pg_dump").chmod(0o755)
    uploads, backups = tmp_path / "uploads", tmp_path / "backups"
    uploads.mkdir()
    (uploads / ("a" * 64)).write_bytes(PDF)
    env = {"PATH": f"{tools}:/usr/bin:/bin", "INTAKE_BACKUP_DIR": str(backups),
           "INTAKE_BACKUP_KEEP_DAYS": "35", "INTAKE_UPLOADS_DIR": str(uploads),
           "INTAKE_SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://intake@127.0.0.1/intake"}
    done = subprocess.run(["/bin/sh", "-ec", script], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    [dump] = backups.glob("intake-*.dump")
    assert dump.read_text() == "dump\n"
    assert (Path(f"{dump}.files") / ("a" * 64)).read_bytes() == PDF
    assert not list(backups.glob("*.part"))
