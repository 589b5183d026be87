"""`flask backup PATH`: a consistent copy of the database while the service runs.

SQLite: the online backup API (sqlite3 `Connection.backup`) copies a consistent snapshot
page by page; with WAL, writers are not blocked while it runs. The copy is checked with
PRAGMA integrity_check before the command says it is done.
PostgreSQL: pg_dump is the tool (it takes a consistent snapshot too); the command prints
the exact call to use.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import URL, make_url

from intake import clock


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
    if target.exists() and not overwrite:
        raise click.ClickException(
            f"{target} findes allerede. Vælg et andet navn eller brug --overwrite."
        )
    copy_sqlite(source, target)
    click.echo(f"Backup gemt i {target} ({target.stat().st_size / 1e6:.1f} MB, integritet: ok).")


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
        "pg_restore --clean, og kør derefter: flask --app wsgi gdpr reapply-deletions"
    )
