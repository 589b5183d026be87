"""A form invitation (/inviteret/<token>) records and withdraws the consent like the public
form: the same service path (intake.signups.service.submit, intake.signups.edits.change)."""

from __future__ import annotations

import sqlalchemy as sa

from intake.consents.models import Consent, WithdrawnVia
from intake.extensions import db
from tests.invitations import form_helpers
from tests.invitations.form_helpers import SLUG, form_with, links_by_address, send
from tests.support.signups import field_errors

app, now = form_helpers.app, form_helpers.now  # the fixtures of these tests


def _rows(app) -> list[Consent]:
    with app.app_context():
        found = db.session.scalars(sa.select(Consent).order_by(Consent.id)).all()
        db.session.expunge_all()
        return found


def test_an_invited_person_gives_and_withdraws_the_consent(app, now, staff_client):
    assert SLUG == "ivaerksaetterfredag"
    assert send(staff_client, "Anna Hansen <Anna@Firma.dk>").status_code == 303
    link = next(iter(links_by_address(app).values()))
    visitor = app.test_client()
    form = form_with(visitor.get(link).get_data(as_text=True), "datoer")
    form.fill(datoer=["2026-12-04"], virksomhed="Idé ApS", har_cvr="nej",
              telefon="+45 20 30 40 50", nyheder="y")
    response = visitor.post(link, data=form.data())
    assert response.status_code == 303, field_errors(response)
    (row,) = _rows(app)
    assert (row.email, row.form_slug, row.name) == ("anna@firma.dk", SLUG, "Anna Hansen")
    assert row.withdrawn_at is None and row.given_at == now

    change = form_with(visitor.get(link).get_data(as_text=True), "datoer")
    assert change.values["nyheder"] == ["y"]
    change.values.pop("nyheder")
    response = visitor.post(link, data=change.data())
    assert response.status_code == 303, field_errors(response)
    (row,) = _rows(app)
    assert row.withdrawn_via == WithdrawnVia.ANSWER
