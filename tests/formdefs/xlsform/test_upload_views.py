"""The staff pages: download a form as XLSForm, upload a workbook (the form's own, one from
KoboToolbox, a broken one), the template; and a KoboToolbox form taking a real sign-up."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from intake.extensions import db
from intake.formdefs import store
from intake.formdefs.xlsform import read_workbook
from intake.staff.models import AuditEntry
from intake.staff.roles import Role
from tests.conftest import ROOT
from tests.formdefs.xlsform.conftest import fixture_bytes
from tests.staff.conftest import copy_seed_forms, create_staff, log_in
from tests.staff.editor.conftest import seed_store
from tests.support.htmlform import RenderedForm
from tests.support.shipped import shipped_version
from tests.support.signups import apply, field_errors, page, signups

PAGE = "/staff/skemaer/netvaerksmesse/regneark"
DOWNLOAD = "/staff/skemaer/netvaerksmesse/regneark.xlsx"
NEW = "/staff/skemaer/regneark"
TEMPLATE = "/staff/skemaer/regneark/skabelon.xlsx"
V = shipped_version("netvaerksmesse")


@pytest.fixture
def app(make_app, tmp_path):
    app = make_app(FORMS_DIR=str(copy_seed_forms(tmp_path)))
    seed_store(app)
    return app


@pytest.fixture
def staff(app):
    create_staff(app, email="skema@hedensted.dk", roles={Role.FORMS})
    client = app.test_client()
    assert log_in(client, email="skema@hedensted.dk").status_code == 303
    return client


def draft(app, slug: str) -> store.Draft:
    with app.app_context():
        return store.get_draft(slug)


def upload_page(client, url: str) -> RenderedForm:
    """The page's upload form (the staff header has a form of its own: log out)."""
    html = client.get(url).get_data(as_text=True)
    for index in range(html.count("<form")):
        form = RenderedForm(html, form_index=index)
        if "file" in form.names:
            return form
    raise AssertionError("no upload form on " + url)


def post_file(client, url: str, data: bytes, name: str = "skema.xlsx"):
    form = upload_page(client, url)
    payload = form.data()
    payload["file"] = (io.BytesIO(data), name)
    return client.post(url, data=payload, content_type="multipart/form-data")


def staff_log(app) -> list[str]:
    from intake.staff.audit_text import describe

    with app.test_request_context():
        return [describe(e) for e in db.session.scalars(sa.select(AuditEntry))]


def actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def test_download_the_draft_and_a_version(app, staff):
    response = staff.get(DOWNLOAD)
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    assert "netvaerksmesse-kladde.xlsx" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store, private"
    with app.test_request_context():
        assert read_workbook(response.data).mapping == draft(app, "netvaerksmesse").mapping
    version = staff.get(DOWNLOAD + f"?version={V}")
    assert version.status_code == 200 and f"version-{V}" in version.headers["Content-Disposition"]
    assert staff.get(DOWNLOAD + "?version=9").status_code == 404
    assert staff.get("/staff/skemaer/findes-ikke/regneark.xlsx").status_code == 404
    assert actions(app).count("form.xlsform_download") == 2
    log = staff_log(app)
    assert "Hentede kladden til skemaet netvaerksmesse som regneark (XLSForm)" in log
    assert f"Hentede version {V} af skemaet netvaerksmesse som regneark (XLSForm)" in log


def test_page_links_downloads_and_template(app, staff):
    text = staff.get(PAGE).get_data(as_text=True)
    assert DOWNLOAD in text and DOWNLOAD + f"?version={V}" in text and TEMPLATE in text
    assert 'class="button button-primary"' in text and 'class="form-input"' in text
    listing = staff.get(NEW).get_data(as_text=True)
    assert PAGE in listing and "/staff/skemaer/samarbejdsgruppe/regneark" in listing
    template = staff.get(TEMPLATE)
    assert template.status_code == 200
    assert template.data == (ROOT / "forms" / "skabelon.xlsx").read_bytes()


