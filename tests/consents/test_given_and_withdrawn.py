"""Consent to news (issue 14 §4) through the real pages: given on the netværksmesse form
(Danish and English page), not given when unticked, withdrawn by unticking on Min tilmelding,
by its "Afmeld nyheder" button and by staff on request; a re-saved tick keeps its first time.
Every page is read and its rendered form posted back."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from intake import clock
from intake.consents import service as consents
from intake.consents.models import Consent, WithdrawnVia
from intake.extensions import db
from intake.staff.models import AuditEntry
from tests.support.forms_on_page import form_posting_to
from tests.support.htmlform import RenderedForm
from tests.support.signups import (
    FAIR,
    NOW,
    cancel_link,
    fair_form,
    field_errors,
    mails_to,
    sign_up,
    signups,
    text_of,
)

BASE = "https://intake.example.dk"
WORDING = "Ja tak, send mig nyt fra Hedensted Erhverv"


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def rows(app) -> list[Consent]:
    with app.app_context():
        found = db.session.scalars(sa.select(Consent).order_by(Consent.id)).all()
        db.session.expunge_all()
        return found


def mine_path(smtp_server, deliver, address: str) -> str:
    deliver()
    return cancel_link(mails_to(smtp_server, address)[0]).removeprefix(BASE)


def test_the_ticked_box_records_wording_time_and_form(client, app):
    form = fair_form(client)
    assert form.values.get("nyheder") is None  # never ticked in advance
    form.set("nyheder", "y")
    reference = sign_up(client, FAIR, form)
    (row,) = rows(app)
    assert (row.email, row.wording, row.lang) == ("kontakt1@firma1.dk", WORDING, "da")
    assert (row.form_slug, row.form_version, row.field_key) == ("netvaerksmesse", 2, "nyheder")
    assert row.given_at == NOW and row.withdrawn_at is None
    assert (row.trade, row.focus_areas, row.name) == ("Byggeri", [], "Firma 1 ApS")
    (signup,) = signups(app)
    assert signup.reference == reference and row.signup_id == signup.id
    assert signup.answers["nyheder"] == {"given": True, "at": NOW.astimezone(clock.UTC)
                                         .isoformat(), "wording": WORDING, "lang": "da"}
    receipt = text_of(client.get(f"/f/netvaerksmesse/kvittering/{reference}"))
    assert "Ja (givet 20. november 2026 kl. 10.00)" in receipt


def test_the_english_page_records_the_english_wording(client, app):
    client.get("/sprog/en")
    form = fair_form(client).set("nyheder", "y")
    sign_up(client, FAIR, form)
    (row,) = rows(app)
    assert row.wording == "Yes please, send me news from Hedensted Erhverv" and row.lang == "en"


def test_an_unticked_box_gives_nothing(client, app):
    sign_up(client, FAIR, fair_form(client))
    assert rows(app) == []
    assert signups(app)[0].answers["nyheder"] is None


def test_a_double_click_is_one_sign_up_and_one_consent(client, app, frozen_clock):
    form = fair_form(client).set("nyheder", "y")
    first = client.post(FAIR, data=form.data())
    frozen_clock(NOW + timedelta(seconds=1))
    second = client.post(FAIR, data=form.data())
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert len(signups(app)) == 1 and len(rows(app)) == 1


def test_min_tilmelding_keeps_the_first_time_and_unticking_withdraws(
        client, app, smtp_server, deliver, frozen_clock):
    sign_up(client, FAIR, fair_form(client).set("nyheder", "y"))
    path = mine_path(smtp_server, deliver, "kontakt1@firma1.dk")
    page = text_of(client.get(path))
    assert "Du har sagt ja tak til nyt fra Hedensted Erhverv" in page
    frozen_clock(NOW + timedelta(days=2))
    form = RenderedForm(client.get(path + "/ret").get_data(as_text=True))
    assert form.values["nyheder"] == ["y"]  # shown ticked
    form.set("branche", "Detailhandel")
    response = client.post(path + "/ret", data=form.data())
    assert response.status_code == 303, field_errors(response)
    (row,) = rows(app)
    assert row.given_at == NOW and row.trade == "Detailhandel"  # the first time stands
    assert signups(app)[0].answers["nyheder"]["at"] == NOW.astimezone(clock.UTC).isoformat()

    form = RenderedForm(client.get(path + "/ret").get_data(as_text=True))
    form.values.pop("nyheder")  # untick
    assert client.post(path + "/ret", data=form.data()).status_code == 303
    (row,) = rows(app)
    assert row.withdrawn_via == WithdrawnVia.ANSWER
    assert row.withdrawn_at == NOW + timedelta(days=2)
    stored = signups(app)[0].answers["nyheder"]  # the record of what was given, withdrawn
    assert stored["given"] is False and stored["at"] == NOW.astimezone(clock.UTC).isoformat()
    assert stored["withdrawn_at"] == (NOW + timedelta(days=2)).astimezone(clock.UTC).isoformat()
    assert "Du får ikke nyt fra Hedensted Erhverv" in text_of(client.get(path))


def test_the_afmeld_nyheder_button_withdraws_at_once(client, app, smtp_server, deliver,
                                                    frozen_clock):
    sign_up(client, FAIR, fair_form(client).set("nyheder", "y"))
    path = mine_path(smtp_server, deliver, "kontakt1@firma1.dk")
    html = client.get(path).get_data(as_text=True)
    form = form_posting_to(html, path + "/nyheder")
    response = client.post(path + "/nyheder", data=form.data())
    assert response.status_code == 303
    page = text_of(client.get(path))
    assert "Du er afmeldt nyheder fra Hedensted Erhverv" in page
    assert "Afmeld nyheder" not in page.split("Nyheder fra")[1]
    (row,) = rows(app)
    assert row.withdrawn_via == WithdrawnVia.ANSWER
    with app.app_context():
        assert not consents.is_current_email("KONTAKT1@firma1.dk")
        assert consents.current() == []
    # the change form now shows the box unticked; ticking it again gives a new consent
    change = RenderedForm(client.get(path + "/ret").get_data(as_text=True))
    assert "nyheder" not in change.values
    frozen_clock(NOW + timedelta(hours=1))
    assert client.post(path + "/ret", data=change.set("nyheder", "y").data()).status_code == 303
    old, new = rows(app)
    assert old.withdrawn_at is not None and new.withdrawn_at is None
    assert new.given_at == NOW + timedelta(hours=1)  # given afresh, not the old time


def test_the_button_needs_the_csrf_token(client, app, smtp_server, deliver):
    sign_up(client, FAIR, fair_form(client).set("nyheder", "y"))
    path = mine_path(smtp_server, deliver, "kontakt1@firma1.dk")
    response = client.post(path + "/nyheder", data={"csrf_token": "forged"})
    assert response.status_code == 303
    assert "Siden var udløbet" in text_of(client.get(path))
    assert rows(app)[0].withdrawn_at is None


def test_cancelling_the_sign_up_keeps_the_consent(client, app, smtp_server, deliver):
    sign_up(client, FAIR, fair_form(client).set("nyheder", "y"))
    path = mine_path(smtp_server, deliver, "kontakt1@firma1.dk")
    form = form_posting_to(client.get(path).get_data(as_text=True), path)
    assert client.post(path, data=form.data()).status_code == 303
    assert signups(app)[0].is_cancelled
    assert rows(app)[0].withdrawn_at is None
    page = client.get(path).get_data(as_text=True)
    assert f'action="{path}/nyheder"' in page  # still as easy to withdraw


def test_staff_see_the_consent_and_withdraw_it_on_request(client, app, staff_client):
    reference = sign_up(client, FAIR, fair_form(client).set("nyheder", "y"))
    url = f"/staff/t/{reference}"
    page = staff_client.get(url).get_data(as_text=True)
    assert "Samtykke til nyheder" in page and WORDING in page and "Gælder" in page
    first = form_posting_to(page, f"{url}/nyheder")
    preview = staff_client.post(f"{url}/nyheder", data=first.data())
    assert preview.status_code == 200 and rows(app)[0].withdrawn_at is None
    assert "1 samtykke til nyheder" in text_of(preview)
    confirm = form_posting_to(preview.get_data(as_text=True), f"{url}/nyheder")
    done = staff_client.post(f"{url}/nyheder", data=confirm.data())
    assert done.status_code == 303
    assert rows(app)[0].withdrawn_via == WithdrawnVia.STAFF
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(
            AuditEntry.action == "consent.withdraw"))
        assert entry.target == f"signup:{reference}" and entry.details == {"withdrawn": 1}
    page = text_of(staff_client.get(url))
    assert "af en medarbejder på personens anmodning" in page


def test_the_workbook_has_the_consent_columns(client, app, staff_client):
    sign_up(client, FAIR, fair_form(client).set("nyheder", "y"))
    other = app.test_client()
    sign_up(other, FAIR, fair_form(other, 2))
    response = staff_client.get("/staff/f/netvaerksmesse/eksport.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    column = values[0].index(WORDING)
    assert values[0][column + 1] == f"{WORDING} – givet"
    answered = {row[column]: row[column + 1] for row in values[1:]}
    assert answered == {"Ja": NOW.replace(tzinfo=None), None: None}


def test_a_sign_up_staff_make_by_hand_records_the_consent(app, staff_client):
    """E.g. a paper form with the box ticked: the same service path as the public form."""
    from tests.staff.conftest import page_form

    url = "/staff/f/netvaerksmesse/ny"
    form = page_form(staff_client, url, url).fill(
        firmanavn="Papir ApS", cvr="13748136", postnummer="8722", telefon="20304050",
        kontakt_email="papir@firma.dk", nyheder="y",
        **{"deltagere-0-navn": "B", "deltagere-0-email": "b@firma.dk"})
    response = staff_client.post(url, data=form.data())
    assert response.status_code == 303, field_errors(response)
    (row,) = rows(app)
    assert (row.email, row.wording, row.given_at) == ("papir@firma.dk", WORDING, NOW)
