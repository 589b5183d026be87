"""Migration c1e4a7b2d9f0 moves follow-up invitations onto the engine's tables with their
ids: links already mailed keep working, and submissions, reminders and link-mail markers
stay with their invitation (on SQLite too, where rebuilding the table would cascade)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from intake import clock, create_app
from intake.extensions import db

ROOT = Path(__file__).resolve().parent.parent.parent
PG_URL = os.environ.get("INTAKE_TEST_DATABASE_URL")
BEFORE, ENGINE = "b7e3d1f9a2c4", "c1e4a7b2d9f0"
TOKEN = "T" * 43  # a raw link token as mailed before the upgrade
NOW = "2027-09-10 10:00:00"

ROWS = [
    "INSERT INTO goal_periods (id, year, created_at) VALUES (1, 2027, :now)",
    "INSERT INTO goal_owners (id, name, email, organisation, sector, created_at) VALUES "
    "(1, 'Anne And', 'anne@example.dk', 'Firma', 'erhverv', :now), "
    "(2, 'Bo Bak', 'bo@example.dk', 'Kommunen', 'kommune', :now)",
    "INSERT INTO followup_rounds (id, period_id, title, form_slug, deadline_at, grace_days, "
    "reminder_days, reminder_hour, max_reminders, contact_name, contact_email, "
    "invitation_subject, invitation_body, reminder_subject, reminder_body, state, started_at, "
    "created_at) VALUES (1, 1, 'Efterår', 'opfoelgning', '2027-10-01 10:00:00', 14, '[7, 2]', "
    "9, 3, 'HE', 'he@example.dk', 's', 'b {{ link }}', 's', 'b {{ link }}', 'started', :now, "
    ":now)",
    "INSERT INTO outbox (id, kind, message_id, recipients, subject, body_text, attachments, "
    "status, attempts, next_attempt_at, created_at) VALUES (1, 'followup_invitation', '<m1>', "
    "'[\"anne@example.dk\"]', 's', 'link', '[]', 'queued', 0, :now, :now)",
    "INSERT INTO followup_invitations (id, round_id, owner_id, invited_at, message_id, "
    "opened_at, last_opened_at, draft_answers, draft_saved_at, submitted_at, reminder_count, "
    "last_reminded_at, created_at) VALUES "
    "(5, 1, 1, :now, 1, NULL, NULL, NULL, NULL, :now, 1, :now, :now), "
    "(9, 1, 2, :now, NULL, :now, :now, '{\"general\": {}}', :now, NULL, 0, NULL, :now)",
    "INSERT INTO followup_link_tokens (id, invitation_id, token_hash, purpose, issued_at, "
    "revoked_at) VALUES (3, 5, :hash, 'invitation', :now, NULL), "
    "(4, 9, :other, 'reminder', :now, :now)",
    "INSERT INTO followup_reminders (id, invitation_id, local_day, is_manual, sent_at, "
    "message_id) VALUES (7, 5, '2027-09-10', :no, :now, 1)",
    "INSERT INTO followup_link_mails (outbox_id) VALUES (1)",
    "INSERT INTO followup_submissions (id, invitation_id, version, form_version, answers, "
    "submitted_at) VALUES (11, 5, 1, 1, '{\"goals\": {}, \"general\": {}}', :now)",
    "INSERT INTO followup_late_answers (id, invitation_id, answers, form_version, received_at, "
    "state) VALUES (13, 9, '{\"general\": {}}', 1, :now, 'pending')",
]


def _app(url: str, tmp_path: Path):
    return create_app({"SECRET_KEY": "k" * 32, "SQLALCHEMY_DATABASE_URI": url,
                       "INSTANCE_PATH": str(tmp_path), "FORMS_DIR": str(ROOT / "forms")})


@pytest.fixture
def database_url(tmp_path):
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    url = sa.engine.make_url(PG_URL)
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"{url.database}_engine_migration"
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _upgrade(app, target: str) -> None:
    result = app.test_cli_runner().invoke(args=["db", "upgrade", target])
    assert result.exit_code == 0, result.output + repr(result.exception)
    with app.app_context():
        db.engine.dispose()


def test_round_invitations_keep_their_ids_links_and_answers(database_url, tmp_path):
    from intake.invitations import tokens

    app = _app(database_url, tmp_path)
    _upgrade(app, BEFORE)
    values = {"now": NOW, "no": False, "hash": tokens.hash_token(TOKEN),
              "other": tokens.hash_token("U" * 43)}
    with app.app_context(), db.engine.begin() as conn:
        for statement in ROWS:
            conn.execute(sa.text(statement), values)
    with app.app_context():
        db.engine.dispose()
    _upgrade(app, ENGINE)

    with app.app_context(), db.engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT id, kind, person_id, answered_at IS NOT NULL, reminder_count, message_id "
            "FROM invitations ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [(5, "round", 1, True, 1, 1),
                                            (9, "round", 2, False, 0, None)]
        assert conn.execute(sa.text(
            "SELECT id, invitation_id FROM invitation_tokens ORDER BY id")).all() == [(3, 5),
                                                                                     (4, 9)]
        assert conn.execute(sa.text(
            "SELECT id, invitation_id FROM invitation_reminders")).all() == [(7, 5)]
        assert conn.execute(sa.text("SELECT outbox_id FROM invitation_link_mails")).all() == [(1,)]
        # Rebuilding followup_invitations must not cascade to its answers.
        assert conn.execute(sa.text(
            "SELECT id, invitation_id FROM followup_submissions")).all() == [(11, 5)]
        assert conn.execute(sa.text(
            "SELECT id, invitation_id FROM followup_late_answers")).all() == [(13, 9)]
        names = set(sa.inspect(conn).get_table_names())
        assert not names & {"followup_link_tokens", "followup_reminders", "followup_link_mails"}
    with app.app_context():
        db.engine.dispose()

    clock.set_frozen(datetime(2027, 9, 20, 12, 0, tzinfo=UTC))
    try:
        with app.app_context():
            from intake.rounds import tokens as round_tokens
            from intake.rounds.models import Invitation, Round

            row = round_tokens.find(TOKEN)
            assert row is not None and row.invitation_id == 5
            invitation = row.invitation
            assert isinstance(invitation, Invitation) and invitation.round.title == "Efterår"
            assert invitation.is_submitted and invitation.owner.email == "anne@example.dk"
            assert invitation.person is invitation.owner
            assert [s.id for s in invitation.submissions] == [11]
            assert round_tokens.find("U" * 43) is None  # revoked before the upgrade stays so
            later = db.session.get(Invitation, 9)
            assert later.draft_answers == {"general": {}} and [a.id for a in later.late_answers]
            # A new invitation gets an id after the copied ones (PostgreSQL's sequence moved).
            owner3 = _owner(db.session)
            fresh = Invitation(round=db.session.get(Round, 1), owner=owner3, reminder_count=0,
                               created_at=clock.now())
            db.session.add(fresh)
            db.session.flush()
            assert fresh.id > 9 and fresh.person_id == owner3.id
            db.session.rollback()
            db.engine.dispose()
    finally:
        clock.set_frozen(None)


def _owner(session):
    from intake.goals.models import Owner, Sector

    owner = Owner(id=3, name="Carl", email="carl@example.dk", organisation="", sector=Sector.ANDRE,
                  created_at=clock.now())
    session.add(owner)
    return owner


def test_downgrade_puts_the_follow_up_rows_back(database_url, tmp_path):
    from intake.invitations import tokens

    app = _app(database_url, tmp_path)
    _upgrade(app, BEFORE)
    values = {"now": NOW, "no": False, "hash": tokens.hash_token(TOKEN),
              "other": tokens.hash_token("U" * 43)}
    with app.app_context(), db.engine.begin() as conn:
        for statement in ROWS:
            conn.execute(sa.text(statement), values)
    with app.app_context():
        db.engine.dispose()
    _upgrade(app, ENGINE)
    result = app.test_cli_runner().invoke(args=["db", "downgrade", BEFORE])
    assert result.exit_code == 0, result.output + repr(result.exception)
    with app.app_context(), db.engine.begin() as conn:
        rows = conn.execute(sa.text(
            "SELECT id, submitted_at IS NOT NULL, reminder_count, message_id "
            "FROM followup_invitations ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [(5, True, 1, 1), (9, False, 0, None)]
        assert conn.execute(sa.text(
            "SELECT id, invitation_id FROM followup_link_tokens ORDER BY id")).all() == [(3, 5),
                                                                                        (4, 9)]
        assert conn.execute(sa.text("SELECT id FROM followup_reminders")).all() == [(7,)]
        assert conn.execute(sa.text("SELECT outbox_id FROM followup_link_mails")).all() == [(1,)]
        assert conn.execute(sa.text("SELECT id FROM followup_submissions")).all() == [(11,)]
        assert "invitations" not in sa.inspect(conn).get_table_names()
        # The old table hands out ids again, after the kept ones.
        conn.execute(sa.text(
            "INSERT INTO goal_owners (id, name, email, organisation, sector, created_at) "
            "VALUES (3, 'Carl', 'carl@example.dk', '', 'andre', :now)"), values)
        new_id = conn.execute(sa.text(
            "INSERT INTO followup_invitations (round_id, owner_id, reminder_count, created_at) "
            "VALUES (1, 3, 0, :now) RETURNING id"), values).scalar()
        assert new_id > 9
    with app.app_context():
        db.engine.dispose()
    _upgrade(app, ENGINE)
