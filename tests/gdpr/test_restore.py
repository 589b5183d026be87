"""Backups while the service runs, and erasures re-applied after a backup is restored."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import sqlalchemy as sa

from intake import create_app
from intake.extensions import db
from intake.gdpr import service
from intake.gdpr.models import DeletionLog
from intake.gdpr.person import parse
from intake.signups.models import Signup
from tests.exports.factory import FULL_ANSWERS, add_signup

OTHER = FULL_ANSWERS | {
    "navn": "Anden",
    "email": "anden@firma.dk",
    "telefon": "+4520304050",
    "deltagere": [
        {"navn": "Anna Ås", "email": "anna@example.dk", "foedt": None},
        {"navn": "Bo Bæk", "email": None, "foedt": None},
    ],
}


def references(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(sa.select(Signup.reference)))


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_backup_is_a_valid_copy_while_signups_keep_coming(sqlite_app, tmp_path):
    add_signup(sqlite_app, "eksport", FULL_ANSWERS)
    stop, made, errors = threading.Event(), [], []

    def keep_signing_up():
        n = 0
        while not stop.is_set():
            n += 1
            try:
                made.append(add_signup(sqlite_app, "fredag" if n % 2 else "eksport", {
                    "datoer": [], "navn": f"P{n}", "email": f"p{n}@firma.dk", "deltagere": [],
                }))
            except Exception as error:  # noqa: BLE001  (reported below)
                errors.append(error)
                return

    writer = threading.Thread(target=keep_signing_up)
    writer.start()
    runner = sqlite_app.test_cli_runner()
    copies = []
    try:
        for n in range(3):
            while len(made) < 5 * (n + 1) and writer.is_alive():
                threading.Event().wait(0.01)
            target = tmp_path / f"backup-{n}.sqlite3"
            result = runner.invoke(args=["backup", str(target)])
            assert result.exit_code == 0, result.output
            assert "integritet: ok" in result.output
            copies.append(target)
    finally:
        stop.set()
        writer.join(timeout=30)
    assert not errors
    for copy in copies:
        assert integrity(copy) == "ok"
        assert not Path(str(copy) + "-wal").exists()
        with sqlite3.connect(copy) as conn:
            assert conn.execute("SELECT count(*) FROM signups").fetchone()[0] >= 1
    with sqlite3.connect(copies[-1]) as conn:
        assert conn.execute("SELECT count(*) FROM signups").fetchone()[0] > 5


def test_backup_into_a_directory_and_never_over_a_file(sqlite_app, tmp_path):
    runner = sqlite_app.test_cli_runner()
    folder = tmp_path / "backups"
    folder.mkdir()
    assert runner.invoke(args=["backup", str(folder)]).exit_code == 0
    [made] = list(folder.glob("intake-*.sqlite3"))
    assert integrity(made) == "ok"
    result = runner.invoke(args=["backup", str(made)])
    assert result.exit_code != 0 and "findes allerede" in result.output
    assert runner.invoke(args=["backup", str(made), "--overwrite"]).exit_code == 0


def test_on_postgresql_backup_points_to_pg_dump(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret-key-not-for-production",
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://intake:hemmelig@db.example:5432/intake",
                      "INSTANCE_PATH": str(tmp_path), "PUBLIC_BASE_URL": "https://intake.example.dk",
                      "MAIL_BACKEND": "file"})
    result = app.test_cli_runner().invoke(args=["backup", "/srv/backup/intake.dump"])
    assert result.exit_code == 0
    assert (
        "pg_dump --format=custom --file=/srv/backup/intake.dump 'postgresql://intake@db.example:5432/intake'"
        in result.output
    )
    assert "hemmelig" not in result.output
    assert "reapply-deletions" in result.output


def test_reapply_deletions_after_restoring_a_backup(sqlite_app, tmp_path):
    own = add_signup(sqlite_app, "eksport", FULL_ANSWERS)
    other = add_signup(sqlite_app, "eksport", OTHER)
    keep = add_signup(sqlite_app, "fredag", {"datoer": [], "navn": "X", "email": "x@firma.dk"})
    runner = sqlite_app.test_cli_runner()
    backup = tmp_path / "before.sqlite3"
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0

    with sqlite_app.app_context():
        service.erase(parse("soeren@example.dk"), staff_user_id=1)
        db.session.commit()
        service.erase(parse("anna@example.dk"), staff_user_id=1)
        db.session.commit()
    assert references(sqlite_app) == {other, keep}
    with sqlite_app.app_context():
        live = Path(db.engine.url.database)
        db.session.remove()
        db.engine.dispose()  # the service is stopped for the restore

    # Restore last night's backup: the erased sign-up is back, the database log is empty.
    for leftover in (Path(f"{live}-wal"), Path(f"{live}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copy(backup, live)
    assert references(sqlite_app) == {own, other, keep}
    with sqlite_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(DeletionLog.id))) == 0

    result = runner.invoke(args=["gdpr", "reapply-deletions"])
    assert result.exit_code == 0, result.output
    assert "2 sletninger gennemgået" in result.output
    assert "2 manglende linjer" in result.output
    assert references(sqlite_app) == {other, keep}
    with sqlite_app.app_context():
        signup = db.session.scalar(sa.select(Signup).where(Signup.reference == other))
        assert [row["navn"] for row in signup.answers["deltagere"]] == ["Bo Bæk"]
        assert db.session.scalar(sa.select(sa.func.count(DeletionLog.id))) == 2

    again = runner.invoke(args=["gdpr", "reapply-deletions"])  # idempotent
    assert again.exit_code == 0, again.output
    assert "0 manglende linjer" in again.output
    assert references(sqlite_app) == {other, keep}
    with sqlite_app.app_context():
        signup = db.session.scalar(sa.select(Signup).where(Signup.reference == other))
        # Bo is never removed
        assert [row["navn"] for row in signup.answers["deltagere"]] == ["Bo Bæk"]
        assert db.session.scalar(sa.select(sa.func.count(DeletionLog.id))) == 2


def test_reapply_without_a_log_file_says_so(app, runner):
    result = runner.invoke(args=["gdpr", "reapply-deletions"])
    assert result.exit_code == 0
    assert "Ingen slettelog-fil" in result.output
