"""`flask db upgrade` builds the schema on a fresh database, and it matches the models exactly.

On PostgreSQL the check runs in its own database (<test database>_migration_check), so it
never touches the shared test schema, nor another test database's check.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from intake import create_app
from intake.extensions import db

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("INTAKE_TEST_DATABASE_URL")


def app_on(url: str, tmp_path: Path):
    return create_app({
        "SECRET_KEY": "k" * 32, "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path),
        "FORMS_DIR": str(ROOT / "tests" / "forms_fixtures" / "fields"),
    })


def differences(app) -> list:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def describe(item) -> str:
    """('add_table', Table('x', …)) → "add_table x", so a failure names the tables at once."""
    if isinstance(item, list):
        return "; ".join(describe(i) for i in item)
    op, *rest = item
    names = [getattr(r, "name", None) or str(r) for r in rest if r is not None][:3]
    return f"{op} " + " ".join(map(str, names))


def upgrade_and_compare(app) -> None:
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    diff = differences(app)
    assert diff == [], "migrations and models differ:\n" + "\n".join(map(describe, diff))
    with app.app_context():
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"signups", "bookings", "capacity_buckets", "outbox", "alembic_version"} <= tables
        db.engine.dispose()


def test_upgrade_builds_the_schema_on_a_fresh_sqlite_file(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    app = app_on(f"sqlite:///{database}", tmp_path)
    upgrade_and_compare(app)
    assert database.exists()


def test_upgrade_twice_is_harmless(tmp_path):
    app = app_on(f"sqlite:///{tmp_path / 'twice.sqlite3'}", tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    diff = differences(app)
    assert diff == [], "\n".join(map(describe, diff))


def test_downgrade_to_base_and_back(tmp_path):
    app = app_on(f"sqlite:///{tmp_path / 'down.sqlite3'}", tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade_and_compare(app)


@pytest.mark.postgres_only
def test_upgrade_builds_the_schema_on_postgresql(tmp_path):
    url = sa.engine.make_url(PG_URL)
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"{url.database}_migration_check"
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        app = app_on(url.set(database=name).render_as_string(hide_password=False), tmp_path)
        upgrade_and_compare(app)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_a_new_revision_file_is_named_by_its_date(tmp_path):
    """migrations/alembic.ini's file_template (issue 10 §5): `flask db revision` names a new
    file <UTC date>_<rev>_<slug>.py, so the versions folder lists in the order written. Made
    in a copy of migrations/, so the real folder never gets a stray head."""
    copy = tmp_path / "migrations"
    shutil.copytree(ROOT / "migrations", copy, ignore=shutil.ignore_patterns("__pycache__"))
    app = app_on(f"sqlite:///{tmp_path / 'dated.sqlite3'}", tmp_path)
    before = set((copy / "versions").glob("*.py"))
    days = {datetime.now(UTC).strftime("%Y%m%d")}
    result = app.test_cli_runner().invoke(
        args=["db", "revision", "-d", str(copy), "-m", "dated name check"])
    days.add(datetime.now(UTC).strftime("%Y%m%d"))
    assert result.exit_code == 0, result.output + repr(result.exception)
    [made] = set((copy / "versions").glob("*.py")) - before
    day, rev = re.fullmatch(r"(\d{8})_([0-9a-f]{12})_dated_name_check\.py", made.name).groups()
    assert day in days
    assert f"Revision ID: {rev}" in made.read_text()
