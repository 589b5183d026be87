"""Staff make, publish and delete inspiration sheets (issue 14 §3) through the rendered pages:
a PDF checked by content with the file field's Danish messages, what was typed kept, the
file on disk in step with the transaction, and every action in the audit log."""

from __future__ import annotations

import hashlib
import re

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.inspiration.models import InspirationSheet
from intake.staff.models import AuditEntry
from tests.inspiration.conftest import (
    INDEX,
    new_sheet,
    post_sheet,
    publish,
    sheet,
    stored,
)
from tests.staff.conftest import create_staff, log_in
from tests.support.files import PDF, made
from tests.support.forms_on_page import form_posting_to
from tests.support.signups import field_errors

TYPED = {"focus_area": "baeredygtige", "title": "Grøn omstilling i små virksomheder",
         "description": "Erfaringer fra tre virksomheder."}


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(InspirationSheet))


def _actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEntry.action).where(
            AuditEntry.action.like("inspiration.%")).order_by(AuditEntry.id)))


def test_a_good_pdf_is_stored_unpublished_and_listed(app, staff_client):
    sheet_id = new_sheet(staff_client, file=("Lærlinge i Hedensted.pdf", PDF))
    row = sheet(app, sheet_id)
    assert row.title == "Sådan fastholder vi lærlinge" and row.focus_area.value == "arbejdsliv"
    assert row.description == "Tre gode råd." and row.file_name == "Lærlinge i Hedensted.pdf"
    assert row.size == len(PDF) and row.sha256 == hashlib.sha256(PDF).hexdigest()
    assert not row.is_published and row.published_at is None and row.created_by is not None
    assert stored(app) == [row.storage_name] and re.fullmatch(r"[0-9a-f]{64}", row.storage_name)
    page = staff_client.get(INDEX).get_data(as_text=True)
    assert "Sådan fastholder vi lærlinge" in page and "Ikke offentlig" in page
    assert staff_client.get(f"/erhvervspolitik/inspiration/{sheet_id}").status_code == 404
    assert _actions(app) == ["inspiration.create"]


def test_the_form_is_multipart_and_in_the_menu(staff_client):
    page = staff_client.get("/staff/inspiration/nyt").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert re.search(r'<input[^>]*accept="\.pdf,application/pdf"[^>]*type="file"', page)
    assert "Kun PDF. Højst 20 MB." in page
    assert 'href="/staff/inspiration/"' in staff_client.get("/staff/").get_data(as_text=True)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("plan.pdf", made("png"), "«plan.pdf» er ikke en af de filtyper, vi tager imod (PDF)"),
    ("plan.pdf", made("docx"), "«plan.pdf» er ikke en af de filtyper, vi tager imod (PDF)"),
    ("plan.pdf", b"", "«plan.pdf» er tom. Vælg filen igen."),
    ("plan.pdf", PDF + b"0" * (20 * 1024 * 1024), "«plan.pdf» er for stor. En fil må højst fylde "
     "20 MB."),
    ("../../etc/plan.pdf", PDF, "Filnavnet må ikke indeholde mapper eller skråstreger"),
    ("plan.pdf.exe", PDF, "Filnavnet har en endelse, vi ikke tager imod"),
    ("plan.php.pdf", PDF, "Filnavnet har en endelse, vi ikke tager imod"),
    ("plan\u202efdp.exe", PDF, "Filnavnet indeholder usynlige styretegn"),
    ("plan\x07.pdf", PDF, "Filnavnet indeholder usynlige styretegn"),
    (".plan.pdf", PDF, "Filnavnet må ikke begynde med et punktum"),
    ("plan.png", PDF, "Filens indhold passer ikke med endelsen .png (indholdet er PDF)"),
], ids=["png-named-pdf", "docx-named-pdf", "empty", "too-big", "path", "double-ending",
        "php-inside", "rtl-override", "control", "dot-first", "wrong-ending"])
def test_a_refused_file_gets_a_danish_message_and_the_typed_text_stays(
        app, staff_client, name, content, message):
    response = post_sheet(staff_client, file=(name, content), **TYPED)
    assert response.status_code == 400
    errors = field_errors(response)
    assert message in errors.get("file", ""), errors
    assert set(errors) == {"file"}
    page = response.get_data(as_text=True)
    assert "Inspirationsarket er ikke gemt" in page and 'href="#file"' in page
    form = form_posting_to(page, "/staff/inspiration/nyt")
    assert form.values["title"] == [TYPED["title"]]
    assert [v.strip() for v in form.values["description"]] == [TYPED["description"]]
    assert form.values["focus_area"] == ["baeredygtige"]
    assert _count(app) == 0 and stored(app) == []


