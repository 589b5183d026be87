"""Goal owners in the GDPR tools: found by e-mail with their goals and every answer version,
erased with their links, reminders and answers (mails too), logged without personal data."""

from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa

from intake.extensions import db
from intake.gdpr import service
from intake.gdpr.models import DeletionLog
from intake.gdpr.person import parse
from intake.goals.models import Goal, Owner
from intake.outbox.models import OutboxMessage
from intake.rounds import answers
from intake.rounds.models import Invitation, Submission
from tests.support.goals import DEADLINE, make_round


def _answer(app, email, block):
    with app.app_context():
        invitation = db.session.scalar(
            sa.select(Invitation).join(Owner).where(Owner.email == email)
        )
        goal_ids = [g.id for g in invitation.owner.goals]
        answers.submit(
            invitation,
            {"goals": {str(goal_ids[0]): block}, "general": {"kommentar": "Privat bemærkning"}},
            1,
        )
        db.session.commit()


def test_find_and_erase_a_goal_owner(app, seeded, frozen_clock, deliver):
    frozen_clock(DEADLINE - timedelta(days=5))
    make_round(app)
    deliver()
    _answer(app, "bo@example.dk", {"status": "i_gang", "gjort": "Bo's hemmelige noter"})
    _answer(
        app, "bo@example.dk", {"status": "naaet", "fremdrift": 90, "gjort": "Bo's anden version"}
    )
    with app.app_context():
        report = service.find(parse("Bo@Example.dk"))
        by_title = {s.title: s for s in report.sections}
        assert by_title["Målejer"].rows[0][:4] == [
            "Bo Berg",
            "bo@example.dk",
            "Berg Byg ApS",
            "Erhverv",
        ]
        assert [r[2] for r in by_title["Mål"].rows] == ["Flere lærepladser"]
        answers_found = [r[-1] for r in by_title["Opfølgning"].rows]
        assert "Bo's hemmelige noter" in answers_found and "Bo's anden version" in answers_found
        assert "Privat bemærkning" in answers_found
        assert by_title["Opfølgning"].count == 1  # one round, however many answer rows
        assert by_title["Mails"].count == 1  # the invitation, found by the outbox provider
        plan = dict(service.plan(parse("bo@example.dk")))
        assert plan["Målejer (navn, e-mail, organisation) slettes"] == 1
        assert (
            plan[
                "Indsendte svar bevares uden navn, e-mail og fritekst (status og fremdrift bevares)"
            ]
            == 2
        )

        entry = service.erase(parse("bo@example.dk"))
        db.session.commit()
        assert db.session.scalar(sa.select(Owner).where(Owner.email == "bo@example.dk")) is None
        assert not [
            m
            for m in db.session.scalars(sa.select(OutboxMessage))
            if "bo@example.dk" in m.recipients
        ]
        goal = db.session.get(Goal, seeded["g1"])
        assert [o.email for o in goal.owners] == ["anne@example.dk"]  # the goal stays, without Bo
        # Bo's answers stay as the goal's record, de-identified: structured kept, free text gone.
        kept = db.session.scalars(sa.select(Submission).order_by(Submission.version)).all()
        assert [s.answers for s in kept] == [
            {"goals": {str(seeded["g1"]): {"status": "i_gang"}}, "general": {}},
            {"goals": {str(seeded["g1"]): {"status": "naaet", "fremdrift": 90}}, "general": {}},
        ]
        placeholder = kept[0].invitation.owner
        assert placeholder.name == "Slettet målejer" and placeholder.email.endswith(
            "@slettet.invalid"
        )
        assert placeholder.organisation == "" and not placeholder.goals
        assert not kept[0].invitation.tokens and kept[0].invitation.draft_answers is None
        log = json.dumps(db.session.scalar(sa.select(DeletionLog)).payload)
        assert "bo@" not in log.lower() and "Berg" not in log and "Bo " not in log
        assert entry.counts["goal_owners"] >= 4
        # Nothing left to find.
        assert service.find(parse("bo@example.dk")).total == 0


