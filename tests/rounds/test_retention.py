"""`flask gdpr purge` covers follow-up data, as the follow-up form's privacy text promises
("… sletter dem senest 5 år efter"): links, reminders, drafts and older answer versions go,
owners without current goals go, the latest answer stays de-identified as the goal's record."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import sqlalchemy as sa

from intake.clock import LOCAL, add_local_days
from intake.extensions import db
from intake.gdpr.models import DeletionLog, DeletionReason
from intake.goals.models import Goal, Owner
from intake.rounds import answers, figures
from intake.rounds.models import Invitation, LinkToken, Round, Submission
from intake.rounds.retention import DEFAULT_RETENTION_DAYS, plan, retention_days
from tests.support.goals import DEADLINE, make_round, seed

EXPIRED = DEADLINE + timedelta(days=14 + DEFAULT_RETENTION_DAYS + 1)  # links closed > 5 years ago
# The 2027 goals were followed up until the end of 2027: their owners go 5 years after that.
LATER = datetime(2033, 1, 5, 3, 0, tzinfo=LOCAL)


def _history(app, seeded, frozen_clock):
    frozen_clock(DEADLINE - timedelta(days=5))
    round_id = make_round(app)
    with app.app_context():
        bo = db.session.scalar(
            sa.select(Invitation).join(Owner).where(Owner.email == "bo@example.dk")
        )
        goal = str(seeded["g1"])
        answers.submit(
            bo,
            {"goals": {goal: {"status": "i_gang", "gjort": "Bo ringede til Ole"}}, "general": {}},
            1,
        )
        answers.submit(
            bo,
            {
                "goals": {goal: {"status": "naaet", "fremdrift": 100, "gjort": "Bo's tekst"}},
                "general": {"kommentar": "Hilsen Bo Berg"},
            },
            1,
        )
        anne = db.session.scalar(
            sa.select(Invitation).join(Owner).where(Owner.email == "anne@example.dk")
        )
        answers.save_draft(anne, {"goals": {goal: {"gjort": "Annes kladde"}}, "general": {}})
        db.session.commit()
    return round_id


def test_dry_run_lists_follow_up_data_and_changes_nothing(app, seeded, runner, frozen_clock):
    _history(app, seeded, frozen_clock)
    frozen_clock(EXPIRED)
    result = runner.invoke(args=["gdpr", "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert (
        "opfølgning: 3 invitationer" in result.output
        and "1 ældre svarversioner slettes" in result.output
    )
    # The owners' goals (2027) were followed up until the end of 2027: not 5 years ago yet.
    assert "opfølgning: 0 målejere" in result.output and "Intet er slettet" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Submission.id))) == 2
        assert db.session.scalar(sa.select(Owner).where(Owner.email == "bo@example.dk")) is not None


def test_nothing_is_purged_within_the_retention_period(app, seeded, runner, frozen_clock):
    _history(app, seeded, frozen_clock)
    frozen_clock(EXPIRED - timedelta(days=2))
    result = runner.invoke(args=["gdpr", "purge"])
    assert result.exit_code == 0 and "Intet at slette." in result.output, result.output


def test_purge_deidentifies_old_rounds_and_deletes_owners(app, seeded, runner, frozen_clock):
    round_id = _history(app, seeded, frozen_clock)
    frozen_clock(LATER)
    result = runner.invoke(args=["gdpr", "purge"])
    assert result.exit_code == 0, result.output
    assert "Sletningen står i sletteloggen" in result.output
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count(Owner.id)).where(~Owner.email.like("%@slettet.invalid"))
            )
            == 0
        )
        assert db.session.scalar(sa.select(sa.func.count(LinkToken.id))) == 0
        [kept] = db.session.scalars(sa.select(Submission)).all()  # the older version is gone
        assert kept.answers == {
            "goals": {str(seeded["g1"]): {"status": "naaet", "fremdrift": 100}},
            "general": {},
        }
        assert all(i.draft_answers is None for i in db.session.scalars(sa.select(Invitation)))
        goal = db.session.get(Goal, seeded["g1"])
        assert goal.status.value == "naaet" and goal.owners == []
        line = next(
            li
            for li in figures.compute(db.session.get(Round, round_id)).lines
            if li.goal.id == goal.id
        )
        assert line.status.value == "naaet" and line.progress == 100
        entry = db.session.scalar(sa.select(DeletionLog))
        assert entry.reason == DeletionReason.RETENTION and entry.counts["goal_owners"] > 0
        text = json.dumps(entry.payload)
        assert "example.dk" not in text and "Bo" not in text and "Anne" not in text
    again = runner.invoke(args=["gdpr", "purge"])
    assert "Intet at slette." in again.output, again.output
    restored = runner.invoke(args=["gdpr", "reapply-deletions"])
    assert restored.exit_code == 0, restored.output


# Retention is counted in Copenhagen calendar days (issue 9 §4): links that closed on
# 29-03-2027 12.00 (summer time) reach their age on 27-03-2032 12.00 (winter time), not an
# hour earlier as a count of 24-hour days from UTC would have it.
CLOSED = datetime(2027, 3, 29, 12, 0, tzinfo=LOCAL)


def _retention_moments(app, round_id: int) -> tuple[datetime, datetime]:
    """Half an hour before and after the round's links reach the retention age."""
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        due = add_local_days(round_.link_valid_until, retention_days(round_))
    assert due.astimezone(LOCAL).utcoffset() != CLOSED.utcoffset()  # across a clock change
    assert due.astimezone(LOCAL).strftime("%H.%M") == "12.00"
    return due - timedelta(minutes=30), due + timedelta(minutes=30)


def test_round_retention_is_counted_in_copenhagen_days(app, seeded, frozen_clock):
    frozen_clock(CLOSED - timedelta(days=20))
    round_id = make_round(app, deadline=CLOSED, grace_days=0)
    before, after = _retention_moments(app, round_id)
    with app.app_context():
        assert plan(before).invitations == []
        assert len(plan(after).invitations) == 3


def test_owner_retention_is_counted_in_copenhagen_days(app, frozen_clock):
    frozen_clock(CLOSED - timedelta(days=40))
    seed(app, 2025)  # goals followed up until the end of 2025: long before the cutoff
    make_round(app, 2025, deadline=CLOSED - timedelta(days=20), grace_days=0)  # long expired
    with app.app_context():
        for owner in db.session.scalars(sa.select(Owner)):
            owner.created_at = CLOSED
        db.session.commit()
    reference = make_round(app, 2025, deadline=CLOSED, grace_days=0, start=False)
    before, after = _retention_moments(app, reference)  # owners reach the age with CLOSED
    with app.app_context():
        assert plan(before).owners == []
        assert len(plan(after).owners) == 3
