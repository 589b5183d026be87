"""`flask gdpr purge`: sign-ups past their form's retention period, except archive forms."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from intake.clock import LOCAL
from intake.extensions import db
from intake.gdpr.models import DeletionLog, DeletionReason
from intake.outbox.models import OutboxMessage
from intake.signups.models import Booking, BookingStatus, Signup
from tests.exports.factory import FULL_ANSWERS, add_signup

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=LOCAL)
OLD = NOW - timedelta(days=31)  # eksport keeps sign-ups for 30 days
NEW = NOW - timedelta(days=29)
TWO = [{"navn": "A", "email": None, "foedt": None}, {"navn": "B", "email": None, "foedt": None}]


def make_history(app):
    old = add_signup(app, "eksport", FULL_ANSWERS, at=OLD)  # two of three seats
    # two people for the one seat left: waits
    new = add_signup(
        app, "eksport", FULL_ANSWERS | {"email": "ny@firma.dk", "deltagere": TWO}, at=NEW
    )
    archived = add_signup(
        app,
        "fredag",
        {"datoer": ["2026-11-06"], "navn": "F", "email": "f@firma.dk"},
        at=OLD - timedelta(days=300),
    )
    return old, new, archived


def references(app):
    with app.app_context():
        return set(db.session.scalars(sa.select(Signup.reference)))


def test_dry_run_lists_and_deletes_nothing(app, runner, frozen_clock):
    old, new, archived = make_history(app)
    frozen_clock(NOW)
    result = runner.invoke(args=["gdpr", "purge", "--dry-run", "--list"])
    assert result.exit_code == 0, result.output
    assert "eksport: 1 tilmeldinger ældre end 30 dage" in result.output
    assert f"  {old}" in result.output and new not in result.output
    assert "fredag: 1 tilmeldinger er ældre end 30 dage, men bevares til arkivet" in result.output
    assert "Prøvekørsel: 1 tilmeldinger ville blive slettet. Intet er slettet." in result.output
    assert references(app) == {old, new, archived}
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(DeletionLog.id))) == 0


def test_purge_deletes_old_signups_keeps_archive_forms_and_hands_on_seats(
    app, runner, frozen_clock
):
    old, new, archived = make_history(app)
    frozen_clock(NOW)
    result = runner.invoke(args=["gdpr", "purge"])
    assert result.exit_code == 0, result.output
    assert "eksport: 1 tilmeldinger" in result.output  # it lists first
    assert "Slettet: 1 tilmeldinger." in result.output
    assert references(app) == {new, archived}
    with app.app_context():
        waiting = db.session.scalar(sa.select(Booking).join(Signup).where(Signup.reference == new))
        assert waiting.status == BookingStatus.CONFIRMED  # the freed seats went to the waiting list
        assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))
                                 .where(OutboxMessage.kind == "signup_promoted")) == 1
        entry = db.session.scalar(sa.select(DeletionLog))
        assert (entry.reason, entry.actor, entry.staff_user_id) == (
            DeletionReason.RETENTION,
            "cli",
            None,
        )
        assert entry.payload["signups"]["references"] == [old]
        assert entry.counts == {"signups": 1}

    again = runner.invoke(args=["gdpr", "purge"])
    assert again.exit_code == 0 and "Intet at slette." in again.output


def test_a_form_removed_from_forms_is_never_guessed_at(app, runner, frozen_clock):
    with app.app_context():
        db.session.add(
            Signup(
                reference="HE-GAMMEL",
                form_slug="nedlagt",
                form_version=1,
                answers={},
                submission_key="gammel",
                created_at=OLD - timedelta(days=900),
            )
        )
        db.session.commit()
    frozen_clock(NOW)
    result = runner.invoke(args=["gdpr", "purge"])
    assert result.exit_code == 0
    assert "nedlagt: 1 tilmeldinger til en formular, der ikke længere findes" in result.output
    assert references(app) == {"HE-GAMMEL"}
