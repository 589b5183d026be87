"""`flask gdpr purge` and invitations of meetings, forms and news (intake/invitations/
retention.py): said per kind in Danish, deleted once past their storage time, logged with
counts per kind and no personal data; follow-up rounds untouched."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.gdpr import logfile
from intake.gdpr.models import DeletionLog, DeletionReason
from tests.invitations.test_retention import NOW, make_history, remaining

PERSONAL = ("@x.dk", "ejer@firma.dk", "Mødegæst", "Skemagæst", "Læser", "Målejer")


@pytest.fixture
def app(make_app):
    """The seed forms: ivaerksaetterfredag keeps sign-ups (and its invitations) 730 days."""
    return make_app()


def test_dry_run_says_what_it_would_delete_and_deletes_nothing(app, runner, frozen_clock):
    made = make_history(app)
    frozen_clock(NOW)
    result = runner.invoke(args=["gdpr", "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert ("invitationer: 1 mødeinvitationer til møder, der begyndte for mere end 2 år siden "
            "(ældste møde 20-11-2024), slettes med svar, links og påmindelser") in result.output
    assert ("invitationer: 1 invitationer til skemaer, sendt før skemaets opbevaringsperiode "
            "(ældste 20-11-2024), slettes med links og påmindelser") in result.output
    assert ("invitationer: 1 modtagere af nyhedsmails, hvis afmeldingslink er udløbet "
            "(ældste sendt 20-11-2024), slettes") in result.output
    assert ("Prøvekørsel: 0 tilmeldinger og 3 invitationer ville blive slettet. "
            "Intet er slettet.") in result.output
    assert remaining(app) == set(made.values())
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(DeletionLog.id))) == 0


def test_purge_deletes_and_logs_counts_per_kind_without_personal_data(app, runner, frozen_clock):
    made = make_history(app)
    frozen_clock(NOW)
    result = runner.invoke(args=["gdpr", "purge"])
    assert result.exit_code == 0, result.output
    assert "Slettet: 0 tilmeldinger og 3 invitationer." in result.output
    assert remaining(app) == {made[n] for n in ("meeting_kept", "form_kept", "news_kept", "round")}
    with app.app_context():
        entry = db.session.scalar(sa.select(DeletionLog))
        assert (entry.reason, entry.actor, entry.staff_user_id) == (
            DeletionReason.RETENTION, "cli", None
        )
        assert entry.counts == {"meeting": 1, "form": 1, "news": 1}
        assert [item["id"] for item in entry.payload["invitations"]["invitations"]] == [
            made["meeting_old"], made["form_old"], made["news_old"]
        ]
        stored = json.dumps([entry.counts, entry.payload], ensure_ascii=False)
        mirrored = logfile.path().read_text(encoding="utf-8")
    for text in PERSONAL:
        assert text not in stored and text not in mirrored

    again = runner.invoke(args=["gdpr", "purge"])
    assert again.exit_code == 0 and "Intet at slette." in again.output
    assert made["round"] in remaining(app)  # rounds: intake/rounds/retention.py's

    # The payload is the GDPR provider's (intake/invitations/gdpr.py): a restore repeats it.
    reapplied = runner.invoke(args=["gdpr", "reapply-deletions"])
    assert reapplied.exit_code == 0, reapplied.output
    assert "slettet igen: invitations: 0" in reapplied.output