def test_a_missing_file_and_title_are_named_next_to_their_fields(app, staff_client):
    response = post_sheet(staff_client, title="", description="Kun tekst")
    assert response.status_code == 400
    errors = field_errors(response)
    assert errors["file"] == "Vælg PDF-filen med inspirationsarket."
    assert errors["title"].startswith("Skriv en titel")
    assert errors["focus_area"] == "Vælg det fokusområde, arket hører til."
    assert _count(app) == 0


def test_a_good_file_with_an_error_elsewhere_asks_to_choose_it_again(app, staff_client):
    response = post_sheet(staff_client, file=("ark.pdf", PDF), focus_area="rammer", title="")
    assert response.status_code == 400
    assert "Du valgte ark.pdf. Vælg filen igen" in response.get_data(as_text=True)
    assert stored(app) == []


def test_a_pdf_far_over_its_limit_is_refused_by_the_field_and_the_text_stays(
        app, staff_client):
    """Up to UPLOAD_REQUEST_CEILING_MB the body is read and the file refused next to the
    field (intake.uploads.request.allow_upload), not by the 413 page that loses the text."""
    response = post_sheet(staff_client, file=("stor.pdf", PDF + b"0" * (30 * 1024 * 1024)),
                          **TYPED)
    assert response.status_code == 400
    assert "«stor.pdf» er for stor" in field_errors(response)["file"]
    form = form_posting_to(response.get_data(as_text=True), "/staff/inspiration/nyt")
    assert form.values["title"] == [TYPED["title"]]
    assert _count(app) == 0 and stored(app) == []


def test_over_the_ceiling_is_the_danish_413_page(make_app, forms_dir, tmp_path):
    app = make_app(FORMS_DIR=str(forms_dir), UPLOADS_DIR=str(tmp_path / "filer"),
                   UPLOAD_REQUEST_CEILING_MB=1)  # the body limit is then the PDF's 20 + 1 MB
    create_staff(app, email="ark@hedensted.dk")
    client = app.test_client()
    assert log_in(client, email="ark@hedensted.dk").status_code == 303
    response = post_sheet(client, file=("stor.pdf", PDF + b"0" * (22 * 1024 * 1024)), **TYPED)
    assert response.status_code == 413
    assert "21 MB" in response.get_data(as_text=True)
    assert _count(app) == 0 and stored(app) == []


def test_publish_then_the_public_download_is_an_attachment(app, staff_client, client):
    sheet_id = new_sheet(staff_client, file=("Grøn omstilling – tjekliste.pdf", PDF))
    response = publish(staff_client, sheet_id)
    assert response.status_code == 303
    row = sheet(app, sheet_id)
    assert row.is_published and row.published_at is not None and row.published_by is not None

    download = client.get(f"/erhvervspolitik/inspiration/{sheet_id}")
    assert download.status_code == 200
    assert download.get_data() == PDF
    headers = download.headers
    assert headers["Content-Type"] == "application/pdf"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Disposition"] == (
        "attachment; filename=\"Groen omstilling  tjekliste.pdf\"; "
        "filename*=UTF-8''Gr%C3%B8n%20omstilling%20%E2%80%93%20tjekliste.pdf")
    assert headers["Cache-Control"] == "public, no-cache"  # unpublishing works at once
    assert "Set-Cookie" not in headers
    assert _actions(app) == ["inspiration.create", "inspiration.publish"]

    page = staff_client.get(INDEX).get_data(as_text=True)
    form = form_posting_to(page, f"/staff/inspiration/{sheet_id}/skjul")
    assert staff_client.post(form.action, data=form.data()).status_code == 303
    assert client.get(f"/erhvervspolitik/inspiration/{sheet_id}").status_code == 404
    assert not sheet(app, sheet_id).is_published
    assert _actions(app)[-1] == "inspiration.unpublish"


def test_unknown_and_unpublished_sheets_are_404_publicly(app, staff_client, client):
    sheet_id = new_sheet(staff_client)
    for url in (f"/erhvervspolitik/inspiration/{sheet_id}", "/erhvervspolitik/inspiration/999"):
        response = client.get(url)
        assert response.status_code == 404
        assert "attachment" not in response.headers.get("Content-Disposition", "")


