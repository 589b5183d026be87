"""Fixtures and helpers of the committee report tests (conftest.py imports the fixtures):
`two_years`, a round worth a report; `report_client`, staff logged in after its answers;
`answer` submits an owner's answers; `download` follows the round page's report link."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from intake.clock import LOCAL
from intake.extensions import db
from intake.goals import service
from intake.goals.models import FocusArea, Goal, Owner
from intake.rounds import answers
from intake.rounds.models import Invitation
from tests.support.goals import make_round, seed


def answer(app, email, round_id, goals: dict, general=None):
    with app.app_context():
        invitation = db.session.scalar(sa.select(Invitation).join(Owner).where(
            Owner.email == email, Invitation.round_id == round_id))
        answers.submit(
            invitation,
            {"goals": {str(k): v for k, v in goals.items()}, "general": general or {}},
            1,
        )
        db.session.commit()


@pytest.fixture
def two_years(app, frozen_clock):
    """2026: Anne answered goal 1 'i gang' and goal 2 'nået' (so it is not carried); 2027:
    goals 1 and 3 carried, a new goal 'Nye iværksættere' in Det gode erhvervsliv; Anne says
    goal 1 is 'nået' (100 %), Bo 'delvist nået' (80 %, later, so his counts), Carl did not
    answer goal 3."""
    frozen_clock(datetime(2026, 9, 1, 10, 0, tzinfo=LOCAL))
    old = seed(app, year=2026)
    round_2026 = make_round(
        app, year=2026, deadline=datetime(2026, 10, 1, 12, 0, tzinfo=LOCAL), title="Efterår 2026"
    )
    answer(app, "anne@example.dk", round_2026, {old["g1"]: {"status": "i_gang", "fremdrift": 30},
                                                old["g2"]: {"status": "naaet", "fremdrift": 100}})
    with app.app_context():
        period, count = service.carry_forward(service.period_for_year(2026))
        assert count == 2
        carried = {
            g.carried_from_id: g.id
            for g in db.session.scalars(sa.select(Goal).where(Goal.carried_from_id.is_not(None)))
        }
        bo = db.session.scalar(sa.select(Owner).where(Owner.email == "bo@example.dk"))
        new = service.create_goal(
            service.period_for_year(2027),
            service.GoalData(FocusArea.ERHVERVSLIV, "Nye iværksættere",
                             description="Flere nye virksomheder & <værksteder>"),
            [bo],
        )
        db.session.commit()
        new_id = new.id
    frozen_clock(datetime(2027, 9, 1, 10, 0, tzinfo=LOCAL))
    round_2027 = make_round(app, year=2027, title="Efterår 2027")
    g1, g3 = carried[old["g1"]], carried[old["g3"]]
    answer(app, "anne@example.dk", round_2027,
           {g1: {"status": "naaet", "fremdrift": 100, "gjort": "Hemmelig fritekst"}})
    frozen_clock(datetime(2027, 9, 2, 10, 0, tzinfo=LOCAL))
    answer(app, "bo@example.dk", round_2027,
           {g1: {"status": "delvist_naaet", "fremdrift": 80},
            new_id: {"status": "i_gang", "fremdrift": 15}})
    return {"round": round_2027, "g1": g1, "g3": g3, "new": new_id}


@pytest.fixture
def report_client(app, two_years):
    """A staff member logged in after the answers (the clock stays on 2 September 2027)."""
    from tests.staff.conftest import create_staff
    from tests.support.goals import login

    create_staff(app)
    return login(app)


def download(client, round_id: int, kind: str):
    """Follow the round page's link to the committee report in `kind` ('pdf' or 'docx')."""
    page = client.get(f"/staff/maal/runder/{round_id}").get_data(as_text=True)
    url = f"/staff/maal/runder/{round_id}/udvalgsrapport.{kind}"
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response
