"""The workbook of current news consents: one row per address a sending would reach, with
where, when and in which words the consent was given; audited."""

from __future__ import annotations

import io

import openpyxl

from tests.news.conftest import add_consent
from tests.support.signups import text_of


def test_the_workbook_lists_current_consents_only(app, staff_client):
    add_consent(app, "anna@byg.dk", areas=["erhvervsliv", "rammer"], trade="Byggeri")
    add_consent(app, "carl@byg.dk", withdrawn=True)
    link = "/staff/nyheder/samtykker.xlsx"
    assert link in staff_client.get("/staff/nyheder").get_data(as_text=True)
    response = staff_client.get(link)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    header = [cell.value for cell in sheet[1]]
    assert header == ["Navn", "E-mail", "Fokusområder", "Branche", "Skema", "Givet", "Sprog",
                      "Ordlyd"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)
            if any(cell.value for cell in row)]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["E-mail"] == "anna@byg.dk"
    assert row["Fokusområder"] == "Det gode erhvervsliv, De gode rammer"
    assert row["Branche"] == "Byggeri" and row["Sprog"] == "Dansk"
    assert row["Skema"].startswith("Netværksmesse")
    assert row["Ordlyd"] == "Ja tak, send mig nyt fra Hedensted Erhverv"
    assert row["Givet"] is not None
    log = text_of(staff_client.get("/staff/log/"))
    assert "Hentede regnearket over dem, der har sagt ja tak til nyheder" in log
