"""Migration a4c8e2f6b1d3 gives every account that existed before roles every role, so an
installation keeps working after the upgrade; its accounts get an empty name."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from intake import create_app
from intake.extensions import db
from intake.staff.roles import Role

ROOT = Path(__file__).resolve().parent.parent.parent
BEFORE = "f3a1c9e5b7d2"


def test_existing_accounts_get_every_role(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    app = create_app(
        {
            "SECRET_KEY": "k" * 32,
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": str(tmp_path),
            "FORMS_DIR": str(ROOT / "forms"),
        }
    )
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade", BEFORE])
    assert result.exit_code == 0, result.output
    with app.app_context(), db.engine.begin() as conn:
        for email in ("a@hedensted.dk", "b@hedensted.dk"):
            conn.execute(
                sa.text(
                    "INSERT INTO staff_users (email, password_hash, is_active, created_at) "
                    "VALUES (:email, 'x', 1, '2026-11-20 10:00:00')"
                ),
                {"email": email},
            )
    with app.app_context():
        db.engine.dispose()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context(), db.engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT u.email, r.role FROM staff_roles r JOIN staff_users u "
                "ON u.id = r.staff_user_id"
            )
        ).all()
        names = conn.execute(sa.text("SELECT name FROM staff_users")).scalars().all()
        db.engine.dispose()
    assert sorted(rows) == sorted(
        (email, role.value) for email in ("a@hedensted.dk", "b@hedensted.dk") for role in Role
    )
    assert names == ["", ""]
