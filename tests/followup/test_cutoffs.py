"""What an owner typed is never thrown away at a cut-off (issue 9 §3), and the page that says
so is true for the case (issue 9 §6): the deadline (a late answer is kept, shown to the owner
and to staff, and staff can take it into the round), the idle timeout, a closed link, an
erased owner, and an expired page (CSRF)."""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
import sqlalchemy as sa

from intake.extensions import db
from intake.gdpr import service as gdpr
from intake.gdpr.person import parse
from intake.goals.models import Goal, GoalStatus, Owner
from intake.rounds.models import Invitation, LateAnswer, LateAnswerState, Submission
from intake.staff.models import AuditEntry
from tests.staff.conftest import create_staff, log_in
from tests.support.goals import DEADLINE, find_form, issue_token, make_round, open_link
from tests.support.htmlform import RenderedForm

ANSWER = "/opfoelgning/svar"


def _owner_client(app, email="anne@example.dk"):
    client = app.test_client()
    assert open_link(client, issue_token(app, email)).status_code == 303
    return client


def _page(client) -> RenderedForm:
    response = client.get(ANSWER)
    assert response.status_code == 200, response.status_code
    return find_form(response.get_data(as_text=True), field="Subject")


def _invitation(app, email="anne@example.dk") -> Invitation:
    return db.session.scalar(sa.select(Invitation).join(Owner).where(Owner.email == email))


def _staff(app):
    create_staff(app)
    client = app.test_client()
    assert log_in(client).status_code == 303
    return client


def _late_example(app, seeded, frozen_clock):
    """The issue's example: open 40 minutes before, save a draft, type more, Send 2 minutes late."""
    g1, g2 = seeded["g1"], seeded["g2"]
    frozen_clock(DEADLINE - timedelta(minutes=40))
    round_id = make_round(app)
    client = _owner_client(app)
    form = _page(client)
    form.fill(**{f"g{g1}-status": "i_gang", f"g{g1}-gjort": "Kladde: møde med skolerne"})
    form.press("action", "draft")
    assert client.post(ANSWER, data=form.data()).status_code == 303
    form = _page(client)
    form.fill(**{f"g{g1}-gjort": "Sendt for sent: 12 nye lærepladser", f"g{g2}-status": "naaet"})
    form.press("action", "submit")
    frozen_clock(DEADLINE + timedelta(minutes=2))
    response = client.post(ANSWER, data=form.data(), follow_redirects=True)
    return client, response, round_id


def test_send_two_minutes_late_is_kept_and_shown_back(app, seeded, frozen_clock):
    client, response, _ = _late_example(app, seeded, frozen_clock)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vi har ikke modtaget svar fra dig" not in text
    assert "Sendt for sent: 12 nye lærepladser" in text
    assert "gemt som et sent svar" in text
    with app.app_context():
        [late] = db.session.scalars(sa.select(LateAnswer)).all()
        assert late.state == LateAnswerState.PENDING
        assert late.goal_answers(seeded["g1"])["gjort"] == "Sendt for sent: 12 nye lærepladser"
        assert late.received_at == DEADLINE + timedelta(minutes=2)
        assert db.session.scalar(sa.select(sa.func.count(Submission.id))) == 0
        assert db.session.get(Goal, seeded["g2"]).status != GoalStatus.NAAET  # not counted yet
    # Coming back later shows the late answer and the unsent draft for what they are.
    again = client.get(ANSWER).get_data(as_text=True)
    assert "Dit sene svar, modtaget" in again and "Kladden blev ikke sendt inden fristen" in again


def test_staff_see_draft_and_late_answer_and_take_it_into_the_round(app, seeded, frozen_clock):
    _, _, round_id = _late_example(app, seeded, frozen_clock)
    staff = _staff(app)
    page = staff.get(f"/staff/maal/runder/{round_id}")
    html = page.get_data(as_text=True)
    assert "Kladde: møde med skolerne" in html  # the draft's text, not only its time
    assert "Sendt for sent: 12 nye lærepladser" in html and "afventer" in html

    book = openpyxl.load_workbook(_workbook(staff, round_id))
    sheet = book["Kladder og sene svar"]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Kladde: møde med skolerne" in cells and "Sendt for sent: 12 nye lærepladser" in cells
    assert "Sent svar, afventer" in cells and "Kladde, ikke sendt" in cells

    with app.app_context():
        late_id = db.session.scalar(sa.select(LateAnswer.id))
    form = find_form(html, action=f"/sene-svar/{late_id}/tag-med")
    response = staff.post(form.action, data=form.data())
    assert response.status_code == 303
    # a double click: one version
    assert staff.post(form.action, data=form.data()).status_code == 303
    with app.app_context():
        [submission] = db.session.scalars(sa.select(Submission)).all()
        assert submission.submitted_at == DEADLINE + timedelta(minutes=2)
        assert (
            submission.goal_answers(seeded["g1"])["gjort"] == "Sendt for sent: 12 nye lærepladser"
        )
        late = db.session.get(LateAnswer, late_id)
        assert late.state == LateAnswerState.ACCEPTED and late.submission_id == submission.id
        assert db.session.get(Goal, seeded["g2"]).status == GoalStatus.NAAET
        actions = [e.action for e in db.session.scalars(sa.select(AuditEntry))]
        assert actions.count("round.accept_late") == 1
    owner_page = _owner_client(app).get(ANSWER).get_data(as_text=True)
    assert "er taget med i opfølgningen" in owner_page


