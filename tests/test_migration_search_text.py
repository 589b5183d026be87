"""Migration f3a1c9e5b7d2 backfills the match keys of rows written before it (issue 8 §3):
a decomposed, capitalised sign-up is found by staff search and GDPR find after the upgrade,
and an owner's address becomes its key."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import sqlalchemy as sa

from intake import create_app
from intake.extensions import db

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "e8b3f1a5c7d9"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_upgrade_backfills_search_text_and_email_keys(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    app = create_app({"SECRET_KEY": "k" * 32, "SQLALCHEMY_DATABASE_URI": url,
                      "INSTANCE_PATH": str(tmp_path), "FORMS_DIR": str(ROOT / "forms")})
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade", BEFORE])
    assert result.exit_code == 0, result.output
    answers = json.dumps({"navn": nfd("ÅSE ÆRØ"), "organisation": "Østergaard Byg ApS",
                          "email": nfd("Info@Åbyg.DK"), "gruppe": "erhvervsliv"})
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO signups (reference, form_slug, form_version, answers, email, locale, "
            "submission_key, source, created_at) VALUES ('HE-AAAAAA', 'samarbejdsgruppe', 1, "
            ":answers, :email, 'da', 'k1', 'public', '2026-11-20 10:00:00')"),
            {"answers": answers, "email": nfd("info@åbyg.dk")})
        conn.execute(sa.text(
            "INSERT INTO goal_owners (name, email, organisation, sector, created_at) "
            "VALUES ('Åse', :email, '', 'erhverv', '2026-11-20 10:00:00')"),
            {"email": nfd("åse@åbyg.dk")})
    with app.app_context():
        db.engine.dispose()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context(), db.engine.connect() as conn:
        text, email = conn.execute(sa.text("SELECT search_text, email FROM signups")).one()
        assert text == "\nåse ærø\nøstergaard byg aps\ninfo@åbyg.dk\n"
        assert email == "info@åbyg.dk"
        assert conn.scalar(sa.text("SELECT email FROM goal_owners")) == "åse@åbyg.dk"
        db.engine.dispose()
