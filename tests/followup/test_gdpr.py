"""Goal owners in the GDPR tools: found by e-mail with their goals and every answer version,
erased with their links, reminders and answers (mails too), logged without personal data."""

from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa

from intake.extensions import db
from intake.followup import answers
from intake.followup.models import Invitation, LinkToken, Submission
from intake.gdpr import service
from intake.gdpr.models import DeletionLog
from intake.gdpr.person import parse
from intake.goals.models import Goal, Owner
from intake.outbox.models import OutboxMessage
from tests.support.goals import DEADLINE, make_round


def _answer(app, email, block):
    with app.app_context():
        invitation = db.session.scalar(sa.select(Invitation).join(Owner).where(Owner.email == email))
        goal_ids = [g.id for g in invitation.owner.goals]
        answers.submit(invitation, {"goals": {str(goal_ids[0]): block}, "general": {"kommentar": "Privat bemærkning"}}, 1)
        db.session.commit()


def test_find_and_erase_a_goal_owner(app, seeded, frozen_clock, deliver):
    frozen_clock(DEADLINE - timedelta(days=5))
    make_round(app)
    deliver()
    _answer(app, "bo@example.dk", {"status": "i_gang", "gjort": "Bo's hemmelige noter"})
    _answer(app, "bo@example.dk", {"status": "naaet", "gjort": "Bo's anden version"})
    with app.app_context():
        report = service.find(parse("Bo@Example.dk"))
        by_title = {s.title: s for s in report.sections}
        assert by_title["Målejer"].rows[0][:4] == ["Bo Berg", "bo@example.dk", "Berg Byg ApS", "Erhverv"]
        assert [r[2] for r in by_title["Mål"].rows] == ["Flere lærepladser"]
        answers_found = [r[-1] for r in by_title["Opfølgning"].rows]
        assert "Bo's hemmelige noter" in answers_found and "Bo's anden version" in answers_found
        assert "Privat bemærkning" in answers_found
        assert by_title["Mails"].count == 1  # the invitation, found by the outbox provider

        entry = service.erase(parse("bo@example.dk"))
        db.session.commit()
        assert entry.counts["goal_owners"] == 4  # the owner, one invitation, two versions
        assert db.session.scalar(sa.select(Owner).where(Owner.email == "bo@example.dk")) is None
        assert db.session.scalar(sa.select(sa.func.count(Submission.id))) == 0
        assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 2
        assert db.session.scalar(sa.select(sa.func.count(LinkToken.id))) == 2
        assert not [m for m in db.session.scalars(sa.select(OutboxMessage)) if "bo@example.dk" in m.recipients]
        goal = db.session.get(Goal, seeded["g1"])
        assert [o.email for o in goal.owners] == ["anne@example.dk"]  # the goal stays
        log = json.dumps(db.session.scalar(sa.select(DeletionLog)).payload)
        assert "bo@" not in log.lower() and "Berg" not in log and "Bo " not in log
        # Nothing left to find.
        assert service.find(parse("bo@example.dk")).total == 0


def test_reapply_after_restore_deletes_only_that_owner(app, seeded):
    from intake.followup.gdpr import GoalOwnerData

    with app.app_context():
        carl = db.session.get(Owner, seeded["carl"])
        payload = {"owners": [{"id": carl.id, "created_at": carl.created_at.isoformat()},
                              {"id": seeded["anne"], "created_at": "2001-01-01T00:00:00+00:00"}]}
        assert GoalOwnerData().reapply(payload) == 1
        db.session.commit()
        assert db.session.get(Owner, seeded["carl"]) is None
        assert db.session.get(Owner, seeded["anne"]) is not None  # same id, another person
