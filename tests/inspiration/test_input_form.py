"""The shipped form `inspiration` ("Giv input til et inspirationsark"): businesses send
their input, optionally with a file; staff see the inputs as ordinary sign-ups (issue 14 §3)."""

from __future__ import annotations

import io
import shutil

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from intake.extensions import db
from intake.files.models import UploadedFile
from intake.formdefs.registry import FormRegistry
from intake.outbox.models import OutboxMessage
from intake.signups.models import Signup
from tests.conftest import ROOT, open_form
from tests.inspiration.conftest import stored
from tests.support.files import PDF, made
from tests.support.signups import field_errors

URL = "/f/inspiration"
TYPED = {"omraade": "baeredygtige", "input": "Vi deler overskudsvarme med naboen.",
         "navn": "Anne Møller", "email": "anne@firma.dk", "organisation": "Firma ApS"}


@pytest.fixture
def app(make_app, forms_dir, tmp_path, smtp_server):
    shutil.copy(ROOT / "forms" / "samarbejdsgruppe.yaml", forms_dir)
    return make_app(FORMS_DIR=str(forms_dir), UPLOADS_DIR=str(tmp_path / "filer"))


def _post(client, file: tuple[str, bytes] | None = None, **typed):
    data = open_form(client, URL).fill(**(TYPED | typed)).data()
    data.pop("fil", None)
    if file is not None:
        data.add("fil", (io.BytesIO(file[1]), file[0]))
    return client.post(URL, data=data, content_type="multipart/form-data")


def test_the_shipped_form_loads_and_is_listed(client):
    forms, problems = FormRegistry.check_dir(ROOT / "forms")
    assert problems == [] and "inspiration" in forms
    definition = forms["inspiration"]
    area = next(f for f in definition.fields if f.key == "omraade")
    assert [o.code for o in area.options] == ["arbejdsliv", "erhvervsliv", "baeredygtige",
                                               "rammer"]
    index = client.get("/").get_data(as_text=True)
    assert "Giv input til et inspirationsark" in index and 'href="/f/inspiration"' in index
    page = client.get(URL).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and "Det bæredygtige" in page


def test_input_with_a_pdf_end_to_end(app, client, staff_client):
    response = _post(client, file=("Vores erfaringer.pdf", PDF), cvr="13748136")
    assert response.status_code == 303, field_errors(response)
    reference = response.headers["Location"].rsplit("/", 1)[1]
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert reference in receipt and "Vores erfaringer.pdf" in receipt
    # An input, not a seat: the receipt and the mail thank for an answer.
    assert "Tak for dit svar" in receipt and "Vi har modtaget dit svar." in receipt
    assert "Din plads er bekræftet" not in receipt and "Tak for din tilmelding" not in receipt

    with app.app_context():
        signup = db.session.scalar(sa.select(Signup).where(Signup.reference == reference))
        assert signup.form_slug == "inspiration" and signup.answers["omraade"] == "baeredygtige"
        [row] = db.session.scalars(sa.select(UploadedFile)).all()
        assert row.signup_id == signup.id and row.name == "Vores erfaringer.pdf"
        assert signup.answers["fil"] == [row.reference()]
        file_id = row.id
    assert len(stored(app)) == 1

    with app.app_context():
        subjects = {m.subject: m.recipients for m in db.session.scalars(sa.select(OutboxMessage))}
    assert subjects[f"Tak for dit input til et inspirationsark ({reference})"] == [
        "anne@firma.dk"]
    with app.app_context():
        mail = db.session.scalar(sa.select(OutboxMessage).where(
            OutboxMessage.subject.startswith("Tak for dit input")))
        assert "Status:" not in mail.body_text and "bekræftet" not in mail.body_text
        assert "Status:" not in mail.body_html and "Tak for dit input om" in mail.body_text

    # Staff see the input as an ordinary sign-up, with the file.
    listing = staff_client.get("/staff/f/inspiration/tilmeldinger").get_data(as_text=True)
    assert reference in listing
    download = staff_client.get(f"/staff/filer/{file_id}")
    assert download.status_code == 200 and download.get_data() == PDF
    workbook = staff_client.get("/staff/f/inspiration/eksport.xlsx")
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.get_data())).worksheets[0]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Vores erfaringer.pdf" in cells and "Det bæredygtige" in cells
    links = [c.hyperlink.target for row in sheet.iter_rows() for c in row if c.hyperlink]
    assert links == [f"https://intake.example.dk/staff/filer/{file_id}"]


def test_input_without_a_file_is_fine(app, client):
    response = _post(client)
    assert response.status_code == 303, field_errors(response)
    assert stored(app) == []


def test_a_refused_file_keeps_the_rest_of_the_answer(app, client):
    response = _post(client, file=("program.pdf.exe", made("png")))
    assert response.status_code == 200
    assert "Filnavnet har en endelse" in field_errors(response)["fil"]
    form = open_form_from(response)
    assert form.values["navn"] == ["Anne Møller"]
    assert form.values["omraade"] == ["baeredygtige"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Signup)) == 0
    assert stored(app) == []


def open_form_from(response):
    from tests.support.htmlform import RenderedForm

    return RenderedForm(response.get_data(as_text=True))


def test_the_news_consent_names_the_focus_area(app, client):
    """Ticking "Ja tak, send mig nyt" stores the consent (contract C1) and the consents
    service keeps it with the input's focus area, the filter of a news sending (C2)."""
    from intake.consents.models import Consent
    from intake.formdefs.types.consent import is_given

    form = open_form(client, URL)
    [value] = form.options("nyheder")
    response = _post(client, nyheder=value)
    assert response.status_code == 303, field_errors(response)
    with app.app_context():
        signup = db.session.scalar(sa.select(Signup))
        answer = signup.answers["nyheder"]
        assert is_given(answer)
        assert answer["wording"] == "Ja tak, send mig nyt fra Hedensted Erhverv"
        [consent] = db.session.scalars(sa.select(Consent)).all()
        assert consent.email == "anne@firma.dk" and consent.form_slug == "inspiration"
        assert consent.focus_areas == ["baeredygtige"] and consent.is_current
