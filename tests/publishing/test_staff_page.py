"""The staff page of a round's publication: Danish messages next to the fields with what was
typed kept, the role it needs, a round nobody answered, and the confirm-first publish."""

from __future__ import annotations

import sqlalchemy as sa

from intake.extensions import db
from intake.publishing.models import Publication
from intake.staff.roles import Role
from tests.publishing.conftest import answer, publication_url, staff_form
from tests.staff.conftest import create_staff, log_in
from tests.support.goals import find_form


def test_bad_input_gets_danish_messages_and_keeps_what_was_typed(app, seeded, staff):
    g1 = seeded["g1"]
    answer(app, "bo@example.dk", seeded["round"], {g1: {"status": "i_gang"}})
    form = staff_form(staff, seeded["round"])
    form.fill(**{f"g{g1}-title": "", f"g{g1}-comment": "", f"g{g1}-show_comment": "y",
                 f"g{g1}-description": "Min nye beskrivelse"})
    form.press("action", "publish")
    response = staff.post(publication_url(seeded["round"]), data=form.data())
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Skriv en titel, der må vises offentligt." in html
    assert "Skriv en kommentar, eller fjern fluebenet ved «Vis kommentar»." in html
    assert 'id="error-summary"' in html and f'href="#g{g1}-title"' in html
    again = find_form(html, field="action")
    assert again.values[f"g{g1}-description"][0].strip() == "Min nye beskrivelse"
    assert again.values[f"g{g1}-show_comment"] == ["y"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Publication.id))) == 0

    too_long = "x" * 1001
    form.fill(**{f"g{g1}-title": "Titel", f"g{g1}-comment": too_long})
    form.press("action", "save")
    html = staff.post(publication_url(seeded["round"]), data=form.data()).get_data(as_text=True)
    assert "Kommentaren må højst være 1000 tegn." in html


def test_publishing_asks_first_and_the_preview_writes_nothing(app, seeded, staff):
    answer(app, "carl@example.dk", seeded["round"], {seeded["g3"]: {"status": "naaet"}})
    form = staff_form(staff, seeded["round"])
    form.press("action", "publish")
    preview = staff.post(publication_url(seeded["round"]), data=form.data())
    text = preview.get_data(as_text=True)
    assert "Status for 1 mål fra 2027 bliver vist på den offentlige side" in text
    assert "Fritekstsvar fra spørgeskemaet vises ikke." in text
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Publication.id))) == 0
    assert "Mindre spild" not in app.test_client().get("/erhvervspolitik").get_data(as_text=True)


def test_a_round_nobody_answered_has_nothing_to_publish(app, seeded, staff):
    html = staff.get(publication_url(seeded["round"])).get_data(as_text=True)
    assert "Ingen målejere har svaret i runden endnu" in html
    assert 'name="action"' not in html


def test_the_page_needs_the_goals_role(app, seeded):
    create_staff(app, email="gdpr@hedensted.dk", roles={Role.GDPR})
    client = app.test_client()
    assert log_in(client, email="gdpr@hedensted.dk").status_code == 303
    assert client.get(publication_url(seeded["round"])).status_code == 403
    assert client.post(publication_url(seeded["round"]) + "/tilbagetraek").status_code in (
        400, 403)
