"""The staff download pages: workbook and CSV behind a staff session, each download audited."""

from __future__ import annotations

import csv
import io

import openpyxl
import sqlalchemy as sa

from intake.extensions import db
from intake.staff.models import AuditEntry
from tests.exports.factory import FULL_ANSWERS, add_signup

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def audit_actions(app):
    with app.app_context():
        return [
            (e.action, e.target, e.details)
            for e in db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))
            if e.action.startswith("export.")
        ]


def test_the_form_page_links_to_the_download_page(app, staff_client):
    page = staff_client.get("/staff/f/eksport/").get_data(as_text=True)
    assert 'href="/staff/f/eksport/eksport"' in page
    page = staff_client.get("/staff/f/eksport/eksport").get_data(as_text=True)
    for href in ("/staff/f/eksport/eksport.xlsx", "/staff/f/eksport/eksport.xlsx?koder=1",
                 "/staff/f/eksport/eksport.csv?ark=main&amp;adskiller=semikolon",
                 "/staff/f/eksport/eksport.csv?ark=main&amp;adskiller=komma",
                 "/staff/f/eksport/eksport.csv?ark=repeat:deltagere&amp;koder=1"
                 "&amp;adskiller=semikolon"):
        assert f'href="{href}"' in page, href


def test_the_page_says_which_csv_is_which_and_recommends_semicolons_in_danish(app, staff_client):
    page = staff_client.get("/staff/f/eksport/eksport").get_data(as_text=True)
    assert "CSV til Excel (semikolon)" in page and "CSV (komma)" in page
    assert "Til dansk Excel: filen åbner i kolonner" in page
    # The recommended (first) list of links is the semicolon one.
    assert page.index("adskiller=semikolon") < page.index("adskiller=komma")
    assert "(anbefales)" in page.split("adskiller=semikolon", 1)[0]


def test_workbook_download(app, staff_client, staff_user):
    reference = add_signup(app, "eksport", FULL_ANSWERS)
    response = staff_client.get("/staff/f/eksport/eksport.xlsx")
    assert response.status_code == 200
    assert response.mimetype == XLSX
    assert response.headers["Content-Disposition"].startswith("attachment; filename=eksport-")
    assert response.headers["Cache-Control"] == "no-store, private"
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book["Tilmeldinger"]["A2"].value == reference
    assert book["Tilmeldinger"]["C2"].value == "Bekræftet"
    assert audit_actions(app) == [("export.xlsx", "form:eksport", {"codes": False})]
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(AuditEntry.staff_user_id).where(AuditEntry.action == "export.xlsx")
            )
            == staff_user
        )


def test_workbook_with_codes(app, staff_client):
    add_signup(app, "eksport", FULL_ANSWERS)
    response = staff_client.get("/staff/f/eksport/eksport.xlsx?koder=1")
    assert "koder" in response.headers["Content-Disposition"]
    assert (
        openpyxl.load_workbook(io.BytesIO(response.data))["Tilmeldinger"]["C2"].value == "confirmed"
    )
    assert staff_client.get("/staff/f/eksport/eksport.xlsx?koder=ja").status_code == 404


def test_csv_downloads(app, staff_client):
    reference = add_signup(app, "eksport", FULL_ANSWERS)
    response = staff_client.get("/staff/f/eksport/eksport.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.data.startswith(b"\xef\xbb\xbf")
    text = response.data.decode("utf-8-sig")
    # Danish staff get the semicolon CSV by default: Danish Excel splits it into columns.
    assert text.startswith("Reference;Tilmeldt;Status;Navn")
    assert "-excel-" in response.headers["Content-Disposition"]
    header, row = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert dict(zip(header, row, strict=True))["Navn"] == "Søren Ærø" and row[0] == reference
    comma = staff_client.get("/staff/f/eksport/eksport.csv?adskiller=komma")
    assert "-komma-" in comma.headers["Content-Disposition"]
    header, row = list(csv.reader(io.StringIO(comma.data.decode("utf-8-sig"), newline="")))
    assert dict(zip(header, row, strict=True))["Navn"] == "Søren Ærø"
    people = staff_client.get("/staff/f/eksport/eksport.csv?ark=repeat:deltagere&koder=1")
    assert "-deltagere-koder-" in people.headers["Content-Disposition"]
    assert "Anna Ås" in people.data.decode("utf-8-sig")
    assert staff_client.get("/staff/f/eksport/eksport.csv?ark=hemmelig").status_code == 404
    assert staff_client.get("/staff/f/eksport/eksport.csv?adskiller=tab").status_code == 404
    assert [a[0] for a in audit_actions(app)] == ["export.csv"] * 3


def test_english_staff_get_comma_csv_by_default(app, staff_client):
    add_signup(app, "eksport", FULL_ANSWERS)
    with staff_client.session_transaction() as session:
        session["lang"] = "en"
    page = staff_client.get("/staff/f/eksport/eksport").get_data(as_text=True)
    assert page.index("adskiller=komma") < page.index("adskiller=semikolon")
    text = staff_client.get("/staff/f/eksport/eksport.csv").data.decode("utf-8-sig")
    assert text.startswith("Reference,Tilmeldt,Status,Navn")


def test_downloads_need_a_staff_session(app, client):
    add_signup(app, "eksport", FULL_ANSWERS)
    for url in (
        "/staff/f/eksport/eksport",
        "/staff/f/eksport/eksport.xlsx",
        "/staff/f/eksport/eksport.csv",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login" in response.headers["Location"], url
        assert "Ærø".encode() not in response.data and b"soeren" not in response.data
    assert audit_actions(app) == []


def test_unknown_form_is_404(app, staff_client):
    assert staff_client.get("/staff/f/findes-ikke/eksport.xlsx").status_code == 404
