"""Staff download of an attached file: role-checked, always an attachment, nosniff, the
detected content type; never reachable for the public; and the workbook lists the files."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa
from openpyxl import load_workbook

from intake.extensions import db
from intake.files.models import UploadedFile
from intake.staff.models import AuditEntry
from intake.staff.roles import ALL_ROLES, Role
from tests.files.conftest import upload
from tests.staff.conftest import create_staff, log_in
from tests.support.files import PDF, made


def _file_ids(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(sa.select(UploadedFile.id).order_by(UploadedFile.id)))


def test_staff_download_headers(app, staff_client):
    reference = upload(app, [("Handlingsplan for Ærø & Østjylland.pdf", PDF)])
    (file_id,) = _file_ids(app)
    response = staff_client.get(f"/staff/filer/{file_id}")
    assert response.status_code == 200
    assert response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store, private"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert ("filename*=UTF-8''Handlingsplan%20for%20%C3%86r%C3%B8%20&%20%C3%98stjylland.pdf"
            in disposition)
    assert 'filename="Handlingsplan for Aeroe & Oestjylland.pdf"' in disposition
    with app.app_context():
        entry = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "file.download")).one()
        assert entry.target == f"signup:{reference}"
        assert entry.details == {"file": file_id, "field": "plan", "form": "handlingsplan"}


def test_the_type_is_the_detected_one(app, staff_client):
    upload(app, [("billede.png", made("png")), ("foto.jpeg", made("jpeg"))])
    png, jpeg = _file_ids(app)
    assert staff_client.get(f"/staff/filer/{png}").headers["Content-Type"] == "image/png"
    assert staff_client.get(f"/staff/filer/{jpeg}").headers["Content-Type"] == "image/jpeg"


def test_only_staff_with_the_signups_role_get_a_file(app):
    upload(app, [("plan.pdf", PDF)])
    (file_id,) = _file_ids(app)
    public = app.test_client()
    response = public.get(f"/staff/filer/{file_id}")
    assert response.status_code in (302, 303, 401) and response.data != PDF
    create_staff(app, email="gdpr@hedensted.dk", roles=ALL_ROLES - {Role.SIGNUPS})
    other = app.test_client()
    assert log_in(other, email="gdpr@hedensted.dk").status_code == 303
    assert other.get(f"/staff/filer/{file_id}").status_code == 403


def test_an_unknown_file_is_not_found(app, staff_client):
    assert staff_client.get("/staff/filer/999").status_code == 404


def test_no_public_url_serves_the_uploads(app):
    upload(app, [("plan.pdf", PDF)])
    with app.app_context():
        name = db.session.scalar(sa.select(UploadedFile.storage_name))
    client = app.test_client()
    for url in (f"/static/{name}", f"/uploads/{name}", f"/static/../filer/{name}"):
        assert client.get(url).status_code == 404


def test_the_workbook_lists_names_and_staff_links(app, staff_client):
    reference = upload(app, [("plan.pdf", PDF), ("tal.xlsx", made("xlsx"))])
    first, second = _file_ids(app)
    response = staff_client.get("/staff/f/handlingsplan/eksport.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    headers = rows[0]
    (row,) = [r for r in rows[1:] if reference in r]
    names = row[headers.index("Handlingsplan")]
    assert names == "plan.pdf, tal.xlsx" and isinstance(names, str)
    # One real hyperlink per file (the field takes two), showing the file's name.
    (line,) = [r for r in sheet.iter_rows(min_row=2) if reference in [c.value for c in r]]
    cells = [line[headers.index(f"Handlingsplan (link {n})")] for n in (1, 2)]
    assert [c.value for c in cells] == ["plan.pdf", "tal.xlsx"]
    assert [c.hyperlink.target for c in cells] == [
        f"https://intake.example.dk/staff/filer/{first}",
        f"https://intake.example.dk/staff/filer/{second}"]


def test_the_csv_lists_each_link_as_its_address(app, staff_client):
    reference = upload(app, [("plan.pdf", PDF)])
    (first,) = _file_ids(app)
    response = staff_client.get("/staff/f/handlingsplan/eksport.csv?adskiller=komma")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    headers = rows[0]
    (row,) = [r for r in rows[1:] if reference in r]
    assert row[headers.index("Handlingsplan (link 1)")] == (
        f"https://intake.example.dk/staff/filer/{first}")


def test_the_staff_signup_page_links_each_file(app, staff_client):
    reference = upload(app, [("plan.pdf", PDF), ("foto.png", made("png"))])
    first, second = _file_ids(app)
    page = staff_client.get(f"/staff/t/{reference}").get_data(as_text=True)
    assert "Vedhæftede filer" in page
    assert f'<a href="/staff/filer/{first}">plan.pdf</a> (PDF)' in page
    assert f'<a href="/staff/filer/{second}">foto.png</a> (PNG-billede)' in page
    assert "Handlingsplan" in page and "plan.pdf, foto.png" in page  # the answer itself


def test_staff_add_a_signup_with_its_file_by_hand(app, staff_client):
    from tests.support.forms_on_page import form_posting_to

    url = "/staff/f/handlingsplan/ny"
    page = staff_client.get(url).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    data = form_posting_to(page, url).fill(navn="Bo Berg", email="bo@firma.dk").data()
    data.setlist("plan", [(io.BytesIO(PDF), "Bos plan.pdf")])
    response = staff_client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        row = db.session.scalars(sa.select(UploadedFile)).one()
        assert row.name == "Bos plan.pdf" and row.signup.answers["plan"][0]["id"] == row.id