def test_changed_workbook_becomes_the_draft(app, staff):
    before = draft(app, "netvaerksmesse")
    workbook = load_workbook(io.BytesIO(staff.get(DOWNLOAD).data))
    survey = workbook["survey"]
    headers = [c.value for c in survey[1]]
    for row in survey.iter_rows(min_row=2):
        if row[1].value == "branche":
            row[headers.index("label::Dansk (da)")].value = "Hvilken branche er I i?"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = post_file(staff, PAGE, buffer.getvalue())
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/staff/skemaer/netvaerksmesse")
    after = draft(app, "netvaerksmesse")
    assert after.revision > before.revision and after.updated_by == "skema@hedensted.dk"
    branche = next(f for f in after.mapping["fields"] if f["key"] == "branche")
    assert branche["label"] == {"da": "Hvilken branche er I i?", "en": "Trade / industry"}
    assert "Gemte et regneark (XLSForm) som kladde til skemaet netvaerksmesse" in staff_log(app)
    with app.app_context():
        assert store.versions("netvaerksmesse")[0].version == V  # not published by an upload


def test_broken_workbook_is_reported_and_nothing_is_saved(app, staff):
    before = draft(app, "netvaerksmesse")
    response = post_file(staff, NEW, fixture_bytes("broken.xlsx"))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert 'class="alert alert-error"' in text
    assert "Arket «survey», række 3, kolonne «type»: typen «geopoint»" in text
    assert "Arket «survey», række 9, kolonne «appearance»" in text
    assert "række 7" in text and "nøglen bruges to gange" in text  # the checker's report
    with app.app_context():
        assert [f.slug for f in store.list_forms()].count("fejl-skema") == 0
    assert draft(app, "netvaerksmesse").revision == before.revision
    assert "form.xlsform_upload" not in actions(app)


def test_other_forms_workbook_is_refused_on_this_form(app, staff):
    data = staff.get("/staff/skemaer/samarbejdsgruppe/regneark.xlsx").data
    response = post_file(staff, PAGE, data)
    assert response.status_code == 200
    assert "Arket «settings», række 2, kolonne «form_id»" in response.get_data(as_text=True)


def test_no_file_and_not_a_workbook(app, staff):
    form = upload_page(staff, PAGE)
    response = staff.post(PAGE, data=form.data(), content_type="multipart/form-data")
    assert 'class="form-error-message"' in response.get_data(as_text=True)
    assert "Vælg en fil." in response.get_data(as_text=True)
    csv = post_file(staff, PAGE, b"type,name\ntext,navn\n", "skema.csv")
    assert "tekstfil" in csv.get_data(as_text=True)


