"""`flask files sweep [--dry-run]`: files on disk that no row knows, and rows whose file is
gone.

A file is written before its sign-up's commit and removed if that transaction is rolled
back (intake.files.storage); only a process killed in between leaves a file no row knows.
Those are removed here once they are older than `--hours` (so a sign-up being sent right now
is never touched). A row whose file is missing (a lost disk, a restored database newer than
its files) is only reported: the answer still names the file.
"""

from __future__ import annotations

import time

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from intake.extensions import db
from intake.files import storage
from intake.files.models import UploadedFile
from intake.inspiration import backup as inspiration_backup
from intake.transactions import unit_of_work

files_cli = AppGroup("files", help="Vedhæftede filer: oprydning på disken.")


@files_cli.command("sweep")
@click.option("--dry-run", is_flag=True, help="Vis kun, hvad der ville blive slettet.")
@click.option("--hours", default=24, show_default=True, type=click.IntRange(min=1),
              help="Slet kun filer, der er ældre end så mange timer.")
def sweep_command(dry_run: bool, hours: int) -> None:
    """Slet filer i UPLOADS_DIR, som ingen tilmelding kender, og nævn tilmeldinger, hvis fil
    mangler."""
    with unit_of_work():
        known = set(db.session.scalars(sa.select(UploadedFile.storage_name)))
        known |= set(inspiration_backup.stored_names())  # the inspiration sheets' PDFs
    directory = storage.directory()
    cutoff = time.time() - hours * 3600
    strays = sorted(
        path for path in directory.iterdir()
        if path.is_file() and path.stem not in known and path.stat().st_mtime < cutoff
        and storage.NAME_RE.fullmatch(path.stem)
    )
    missing = sorted(name for name in known if not (directory / name).exists())
    for path in strays:
        if not dry_run:
            path.unlink(missing_ok=True)
    verb = "ville blive slettet" if dry_run else "slettet"
    click.echo(f"{len(strays)} filer uden tilmelding {verb}.")
    if missing:
        click.echo(f"{len(missing)} vedhæftede filer mangler på disken (rækkerne er bevaret).")
