"""`flask backup PATH`: a consistent copy of the database, and of the files people attached,
while the service runs.

SQLite: the online backup API (sqlite3 `Connection.backup`) copies a consistent snapshot
page by page; with WAL, writers are not blocked while it runs. The copy is checked with
PRAGMA integrity_check before the command says it is done. Then the attached files that
the copy's `uploaded_files` rows name are copied from UPLOADS_DIR into `PATH.files/`, each
checked against the row's SHA-256. A file is written before its row is committed
(intake.files.storage), so every file the snapshot names was on disk when it was taken; one
missing now was deleted since (GDPR erasure, retention: `gdpr reapply-deletions` removes its
row again after a restore) and is reported, not an error.
PostgreSQL: pg_dump is the tool (it takes a consistent snapshot too); the command prints
the exact call to use, and that UPLOADS_DIR must be copied right after it (not in the dump).

Restore: the database file back, the files of `PATH.files/` into UPLOADS_DIR, then `flask
gdpr reapply-deletions` and `flask files sweep --dry-run` (names rows whose file is missing).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import URL, make_url

from intake import clock
from intake.inspiration import backup as inspiration_backup


@click.command("backup")
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--overwrite", is_flag=True, help="Overskriv en eksisterende fil.")
@with_appcontext
def backup_command(target: Path, overwrite: bool) -> None:
    """Tag en konsistent backup af databasen til TARGET (en fil eller en mappe)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "postgresql":
        _pg_dump_pointer(url, target)
        return
    source = Path(url.database or "")
    if not url.database or url.database == ":memory:" or not source.exists():
        raise click.ClickException(f"SQLite-databasen findes ikke: {source}")
    if target.is_dir():
        target = target / f"intake-{clock.local_now():%Y%m%d-%H%M%S}.sqlite3"
    folder = files_folder(target)
    for path in (target, folder):
        if path.exists() and not overwrite:
            raise click.ClickException(
                f"{path} findes allerede. Vælg et andet navn eller brug --overwrite."
            )
    copy_sqlite(source, target)
    click.echo(f"Backup gemt i {target} ({target.stat().st_size / 1e6:.1f} MB, integritet: ok).")
    wanted = attached_in(target) | inspiration_backup.stored_in(target)  # and the sheets' PDFs
    copied, missing, damaged = copy_files(wanted, uploads_dir(), folder)
    click.echo(f"{copied} vedhæftede filer kopieret til {folder} (kontrolleret med SHA-256).")
    if missing:
        click.echo(
            f"{len(missing)} vedhæftede filer, som backuppen nævner, fandtes ikke i UPLOADS_DIR "
            "(slettet siden, fx ved GDPR-sletning, eller mistet). Efter en gendannelse viser "
            "'flask --app wsgi files sweep --dry-run' dem."
        )
    if damaged:
        raise click.ClickException(
            f"{len(damaged)} vedhæftede filer passer ikke med deres SHA-256 i databasen "
            f"(ændret eller beskadiget på disken): {', '.join(damaged)}. De er kopieret, som "
            "de er; undersøg disken."
        )


def files_folder(target: Path) -> Path:
    """Where the attached files of the database copy `target` go: `<target>.files/`."""
    return target.with_name(target.name + ".files")


def uploads_dir() -> Path:
    return Path(current_app.config["UPLOADS_DIR"])


def attached_in(copy: Path) -> dict[str, str]:
    """storage name -> SHA-256 (hex) of every file row in the database copy `copy`."""
    with sqlite3.connect(copy) as conn:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'uploaded_files'"
        ).fetchone()
        rows = conn.execute("SELECT storage_name, sha256 FROM uploaded_files").fetchall() \
            if has_table else []
    conn.close()
    return dict(rows)


def copy_files(wanted: dict[str, str], source: Path,
               folder: Path) -> tuple[int, list[str], list[str]]:
    """Copy the files `wanted` (storage name -> SHA-256 hex) from `source` into `folder`, each
    checked as it is read. Written to `folder.partial` first and put in place (replacing an
    earlier `folder`) only when complete. Returns (files copied, storage names missing,
    storage names copied whose content does not match their SHA-256)."""
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(mode=0o700, parents=True)
    missing, damaged = [], []
    for name, sha256 in sorted(wanted.items()):
        if not (source / name).is_file():
            missing.append(name)
            continue
        digest = hashlib.sha256()
        descriptor = os.open(partial / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with (source / name).open("rb") as src, open(descriptor, "wb") as dst:
            while chunk := src.read(1024 * 1024):
                digest.update(chunk)
                dst.write(chunk)
        if digest.hexdigest() != sha256:
            damaged.append(name)
    if folder.exists():
        shutil.rmtree(folder)
    partial.replace(folder)
    return len(wanted) - len(missing), missing, damaged


def copy_sqlite(source: Path, target: Path) -> None:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    # All pages in one step: a stepwise copy restarts whenever another process writes, and
    # could never finish on a busy service. In WAL mode the one read transaction blocks no one.
    with sqlite3.connect(source, timeout=30) as src, sqlite3.connect(partial) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal beside it
        result = dst.execute("PRAGMA integrity_check").fetchone()[0]
    src.close()
    dst.close()
    if result != "ok":
        partial.unlink(missing_ok=True)
        raise click.ClickException(
            f"Backuppen er ikke gyldig (integrity_check: {result}); intet gemt."
        )
    partial.replace(target)


def _pg_dump_pointer(url, target: Path) -> None:
    """On PostgreSQL the right tool is pg_dump: print the exact call, with no password in it."""
    plain = URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                       database=url.database, query=url.query)
    click.echo(
        "Databasen er PostgreSQL. Tag backup med pg_dump, som også giver et konsistent "
        "øjebliksbillede mens tjenesten kører:\n\n"
        f"  pg_dump --format=custom --file={target} "
        f"'{plain.render_as_string(hide_password=False)}'\n\n"
        "Adgangskoden læses fra ~/.pgpass eller PGPASSWORD. Læg en backup tilbage med "
        "pg_restore --clean, og kør derefter: flask --app wsgi gdpr reapply-deletions\n\n"
        f"Vedhæftede filer er ikke med i pg_dump. De ligger i UPLOADS_DIR ({uploads_dir()}). "
        "Kopiér mappen lige efter pg_dump, fx:\n\n"
        f"  cp -a '{uploads_dir()}' '{files_folder(target)}'\n\n"
        "og læg filerne tilbage i UPLOADS_DIR, når du gendanner."
    )