def _workbook(staff, round_id):
    response = staff.get(f"/staff/maal/runder/{round_id}/opfoelgning.xlsx")
    assert response.status_code == 200, response.status_code
    return io.BytesIO(response.data)


def test_a_late_answer_with_a_wrong_value_comes_back_filled_in(app, seeded, frozen_clock):
    g1 = seeded["g1"]
    frozen_clock(DEADLINE - timedelta(minutes=5))
    make_round(app)
    client = _owner_client(app)
    form = _page(client)
    form.fill(**{f"g{g1}-fremdrift": "halvvejs", f"g{g1}-gjort": "Tekst der ikke må gå tabt"})
    form.press("action", "submit")
    frozen_clock(DEADLINE + timedelta(minutes=1))
    response = client.post(ANSWER, data=form.data())
    assert response.status_code == 409
    back = find_form(response.get_data(as_text=True), field="Subject")
    assert back.values[f"g{g1}-gjort"][0].strip() == "Tekst der ikke må gå tabt"
    assert back.values[f"g{g1}-fremdrift"] == ["halvvejs"]
    assert "gemmes som et sent svar" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(LateAnswer.id))) == 0


def test_idle_timeout_gives_back_what_was_typed(app, seeded, frozen_clock):
    g1 = seeded["g1"]
    frozen_clock(DEADLINE - timedelta(days=2))
    make_round(app)
    client = _owner_client(app)
    form = _page(client)
    form.fill(**{f"g{g1}-status": "i_gang", f"g{g1}-gjort": "Tre timers skrivearbejde"})
    form.press("action", "submit")
    frozen_clock(DEADLINE - timedelta(days=2) + timedelta(minutes=181))
    response = client.post(ANSWER, data=form.data())
    text = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Tre timers skrivearbejde" in text and "I gang" in text
    assert "ikke har været brugt i 180 minutter" in text
    assert "Det, du lige skrev, er ikke gemt" in text
    assert "Flere lærepladser" not in text  # an ended session shows no stored data, only the POST
    with app.app_context():
        assert _invitation(app).draft_answers is None
        assert db.session.scalar(sa.select(sa.func.count(Submission.id))) == 0


def test_an_erased_owner_is_not_told_their_answers_are_kept(app, seeded, frozen_clock):
    g1 = seeded["g1"]
    frozen_clock(DEADLINE - timedelta(days=2))
    make_round(app)
    client = _owner_client(app)
    form = _page(client)
    form.fill(**{f"g{g1}-gjort": "Gemt kladde"})
    form.press("action", "draft")
    assert client.post(ANSWER, data=form.data()).status_code == 303
    with app.app_context():
        gdpr.erase(parse("anne@example.dk"))
        db.session.commit()
    response = client.post(ANSWER, data=form.data())
    text = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "ikke væk" not in text
    assert "slettet" in text and "Spørgeskemaet findes ikke længere" in text


def test_a_closed_link_says_so_and_keeps_what_was_saved_true(app, seeded, frozen_clock):
    frozen_clock(DEADLINE - timedelta(days=2))
    round_id = make_round(app)
    client = _owner_client(app)
    with app.app_context():
        from intake.rounds import service as rounds

        rounds.revoke(_invitation(app))
        db.session.commit()
    text = client.get(ANSWER).get_data(as_text=True)
    assert "Hedensted Erhverv har lukket det" in text and "ikke væk" in text
    assert round_id


def test_expired_page_keeps_the_answers(app, seeded, frozen_clock):
    g1 = seeded["g1"]
    frozen_clock(DEADLINE - timedelta(days=2))
    make_round(app)
    client = _owner_client(app)
    form = _page(client)
    form.fill(**{f"g{g1}-gjort": "Skrevet på en gammel side"})
    form.values["csrf_token"] = ["udløbet"]
    form.press("action", "submit")
    response = client.post(ANSWER, data=form.data())
    assert response.status_code == 200
    assert "Siden var udløbet" in response.get_data(as_text=True)
    back = find_form(response.get_data(as_text=True), field="Subject")
    assert back.values[f"g{g1}-gjort"][0].strip() == "Skrevet på en gammel side"
