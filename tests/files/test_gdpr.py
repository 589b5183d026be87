"""Files are personal data: GDPR find lists them, the access workbook has them, erasure and
retention delete the row and the file on disk (after the commit, never before)."""

from __future__ import annotations

import io
from datetime import timedelta

import sqlalchemy as sa
from openpyxl import load_workbook

from intake import clock
from intake.extensions import db
from intake.files import storage
from intake.files.models import UploadedFile
from intake.gdpr import service
from intake.gdpr.person import parse
from intake.signups.models import Signup
from tests.files.conftest import stored, upload
from tests.staff.conftest import csrf_of
from tests.support.files import PDF, made
from tests.support.forms_on_page import form_posting_to


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(UploadedFile.id)))


def test_find_and_access_export_list_the_files(app, staff_client):
    reference = upload(app, [("plan.pdf", PDF), ("foto.png", made("png"))])
    upload(app, [("andens.pdf", PDF)], email="bo@firma.dk")
    with app.app_context():
        report = service.find(parse("anne@firma.dk"))
        (section,) = [s for s in report.sections if s.title == "Vedhæftede filer"]
        assert [row[:6] for row in section.rows] == [
            [reference, "Send jeres handlingsplan", "Handlingsplan", "plan.pdf", "pdf", len(PDF)],
            [reference, "Send jeres handlingsplan", "Handlingsplan", "foto.png", "png",
             len(made("png"))],
        ]
        assert section.rows[0][8].startswith("https://intake.example.dk/staff/filer/")
    response = staff_client.post("/staff/gdpr/indsigt", data={
        "q": "anne@firma.dk", "csrf_token": csrf_of(staff_client, "/staff/gdpr/")})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data))["Vedhæftede filer"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["Reference", "Formular", "Spørgsmål", "Filnavn"]
    assert [r[3] for r in values[1:]] == ["plan.pdf", "foto.png"]
    assert isinstance(values[1][5], int) and values[1][5] == len(PDF)


def test_erasure_through_the_staff_page_removes_the_files_from_disk(app, staff_client):
    upload(app, [("plan.pdf", PDF), ("foto.png", made("png"))])
    upload(app, [("andens.pdf", PDF)], email="bo@firma.dk")
    assert len(stored(app)) == 3
    with app.app_context():
        kept = db.session.scalars(sa.select(UploadedFile.storage_name).join(Signup)
                                  .where(Signup.email == "bo@firma.dk")).all()
    token = csrf_of(staff_client, "/staff/gdpr/")
    page = staff_client.post("/staff/gdpr/", data={"q": "anne@firma.dk", "csrf_token": token})
    preview = staff_client.post("/staff/gdpr/slet",
                                data=form_posting_to(page.get_data(as_text=True),
                                                     "/staff/gdpr/slet").data())
    html = preview.get_data(as_text=True)
    assert "Vedhæftede filer slettes (også fra disken): 2" in html
    assert len(stored(app)) == 3  # the preview's dry run removed nothing
    form = form_posting_to(html, "/staff/gdpr/slet").fill(confirm="y")
    response = staff_client.post("/staff/gdpr/slet", data=form.data())
    assert response.status_code == 303, response.get_data(as_text=True)
    assert stored(app) == kept
    assert _count(app) == 1
    with app.app_context():
        entry = service.erase(parse("anne@firma.dk"))
        assert entry is None  # nothing left


def test_the_deletion_log_holds_no_file_name(app):
    upload(app, [("Anne Møllers plan.pdf", PDF)])
    with app.app_context():
        entry = service.erase(parse("anne@firma.dk"))
        db.session.commit()
        assert entry.counts["files"] == 1
        assert "Møller" not in str(entry.payload)
    assert stored(app) == []


def test_a_rolled_back_erasure_keeps_the_files(app):
    upload(app, [("plan.pdf", PDF)])
    with app.app_context():
        service.erase(parse("anne@firma.dk"))
        db.session.rollback()
    assert len(stored(app)) == 1 and _count(app) == 1


def test_retention_purge_removes_old_files(app, runner, frozen_clock):
    upload(app, [("plan.pdf", PDF)])
    frozen_clock(clock.now() + timedelta(days=40))
    upload(app, [("ny.pdf", PDF)], email="bo@firma.dk")
    with app.app_context():
        plan = service.purge_plan()
        service.purge(plan)
        db.session.commit()
        assert db.session.scalars(sa.select(UploadedFile.name)).all() == ["ny.pdf"]
    assert len(stored(app)) == 1


def test_a_file_written_in_a_rolled_back_transaction_is_removed(app):
    with app.app_context():
        session = db.session()
        name = storage.write(session, b"%PDF-1")
        assert storage.exists(name)
        session.rollback()
        assert not storage.exists(name)
        savepoint = session.begin_nested()
        inner = storage.write(session, b"%PDF-2")
        savepoint.rollback()
        outer = storage.write(session, b"%PDF-3")
        session.commit()
        assert not storage.exists(inner) and storage.exists(outer)


def test_storage_names_are_only_random_hex(app):
    with app.app_context():
        for bad in ("../x", "a" * 63, "A" * 64, "/etc/passwd"):
            try:
                storage.path_of(bad)
            except ValueError:
                continue
            raise AssertionError(bad)