def test_staff_download_of_an_unpublished_sheet(app, staff_client, client):
    sheet_id = new_sheet(staff_client, file=("udkast.pdf", PDF))
    response = staff_client.get(f"/staff/inspiration/{sheet_id}/hent")
    assert response.status_code == 200 and response.get_data() == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store, private"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith('attachment; filename=udkast.pdf')
    # Not for someone without the goals role, nor for a stranger.
    create_staff(app, email="tilmeldinger@hedensted.dk", roles={"signups"})
    other = app.test_client()
    log_in(other, email="tilmeldinger@hedensted.dk")
    assert other.get(f"/staff/inspiration/{sheet_id}/hent").status_code == 403
    assert client.get(f"/staff/inspiration/{sheet_id}/hent").status_code in (302, 303)


def test_edit_keeps_the_file_unless_a_new_one_is_chosen(app, staff_client):
    sheet_id = new_sheet(staff_client, file=("v1.pdf", PDF))
    first = sheet(app, sheet_id).storage_name
    url = f"/staff/inspiration/{sheet_id}/"
    response = post_sheet(staff_client, url, title="Ny titel", focus_area="rammer")
    assert response.status_code == 303
    row = sheet(app, sheet_id)
    assert (row.title, row.focus_area.value, row.storage_name) == ("Ny titel", "rammer", first)

    refused = post_sheet(staff_client, url, file=("v2.pdf", made("png")), title="Igen")
    assert refused.status_code == 400 and "«v2.pdf» er ikke en af" in field_errors(refused)["file"]
    assert sheet(app, sheet_id).title == "Ny titel" and stored(app) == [first]

    second_pdf = PDF.replace(b"%%EOF", b"% version 2\n%%EOF")
    response = post_sheet(staff_client, url, file=("v2.pdf", second_pdf))
    assert response.status_code == 303
    row = sheet(app, sheet_id)
    assert row.file_name == "v2.pdf" and row.sha256 == hashlib.sha256(second_pdf).hexdigest()
    assert stored(app) == [row.storage_name] != [first]  # the old file left after the commit
    assert _actions(app) == ["inspiration.create", "inspiration.update", "inspiration.update"]


def test_delete_asks_first_then_removes_the_row_and_the_file(app, staff_client, client):
    sheet_id = new_sheet(staff_client)
    publish(staff_client, sheet_id)
    name = sheet(app, sheet_id).storage_name
    page = staff_client.get(INDEX).get_data(as_text=True)
    form = form_posting_to(page, f"/staff/inspiration/{sheet_id}/slet")
    confirm = staff_client.post(form.action, data=form.data())
    assert confirm.status_code == 200
    text = confirm.get_data(as_text=True)
    assert "Slet inspirationsark: Sådan fastholder vi lærlinge" in text
    assert "det forsvinder fra den offentlige side" in text
    assert sheet(app, sheet_id) is not None and stored(app) == [name]

    confirmed = form_posting_to(text, f"/staff/inspiration/{sheet_id}/slet")
    response = staff_client.post(confirmed.action, data=confirmed.data())
    assert response.status_code == 303
    assert sheet(app, sheet_id) is None and stored(app) == []
    assert client.get(f"/erhvervspolitik/inspiration/{sheet_id}").status_code == 404
    assert _actions(app)[-1] == "inspiration.delete"
    audit = staff_client.get("/staff/log/").get_data(as_text=True)
    assert "Slettede inspirationsarket «Sådan fastholder vi lærlinge» (Det gode arbejdsliv)" \
        in audit


def test_a_failed_delete_keeps_the_file(app, staff_client):
    """The file goes only after the commit: a rolled-back deletion leaves it on disk."""
    from intake.inspiration import service

    sheet_id = new_sheet(staff_client)
    name = sheet(app, sheet_id).storage_name
    with app.test_request_context():
        service.delete(service.get(sheet_id))
        db.session.rollback()
    assert stored(app) == [name] and sheet(app, sheet_id) is not None


def test_a_rolled_back_upload_leaves_no_file(app):
    from intake.formdefs.types.file import Checked
    from intake.goals.models import FocusArea
    from intake.inspiration import service

    with app.test_request_context():
        service.create(area=FocusArea.RAMMER, title="x", description="",
                       file=Checked("x.pdf", "pdf", PDF), staff_id=None)
        db.session.rollback()
    assert stored(app) == [] and _count(app) == 0
