"""The whole round against a real SMTP server: invite, open the link from the delivered mail,
save a draft, submit, edit, and the deadline passing."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from intake.extensions import db
from intake.goals.models import Goal, GoalStatus
from intake.rounds.models import Invitation, Submission
from tests.conftest import open_form
from tests.support.goals import DEADLINE, links_in, make_round, open_link


def _invitation(app, email):
    from intake.goals.models import Owner

    with app.app_context():
        return db.session.scalar(sa.select(Invitation).join(Owner).where(Owner.email == email))


def test_full_round(app, seeded, smtp_server, deliver, frozen_clock):
    frozen_clock(DEADLINE - timedelta(days=10))
    round_id = make_round(app)
    assert deliver() == 3
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "anne@example.dk",
        "bo@example.dk",
        "carl@example.dk",
    ]
    anne_mail = next(m for m in smtp_server.messages if m["To"] == "anne@example.dk")
    body = anne_mail.get_body(("plain",)).get_content()
    assert "Flere lærepladser" in body and "Bosætning i bymidten" in body
    assert "Mindre spild" not in body
    [token] = links_in([anne_mail])

    client = app.test_client()
    response = open_link(client, token)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/opfoelgning/svar")
    assert token not in response.headers["Location"]

    # The page lists only Anne's goals.
    page = client.get("/opfoelgning/svar")
    html = page.get_data(as_text=True)
    assert "Flere lærepladser" in html and "Bosætning i bymidten" in html
    assert "Mindre spild" not in html
    assert "Bo Berg" in html  # shares goal 1
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"

    g1, g2 = seeded["g1"], seeded["g2"]
    form = open_form(client, "/opfoelgning/svar")
    form.fill(
        **{f"g{g1}-status": "i_gang", f"g{g1}-fremdrift": "40", f"g{g1}-gjort": "Møde med skolerne"}
    )
    form.press("action", "draft")
    response = client.post("/opfoelgning/svar", data=form.data())
    assert response.status_code == 303
    invitation = _invitation(app, "anne@example.dk")
    assert invitation.draft_saved_at is not None and invitation.submitted_at is None

    # The draft comes back; submitting needs a status for every goal.
    form = open_form(client, "/opfoelgning/svar")
    assert form.values[f"g{g1}-gjort"][0].strip() == "Møde med skolerne"
    assert form.values[f"g{g1}-status"] == ["i_gang"]
    form.press("action", "submit")
    response = client.post("/opfoelgning/svar", data=form.data())
    assert response.status_code == 200
    assert "Vælg, hvordan det står til med målet." in response.get_data(as_text=True)
    assert _invitation(app, "anne@example.dk").submitted_at is None

    form = open_form(client, "/opfoelgning/svar")
    form.fill(**{f"g{g2}-status": "ikke_startet", "kommentar": "Godt samarbejde"})
    form.press("action", "submit")
    assert client.post("/opfoelgning/svar", data=form.data()).status_code == 303

    # Edit: a second version, the first kept.
    form = open_form(client, "/opfoelgning/svar")
    assert form.values[f"g{g1}-fremdrift"] == ["40"]
    form.fill(**{f"g{g1}-status": "naaet", f"g{g1}-fremdrift": "100"})
    form.press("action", "submit")
    assert client.post("/opfoelgning/svar", data=form.data()).status_code == 303
    with app.app_context():
        versions = db.session.scalars(sa.select(Submission).order_by(Submission.version)).all()
        assert [v.version for v in versions] == [1, 2]
        assert versions[0].goal_answers(g1)["status"] == "i_gang"
        assert versions[1].goal_answers(g1) == {
            "status": "naaet", "fremdrift": 100, "gjort": "Møde med skolerne", "resultater": None,
            "forhindringer": None, "hjaelp": None, "naeste_skridt": None,
            "offentlig_kommentar": None, "handlingsplan": None,
        }
        assert versions[1].answers["general"]["kommentar"] == "Godt samarbejde"
        assert db.session.get(Goal, g1).status == GoalStatus.NAAET

    # The deadline passes: the page says closed and whom to contact; nothing more is saved.
    frozen_clock(DEADLINE + timedelta(minutes=1))
    assert client.get("/opfoelgning/svar").status_code == 403  # days later: the session has ended
    assert open_link(client, token).status_code == 303  # the link still opens during the grace days
    closed = client.get("/opfoelgning/svar")
    text = closed.get_data(as_text=True)
    assert closed.status_code == 200
    assert "Opfølgningen er lukket" in text and "erhverv@hedensted.dk" in text
    assert "Møde med skolerne" in text
    late = client.post("/opfoelgning/svar", data=form.data())
    assert late.status_code == 303  # kept as a late answer for staff, not counted (test_cutoffs)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Submission.id))) == 2

    # After deadline + grace the link is simply not valid.
    frozen_clock(DEADLINE + timedelta(days=15))
    assert app.test_client().get(f"/opfoelgning/{token}").status_code == 404
    assert round_id


def test_a_goal_s_own_deadline_is_written_in_the_reader_s_language(
        app, seeded, smtp_server, deliver, frozen_clock):
    frozen_clock(DEADLINE - timedelta(days=10))
    with app.app_context():
        db.session.get(Goal, seeded["g1"]).deadline = date(2027, 12, 31)
        db.session.commit()
    make_round(app)
    deliver()
    anne_mail = next(m for m in smtp_server.messages if m["To"] == "anne@example.dk")
    [token] = links_in([anne_mail])
    client = app.test_client()
    open_link(client, token)
    assert "31. december 2027" in client.get("/opfoelgning/svar").get_data(as_text=True)
    client.get("/sprog/en")
    assert "31 December 2027" in client.get("/opfoelgning/svar").get_data(as_text=True)