def test_someone_saved_meanwhile(app, staff):
    data = staff.get(DOWNLOAD).data
    form = upload_page(staff, PAGE)  # opened at the current revision
    with app.app_context():
        current = store.get_draft("netvaerksmesse")
        store.save_draft("netvaerksmesse", current.mapping, expected_revision=current.revision,
                         by="kollega@hedensted.dk")
        db.session.commit()
    saved = draft(app, "netvaerksmesse")
    payload = form.data()
    payload["file"] = (io.BytesIO(data), "skema.xlsx")
    response = staff.post(PAGE, data=payload, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "kollega@hedensted.dk gemte skemaet" in response.get_data(as_text=True)
    assert draft(app, "netvaerksmesse").revision == saved.revision


def test_every_route_needs_the_forms_role(app):
    create_staff(app, email="tilmeldinger@hedensted.dk", roles={Role.SIGNUPS})
    client = app.test_client()
    assert log_in(client, email="tilmeldinger@hedensted.dk").status_code == 303
    for url in (PAGE, DOWNLOAD, NEW, TEMPLATE):
        assert client.get(url).status_code == 403, url
    assert app.test_client().get(NEW).status_code in (302, 303)  # no session: to the login


def test_kobo_form_uploads_publishes_and_takes_a_sign_up(app, staff):
    response = post_file(staff, NEW, fixture_bytes("kobo_rugekasser.xlsx"), "rugekasser.xlsx")
    assert response.status_code == 303, response.get_data(as_text=True)
    created = draft(app, "rugekasser-interesse")
    assert created.mapping["privacy"]  # intake's own settings from the blank starter
    with app.app_context():
        store.publish("rugekasser-interesse", expected_revision=created.revision,
                      by="skema@hedensted.dk")
        db.session.commit()
    public = app.test_client()
    form = apply(page(public, "/f/rugekasser-interesse"), {
        "firmanavn": "Rugeæg ApS", "kontaktperson": "Karen Hansen", "ansatte": "3",
        "startdato": "2025-04-01", "har_cvr": "ja", "cvr_nummer": "13748136",
        "behov": ["kontor", "andet"], "andet_behov": "Et lille lager", "kvm": "12,5",
        "flytter_med__0__navn": "Ole", "bemaerkninger": "Gerne snart.",
    })
    answer = public.post("/f/rugekasser-interesse", data=form.data())
    assert answer.status_code == 303, field_errors(answer)
    [signup] = [s for s in signups(app) if s.form_slug == "rugekasser-interesse"]
    assert signup.answers["behov"] == ["kontor", "andet"]
    assert signup.answers["kvm"] == 12.5 and signup.answers["ansatte"] == 3
    assert signup.answers["flytter_med"] == [{"navn": "Ole"}]


def test_kobo_form_checks_its_ranges_and_conditions(app, staff):
    post_file(staff, NEW, fixture_bytes("kobo_rugekasser.xlsx"))
    with app.app_context():
        store.publish("rugekasser-interesse",
                      expected_revision=store.get_draft("rugekasser-interesse").revision,
                      by="skema@hedensted.dk")
        db.session.commit()
    public = app.test_client()
    form: RenderedForm = apply(page(public, "/f/rugekasser-interesse"), {
        "firmanavn": "Rugeæg ApS", "kontaktperson": "Karen Hansen", "ansatte": "501",
        "har_cvr": "ja", "cvr_nummer": "1234", "behov": ["kontor"],
    })
    errors = field_errors(public.post("/f/rugekasser-interesse", data=form.data()))
    assert "500" in errors["ansatte"]
    assert errors["cvr_nummer"] == "Et CVR-nummer har 8 cifre"


def test_kobo_questions_onto_an_existing_form_keep_its_settings(app, staff):
    from intake.formdefs import starters

    with app.app_context():
        store.create_form(starters.new_from_starter("blank", "nytaarskur", "Nytårskur"),
                          by="test")
        db.session.commit()
    before = draft(app, "nytaarskur").mapping
    response = post_file(staff, "/staff/skemaer/nytaarskur/regneark",
                         fixture_bytes("kobo_rugekasser.xlsx"))
    assert response.status_code == 303, response.get_data(as_text=True)
    after = draft(app, "nytaarskur").mapping
    assert after["slug"] == "nytaarskur"
    assert after["title"] == "Interesse for de nye Rugekasser"
    assert [f["key"] for f in after["fields"]][:3] == ["velkommen", "virksomhed", "firmanavn"]
    for key in ("privacy", "notify", "retention_days", "kind"):
        assert after[key] == before[key], key


def test_kept_settings_that_no_longer_fit_are_reported(app, staff):
    """netvaerksmesse's capacity, eligibility and identity name its own fields."""
    response = post_file(staff, PAGE, fixture_bytes("kobo_rugekasser.xlsx"))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "I skemaets egne indstillinger (de står ikke i regnearket; ret dem i editoren): " \
           "capacity: &#39;people&#39; skal nævne et repeat-felt" in text
    assert "form_id «rugekasser-interesse» bruges ikke" in text
