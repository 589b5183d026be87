"""From real answers to the public page: owners post the rendered questionnaire, staff post
the rendered publication form (confirm first), and /erhvervspolitik shows only what was
published; never a draft, never a withdrawn round, never a free-text answer."""

from __future__ import annotations

import sqlalchemy as sa

from intake.extensions import db
from intake.publishing.models import Publication, PublicationState
from intake.staff.models import AuditEntry
from tests.publishing.conftest import answer, post_and_confirm, publication_url, staff_form


def _public(client, url="/erhvervspolitik") -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_answers_to_publication_to_public_page(app, seeded, staff):
    g1, g2, g3 = seeded["g1"], seeded["g2"], seeded["g3"]
    answer(app, "anne@example.dk", seeded["round"], {
        g1: {"status": "i_gang", "fremdrift": "40", "gjort": "Hemmelig fritekst om skolerne",
             "offentlig_kommentar": "Vi er godt i gang med skolerne."},
        g2: {"status": "naaet", "fremdrift": "100", "resultater": "Privat resultat"},
    }, {"kommentar": "Privat kommentar til Hedensted Erhverv"})
    public = app.test_client()
    assert "Der er ikke offentliggjort en status endnu" in _public(public)

    # The round page links to the publication page; every answered goal has a fieldset.
    round_page = staff.get(f"/staff/maal/runder/{seeded['round']}").get_data(as_text=True)
    assert f'href="{publication_url(seeded["round"])}"' in round_page
    form = staff_form(staff, seeded["round"])
    assert {f"g{g1}-title", f"g{g2}-title"} <= form.names
    assert f"g{g3}-title" not in form.names  # Carl has not answered
    assert form.values[f"g{g1}-title"] == ["Flere lærepladser"]
    assert form.values[f"g{g1}-comment"][0].strip() == "Vi er godt i gang med skolerne."
    assert f"g{g1}-show_comment" not in form.values  # prefilled, but not shown by default
    assert form.values[f"g{g1}-show_status"] == ["y"]

    # Save a draft: nothing public.
    form.fill(**{f"g{g1}-title": "Flere lærepladser i Hedensted",
                 f"g{g1}-show_comment": "y", f"g{g2}-show_progress": []})
    form.press("action", "save")
    assert staff.post(publication_url(seeded["round"]), data=form.data()).status_code == 303
    with app.app_context():
        publication = db.session.scalar(sa.select(Publication))
        assert publication.state == PublicationState.DRAFT
    html = _public(public)
    assert "Flere lærepladser" not in html and "Der er ikke offentliggjort" in html

    # Publish (the preview first), then the public page shows it.
    form = staff_form(staff, seeded["round"])
    assert form.values[f"g{g1}-title"] == ["Flere lærepladser i Hedensted"]
    form.press("action", "publish")
    response = post_and_confirm(staff, seeded["round"], form)
    assert response.status_code == 303
    html = _public(public)
    assert "Flere lærepladser i Hedensted" in html
    assert "Vi er godt i gang med skolerne." in html
    assert "I gang" in html and "40 %" in html
    assert "Bosætning i bymidten" in html and "Nået" in html
    assert "100 %" not in html  # progress hidden for goal 2
    assert "Mindre spild i byggeri" not in html  # not answered, not published
    for secret in ("Hemmelig fritekst", "Privat resultat", "Privat kommentar"):
        assert secret not in html
    assert "Anne Andersen" not in html and "Bo Berg" not in html  # names not chosen
    assert "<svg" in html and 'role="img"' in html and "<table" in html
    assert "Sidst opdateret 1. september 2027" in html
    round_page = staff.get(f"/staff/maal/runder/{seeded['round']}").get_data(as_text=True)
    assert "(offentliggjort 1. september 2027 kl. 10.00)" in round_page
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEntry.action)).all()
        assert "publication.save" in actions and "publication.publish" in actions

    # An owner changing the answer changes nothing public until staff publish again.
    answer(app, "anne@example.dk", seeded["round"], {
        g1: {"status": "naaet", "fremdrift": "100"}, g2: {"status": "naaet"}})
    assert "I gang" in _public(public)

    # Withdraw (confirm first): gone.
    page = staff.get(publication_url(seeded["round"])).get_data(as_text=True)
    from tests.support.goals import find_form

    withdraw = find_form(page, action="/offentliggoerelse/tilbagetraek")
    response = post_and_confirm(staff, seeded["round"], withdraw, withdraw.action)
    assert response.status_code == 303
    html = _public(public)
    assert "Flere lærepladser" not in html and "Der er ikke offentliggjort" in html
    assert public.get("/erhvervspolitik/2027").status_code == 404
