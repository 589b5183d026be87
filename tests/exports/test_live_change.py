"""Issue 12 §5: changing a live form with answers keeps every old answer in the export.

End to end through the web: two sign-ups under version 1, then in the editor a field removed,
another relabelled, an option removed and a repeat's sub-field removed; version 2 published
and signed up under. The workbook, the CSV, the staff sign-up page and the receipt still show
every old answer, removed ones under their old labels.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.signups.models import Signup
from tests.staff.conftest import create_staff, log_in, page_form, post_form
from tests.staff.editor.conftest import press
from tests.support.htmlform import RenderedForm

LIVE = """\
slug: live
version: 1
kind: signup
title: {da: Live ændring, en: Live change}
opens: "2020-01-01 00:00"
identity_field: email
fields:
  - {key: navn, type: text, required: true, label: Navn}
  - {key: email, type: email, required: true, label: E-mail}
  - {key: firma, type: text, label: Firma}
  - {key: antal, type: integer, label: Antal medarbejdere}
  - key: mad
    type: choice
    label: Mad
    options:
      - {code: kod, label: Kød}
      - {code: veg, label: Vegetar}
      - {code: fisk, label: Fisk}
  - key: deltagere
    type: repeat
    max: 3
    label: Deltagere
    fields:
      - {key: navn, type: text, label: Deltagerens navn}
      - {key: alder, type: integer, label: Alder}
privacy:
  controller: Hedensted Kommune
  purpose: Test
  legal_basis: Art. 6, stk. 1, litra e
  retention: 30 dage
  rights: Indsigt
  contact: erhverv@hedensted.dk