def test_erasing_the_only_owner_keeps_the_goals_status_in_the_round(
    app, seeded, frozen_clock, deliver
):
    """Issue 8 §8: erasing a goal owner reverted the goal to "Ikke besvaret"."""
    from intake.rounds import figures
    from intake.rounds.models import Round

    frozen_clock(DEADLINE - timedelta(days=5))
    round_id = make_round(app)
    _answer(
        app,
        "carl@example.dk",
        {"status": "delvist_naaet", "fremdrift": 60, "gjort": "Carl ringede til Ole"},
    )
    with app.app_context():
        service.erase(parse("carl@example.dk"))
        db.session.commit()
        line = next(
            li
            for li in figures.compute(db.session.get(Round, round_id)).lines
            if li.goal.id == seeded["g3"]
        )
        assert (
            line.status is not None and line.status.value == "delvist_naaet" and line.progress == 60
        )
        assert "Carl" not in json.dumps(line.latest_block())
        assert db.session.get(Goal, seeded["g3"]).status.value == "delvist_naaet"
        assert db.session.get(Goal, seeded["g3"]).owners == []


def test_a_deidentified_owner_is_never_invited_again(app, seeded, frozen_clock, deliver):
    frozen_clock(DEADLINE - timedelta(days=5))
    make_round(app)
    _answer(app, "carl@example.dk", {"status": "i_gang"})
    with app.app_context():
        service.erase(parse("carl@example.dk"))
        db.session.commit()
    second = make_round(app, title="Anden runde")
    with app.app_context():
        from intake.rounds.models import Round

        invited = {i.owner.email for i in db.session.get(Round, second).invitations}
        assert invited == {"anne@example.dk", "bo@example.dk"}


def test_reapply_after_restore_erases_only_that_owner(app, seeded):
    from intake.rounds.gdpr import GoalOwnerData

    with app.app_context():
        carl = db.session.get(Owner, seeded["carl"])
        payload = {
            "owners": [
                {"id": carl.id, "created_at": carl.created_at.isoformat()},
                {"id": seeded["anne"], "created_at": "2001-01-01T00:00:00+00:00"},
            ]
        }
        assert GoalOwnerData().reapply(payload) >= 1
        db.session.commit()
        assert db.session.get(Owner, seeded["carl"]) is None
        assert db.session.get(Owner, seeded["anne"]) is not None  # same id, another person
        assert GoalOwnerData().reapply(payload) == 0  # twice is safe


def test_erase_a_goal_owner_from_the_staff_pages(app, seeded, staff_user, frozen_clock):
    """Through the rendered forms: search, preview (counts per kind), tick, erase; the round
    page then shows the placeholder without actions, and reminders skip it."""
    from intake.rounds import reminders
    from intake.rounds.models import Round
    from tests.staff.conftest import log_in
    from tests.support.forms_on_page import form_posting_to

    frozen_clock(DEADLINE - timedelta(days=5))
    staff_client = app.test_client()
    log_in(staff_client)
    round_id = make_round(app)
    _answer(app, "carl@example.dk", {"status": "i_gang", "gjort": "Carl skrev noget"})
    form = form_posting_to(staff_client.get("/staff/gdpr/").get_data(as_text=True), "/staff/gdpr/")
    form.fill(q="carl@example.dk")
    found = staff_client.post("/staff/gdpr/", data=form.data()).get_data(as_text=True)
    preview = staff_client.post(
        "/staff/gdpr/slet", data=form_posting_to(found, "/staff/gdpr/slet").data()
    )
    html = preview.get_data(as_text=True)
    assert "Målejer (navn, e-mail, organisation) slettes: 1" in html
    assert (
        "Indsendte svar bevares uden navn, e-mail og fritekst (status og fremdrift bevares): 1"
        in html
    )
    erase = form_posting_to(html, "/staff/gdpr/slet")
    erase.fill(confirm="y")
    assert staff_client.post("/staff/gdpr/slet", data=erase.data()).status_code == 303

    page = staff_client.get(f"/staff/maal/runder/{round_id}").get_data(as_text=True)
    assert "Carl" not in page and "Slettet målejer" in page and "carl@example.dk" not in page
    assert "Slettet efter anmodning" in page
    with app.test_request_context():
        placeholder = db.session.scalar(
            sa.select(Invitation).join(Owner).where(Owner.name == "Slettet målejer")
        )
        assert placeholder.is_submitted
        assert all(
            not i.owner.is_erased
            for i in reminders._candidates([round_id])
            if reminders.may_remind(i, DEADLINE - timedelta(days=1))
        )
        round_ = db.session.get(Round, round_id)
        assert {i.owner.email for i in round_.invitations if not i.owner.is_erased} == {
            "anne@example.dk",
            "bo@example.dk",
        }
    assert (
        staff_client.get(
            f"/staff/maal/runder/{round_id}/invitationer/{placeholder.id}/email"
        ).status_code
        == 404
    )
