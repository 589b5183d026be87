"""The GDPR staff pages: find, access workbook, erase with confirmation, deletion log."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import sqlalchemy as sa

from intake.clock import LOCAL
from intake.extensions import db
from intake.gdpr.models import DeletionLog
from intake.outbox.service import enqueue
from intake.signups.models import Signup
from intake.staff.models import AuditEntry
from tests.conftest import open_form
from tests.exports.factory import FULL_ANSWERS, add_signup
from tests.support.forms_on_page import form_posting_to

PERSONAL = ("soeren", "Søren", "Ærø", "01234567")
FRIDAY_SIGNUP = datetime(2026, 11, 20, 10, 0, tzinfo=LOCAL)  # 4 December is offered then


def search(client, query):
    form = form_posting_to(client.get("/staff/gdpr/").get_data(as_text=True), "/staff/gdpr/")
    form.fill(q=query)
    return client.post("/staff/gdpr/", data=form.data())


def gdpr_audit(app):
    with app.app_context():
        return [
            (e.action, e.target, e.details)
            for e in db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))
            if e.action.startswith("gdpr.")
        ]


def test_the_menu_has_gdpr(app, staff_client):
    page = staff_client.get("/staff/").get_data(as_text=True)
    assert 'href="/staff/gdpr/"' in page


def test_find_shows_everything_about_the_person(app, staff_client):
    reference = add_signup(app, "eksport", FULL_ANSWERS)
    response = search(staff_client, "Soeren@Example.dk")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert reference in page and "Søren Ærø" in page
    assert "Hent alt som regneark" in page and "Vis, hvad der slettes" in page
    # One sign-up with many answers counts as one sign-up, and mail kinds and states read Danish.
    assert "<li><strong>1</strong>Tilmeldinger</li>" in page
    assert "Bekræftelse af tilmelding" in page and "signup_received" not in page
    [(action, target, details)] = gdpr_audit(app)
    assert (action, target, details) == ("gdpr.find", None, {"kind": "email"})


def test_a_bad_query_gets_a_danish_message_and_keeps_the_text(app, staff_client):
    response = search(staff_client, "ikke-en-adresse")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Skriv en e-mailadresse eller et telefonnummer" in page
    assert 'value="ikke-en-adresse"' in page
    assert 'aria-invalid="true"' in page


def test_access_workbook_download(app, staff_client):
    reference = add_signup(app, "eksport", FULL_ANSWERS)
    page = search(staff_client, "01 23 45 67").get_data(as_text=True)
    form = form_posting_to(page, "/staff/gdpr/indsigt")
    response = staff_client.post("/staff/gdpr/indsigt", data=form.data())
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=indsigt.xlsx; filename*=UTF-8''indsigt.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert reference in {
        row[0] for row in book["Tilmeldinger"].iter_rows(min_row=2, values_only=True)
    }
    assert [a[0] for a in gdpr_audit(app)] == ["gdpr.find", "gdpr.access_export"]


def _erase_preview(client, query="soeren@example.dk"):
    page = search(client, query).get_data(as_text=True)
    form = form_posting_to(page, "/staff/gdpr/slet")
    return client.post("/staff/gdpr/slet", data=form.data())


def test_erasure_shows_what_goes_first_and_needs_the_confirmation_box(app, staff_client):
    reference = add_signup(app, "eksport", FULL_ANSWERS)
    preview = _erase_preview(staff_client)
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    # Counted per kind, one sign-up is one sign-up (not a row per answer).
    assert "Tilmeldinger slettes med alle svar: 1" in html
    assert "Pladser og ventelistepladser slettes: 1" in html and "Mails slettes:" in html
    with app.app_context():
        # the preview changed nothing
        assert db.session.scalar(sa.select(Signup.reference)) == reference
        assert db.session.scalar(sa.select(sa.func.count(DeletionLog.id))) == 0
    form = form_posting_to(html, "/staff/gdpr/slet")
    response = staff_client.post("/staff/gdpr/slet", data=form.data())  # no tick
    assert response.status_code == 400
    assert "Sæt kryds for at bekræfte sletningen." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Signup.reference)) == reference
    assert [a[0] for a in gdpr_audit(app)] == ["gdpr.find"]


def test_erasure_from_the_page(app, staff_client, staff_user):
    add_signup(app, "eksport", FULL_ANSWERS)
    form = form_posting_to(_erase_preview(staff_client).get_data(as_text=True), "/staff/gdpr/slet")
    form.fill(confirm="y")
    response = staff_client.post("/staff/gdpr/slet", data=form.data())
    assert response.status_code == 303 and response.headers["Location"].endswith(
        "/staff/gdpr/sletninger"
    )
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Signup.id))) == 0
        entry = db.session.scalar(sa.select(DeletionLog))
        assert entry.staff_user_id == staff_user
    log_page = staff_client.get("/staff/gdpr/sletninger").get_data(as_text=True)
    assert "Alt om personen er slettet" in log_page
    assert "Anmodning om sletning" in log_page and "tilmeldinger: 1" in log_page
    for personal in PERSONAL:
        assert personal not in log_page
    actions = gdpr_audit(app)
    assert [a[0] for a in actions] == ["gdpr.find", "gdpr.erase"]
    assert actions[1][1] == f"deletion:{entry.entry_id}"
    for personal in PERSONAL:
        assert personal not in str(actions)
    audit_page = staff_client.get("/staff/log/").get_data(as_text=True)
    assert (
        "Søgte en person frem på e-mail" in audit_page
        and "Slettede alt om en person: " in audit_page
    )
    assert (
        "gdpr.find" not in audit_page.replace('value="gdpr.find"', "")
        and "kind: email" not in audit_page
    )


def test_erasure_confirmed_on_a_stale_preview_shows_the_new_one(app, staff_client):
    add_signup(app, "eksport", FULL_ANSWERS)
    form = form_posting_to(_erase_preview(staff_client).get_data(as_text=True), "/staff/gdpr/slet")
    with app.test_request_context():  # meanwhile, one more mail to the person
        enqueue("staff_notified", ["soeren@example.dk"], "Hej", "Tekst")
        db.session.commit()
    form.fill(confirm="y")
    response = staff_client.post("/staff/gdpr/slet", data=form.data())
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Noget har ændret sig" in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Signup.id))) == 1
    form = form_posting_to(html, "/staff/gdpr/slet")
    form.fill(confirm="y")
    assert staff_client.post("/staff/gdpr/slet", data=form.data()).status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Signup.id))) == 0


def test_erasure_without_csrf_changes_nothing(app, staff_client):
    add_signup(app, "eksport", FULL_ANSWERS)
    response = staff_client.post(
        "/staff/gdpr/slet", data={"q": "soeren@example.dk", "confirm": "y"}
    )
    assert response.status_code in (400, 403)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Signup.id))) == 1


def test_gdpr_pages_need_a_staff_session(app, client):
    add_signup(app, "eksport", FULL_ANSWERS)
    assert client.get("/staff/gdpr/").status_code == 302
    assert client.get("/staff/gdpr/sletninger").status_code == 302
    for url in ("/staff/gdpr/", "/staff/gdpr/indsigt", "/staff/gdpr/slet"):
        response = client.post(url, data={"q": "soeren@example.dk", "confirm": "y"})
        assert response.status_code in (400, 403), url
        assert "Ærø".encode() not in response.data
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Signup.id))) == 1


def test_search_page_renders_for_a_fresh_visit(app, staff_client):
    form = open_form(staff_client, "/staff/gdpr/")
    assert "csrf_token" in form.names


def test_find_names_the_date_of_a_seat(app, staff_client):
    add_signup(app, "fredag", {"datoer": ["2026-12-04"], "navn": "Søren",
                               "email": "soeren@example.dk"}, at=FRIDAY_SIGNUP)
    page = search(staff_client, "soeren@example.dk").get_data(as_text=True)
    assert "fredag 4. december 2026 kl. 08.30–10.00, Rugekassen" in page
    assert "occasion:" not in page and ">2026-12-04<" not in page