"""
FORM = "/staff/skemaer/live"


@pytest.fixture
def app(make_app, tmp_path):
    forms = tmp_path / "live-forms"
    forms.mkdir()
    (forms / "live.yaml").write_text(LIVE, encoding="utf-8")
    return make_app(FORMS_DIR=str(forms))


def sign_up(client, **values) -> str:
    response = client.get("/f/live")
    assert response.status_code == 200
    form = RenderedForm(response.get_data(as_text=True))
    for name, value in values.items():
        form.set(name.replace("__", "-"), value)
    response = client.post("/f/live", data=form.data())
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[-1]


def change_the_live_form(editor) -> None:
    assert post_form(editor, FORM, f"{FORM}/felter/firma/slet").status_code == 303
    url = f"{FORM}/felter/navn"
    form = page_form(editor, url, url).set("label__da", "Fulde navn")
    assert editor.post(url, data=form.data()).status_code == 303
    options = f"{FORM}/felter/mad/svar"
    assert press(editor, options, f"{options}/fisk", "action", "remove").status_code == 303
    assert post_form(editor, FORM, f"{FORM}/felter/deltagere.alder/slet").status_code == 303
    publish = f"{FORM}/offentliggoer"
    assert post_form(editor, publish, publish).status_code == 303


def test_a_live_change_keeps_every_old_answer(app):
    public = app.test_client()
    first = sign_up(
        public,
        navn="Anne Andersen",
        email="anne@firma.dk",
        firma="Firma Et ApS",
        antal="12",
        mad="fisk",
        deltagere__0__navn="Bo Berg",
        deltagere__0__alder="41",
    )
    second = sign_up(
        public, navn="Carl Christensen", email="carl@firma.dk", firma="To A/S", mad="kod"
    )
    create_staff(app)
    editor = app.test_client()
    assert log_in(editor).status_code == 303
    change_the_live_form(editor)

    html = public.get("/f/live").get_data(as_text=True)
    assert "Fulde navn" in html and 'name="firma"' not in html and 'value="fisk"' not in html
    third = sign_up(
        public,
        navn="Dorte Dam",
        email="dorte@firma.dk",
        mad="veg",
        deltagere__0__navn="Eva Eriksen",
    )
    with app.app_context():
        versions = dict(db.session.execute(sa.select(Signup.reference, Signup.form_version)).all())
    assert versions == {first: 1, second: 1, third: 2}

    # The workbook: every old answer, removed ones under their old labels, types kept.
    response = editor.get("/staff/f/live/eksport.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book["Tilmeldinger"]
    headers = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(headers, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    assert headers[3:] == [
        "Fulde navn",
        "E-mail",
        "Antal medarbejdere",
        "Mad",
        "Antal: Deltagere",
        "Firma",
    ]
    assert rows[first]["Fulde navn"] == "Anne Andersen"
    assert rows[first]["Firma"] == "Firma Et ApS" and rows[second]["Firma"] == "To A/S"
    assert rows[first]["Mad"] == "Fisk" and rows[second]["Mad"] == "Kød"
    assert rows[first]["Antal medarbejdere"] == 12
    assert isinstance(rows[first]["Antal medarbejdere"], int)
    assert rows[third]["Firma"] is None and rows[third]["Mad"] == "Vegetar"
    people = book["Deltagere"]
    people_headers = [c.value for c in people[1]]
    assert people_headers == ["Reference", "Nr.", "Deltagerens navn", "Alder"]
    people_rows = list(people.iter_rows(2, values_only=True))
    assert (first, 1, "Bo Berg", 41) in people_rows
    assert (third, 1, "Eva Eriksen", None) in people_rows
    explained = [[c for c in row] for row in book["Felter"].iter_rows(values_only=True)]
    assert any(row[2] == "firma" and row[4] == "Firma" for row in explained)
    assert any(row[5] == "fisk" and row[6] == "Fisk" for row in explained)
    assert any(row[2] == "deltagere.alder" and row[4] == "Alder" for row in explained)

    # The workbook with codes keeps the removed option's code.
    coded = openpyxl.load_workbook(
        io.BytesIO(editor.get("/staff/f/live/eksport.xlsx?koder=1").data)
    )
    coded_rows = list(coded["Tilmeldinger"].iter_rows(2, values_only=True))
    assert any(row[0] == first and "fisk" in row for row in coded_rows)

    # The CSV, both sheets.
    text = editor.get("/staff/f/live/eksport.csv?ark=main&adskiller=komma").get_data(as_text=True)
    table = {row["Reference"]: row for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}
    assert table[first]["Firma"] == "Firma Et ApS" and table[first]["Mad"] == "Fisk"
    assert (
        table[first]["Fulde navn"] == "Anne Andersen" and table[first]["Antal medarbejdere"] == "12"
    )
    text = editor.get("/staff/f/live/eksport.csv?ark=repeat:deltagere&adskiller=komma").get_data(
        as_text=True
    )
    assert "Alder" in text.splitlines()[0] and "Bo Berg,41" in text

    # The staff sign-up page and the receipt show the old answers as they were asked.
    page = editor.get(f"/staff/t/{first}").get_data(as_text=True)
    assert "Firma" in page and "Firma Et ApS" in page and "Fisk" in page
    receipt = public.get(f"/f/live/kvittering/{first}").get_data(as_text=True)
    assert "Firma Et ApS" in receipt and "Fisk" in receipt


def test_gdpr_access_shows_an_old_answer_under_its_old_question(app):
    from intake.gdpr import person as persons
    from intake.gdpr import service

    public = app.test_client()
    first = sign_up(
        public, navn="Anne Andersen", email="anne@firma.dk", firma="Firma Et ApS", mad="fisk"
    )
    create_staff(app)
    editor = app.test_client()
    assert log_in(editor).status_code == 303
    change_the_live_form(editor)
    with app.app_context():
        report = service.find(persons.parse("anne@firma.dk"))
    answers = next(s for s in report.sections if s.title == "Tilmeldinger")
    shown = {(row[5], row[6]) for row in answers.rows if row[0] == first}
    assert {("Navn", "Anne Andersen"), ("Firma", "Firma Et ApS"), ("Mad", "Fisk")} <= shown
