"""News invitations in the GDPR tools (the engine's provider: found and erased by the
invitation's own e-mail), and the migration that adds the NEWS kind: on SQLite it changes
only the CHECK's text, so no invitation, link or reminder is lost (a table rebuild would
cascade-delete them, foreign keys being on)."""

from __future__ import annotations

import sqlalchemy as sa

from intake import create_app
from intake.extensions import db
from intake.gdpr import service as gdpr
from intake.gdpr.person import Person
from tests.conftest import ROOT
from tests.news.conftest import add_consent, invitations, send


def test_gdpr_finds_and_erases_the_news_invitations_of_a_person(app, staff_client):
    add_consent(app, "anna@byg.dk")
    add_consent(app, "bo@firma.dk")
    assert send(staff_client).status_code == 303
    with app.app_context():
        report = gdpr.find(Person(email="anna@byg.dk"))
        [section] = [s for s in report.sections if s.title == "Invitationer"]
        assert [row[0] for row in section.rows] == ["Nyheder"]
        gdpr.erase(Person(email="anna@byg.dk"))
        db.session.commit()
    assert [i.email for i in invitations(app)] == ["bo@firma.dk"]


def _app(url: str, tmp_path):
    return create_app({
        "SECRET_KEY": "k" * 32, "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path),
        "FORMS_DIR": str(ROOT / "tests" / "forms_fixtures" / "fields"),
    })


def test_the_migration_keeps_every_invitation_and_link_and_takes_news_only_after_it(tmp_path):
    """On a SQLite file of its own, whichever database the suite runs on (the PostgreSQL
    CHECK is replaced by the constraint commands; tests/test_migrations.py runs them)."""
    app = _app(f"sqlite:///{tmp_path / 'news.sqlite3'}", tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "e3e6b9c2d5f8"]).exit_code == 0
    insert_form = ("INSERT INTO invitations (id, kind, locale, reminder_count, created_at) "
                   "VALUES (1, 'form', 'da', 0, '2026-11-30 05:00:00')")
    insert_news = insert_form.replace("(1, 'form'", "(2, 'news'")
    with app.app_context():
        with db.engine.begin() as connection:
            connection.exec_driver_sql(insert_form)
            connection.exec_driver_sql(
                "INSERT INTO invitation_tokens (invitation_id, token_hash, purpose, issued_at) "
                "VALUES (1, 'h', 'invitation', '2026-11-30 05:00:00')")
        with db.engine.begin() as connection:
            try:
                connection.exec_driver_sql(insert_news)
                raise AssertionError("kind 'news' before the migration")
            except sa.exc.IntegrityError:
                pass
        db.engine.dispose()
    result = runner.invoke(args=["db", "upgrade", "e4f7c0d3e6a9"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        with db.engine.begin() as connection:
            assert connection.exec_driver_sql(
                "SELECT count(*) FROM invitation_tokens").scalar() == 1
            connection.exec_driver_sql(insert_news)
            try:
                with connection.begin_nested():
                    connection.exec_driver_sql(insert_form.replace("(1, 'form'", "(3, 'spam'"))
                raise AssertionError("an unknown kind was accepted")
            except sa.exc.IntegrityError:
                pass
        db.engine.dispose()
    result = runner.invoke(args=["db", "downgrade", "e3e6b9c2d5f8"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        with db.engine.begin() as connection:
            kinds = connection.exec_driver_sql("SELECT kind FROM invitations").scalars().all()
            assert kinds == ["form"]
            assert connection.exec_driver_sql(
                "SELECT count(*) FROM invitation_tokens").scalar() == 1
        db.engine.dispose()
