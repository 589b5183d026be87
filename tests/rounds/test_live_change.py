"""Issue 12 §2: a follow-up question removed from a live form keeps its answers in the round's
workbook and answer page, under its old question."""

from __future__ import annotations

import io

import openpyxl
import sqlalchemy as sa

from intake.extensions import db
from intake.formdefs import store
from intake.goals.models import Owner
from intake.rounds import answers
from intake.rounds.models import Invitation
from tests.support.goals import make_round

DONE = "Hvad er der gjort?"


def test_a_removed_goal_question_keeps_its_answers(app, staff, seeded):
    round_id = make_round(app)
    with app.app_context():
        invitation = db.session.scalar(
            sa.select(Invitation)
            .join(Owner)
            .where(Owner.email == "anne@example.dk", Invitation.round_id == round_id)
        )
        goal = str(seeded["g1"])
        given = {"goals": {goal: {"status": "i_gang", "fremdrift": 40, "gjort": "Møder holdt"}}}
        answers.submit(invitation, given, 2)
        draft = store.get_draft("opfoelgning")
        mapping = dict(draft.mapping)
        mapping["goal_fields"] = [f for f in mapping["goal_fields"] if f["key"] != "gjort"]
        saved = store.save_draft(
            "opfoelgning", mapping, expected_revision=draft.revision, by="test"
        )
        assert (
            store.publish("opfoelgning", expected_revision=saved.revision, by="test").version == 3
        )
        db.session.commit()

    book = openpyxl.load_workbook(
        io.BytesIO(staff.get(f"/staff/maal/runder/{round_id}/opfoelgning.xlsx").data)
    )
    rows = list(book["Opfølgning"].iter_rows(values_only=True))
    header = rows[0]
    assert DONE in header
    assert "Møder holdt" in [row[header.index(DONE)] for row in rows[1:]]
    page = staff.get(f"/staff/maal/runder/{round_id}/svar").get_data(as_text=True)
    assert DONE in page and "Møder holdt" in page
