"""A file over the request's own limit but under UPLOAD_REQUEST_CEILING_MB (issue 14 §3): every
page with a file field (the public form, "Min tilmelding", a form invitation, staff adding a
sign-up, the follow-up questionnaire) answers 200 with the field's Danish message, everything
else typed stays and nothing is stored. Over the ceiling: the Danish 413 page naming the
request's real limit. Each page is read and its rendered form posted back, multipart."""

from __future__ import annotations

import io
import os
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from intake.clock import now
from intake.extensions import db
from intake.files.models import UploadedFile
from intake.formdefs.registry import current_registry
from intake.formdefs.types.file import request_limit
from intake.invitations import form_service
from intake.invitations.form_lists import Recipient
from intake.outbox.models import OutboxMessage
from intake.rounds.models import Invitation
from intake.signups import service as signups
from intake.signups.models import Signup
from intake.transactions import unit_of_work
from tests.support.files import PDF
from tests.support.goals import DEADLINE, FOLLOWUP_FORM, issue_token, make_round, open_link, seed
from tests.support.htmlform import RenderedForm
from tests.support.signups import field_errors

MB = 1024 * 1024
CEILING_MB = 10
FORM = """\
slug: bilag
title: Send bilag
fields:
  - {key: navn, type: text, required: true, label: Navn}
  - {key: email, type: email, required: true, label: E-mail}
  - {key: besked, type: textarea, label: Besked}
  - {key: plan, type: file, required: true, label: Handlingsplan, max_mb: 1}
confirmation: {subject: Tak, body: Tak}
retention_days: 30
privacy:
  controller: Hedensted Kommune
  purpose: Test
  legal_basis: Art. 6, stk. 1, litra e
  retention: 30 dage
  rights: Indsigt, berigtigelse, sletning
  contact: erhverv@hedensted.dk
"""
TYPED = {"navn": "Anne Møller", "email": "anne@firma.dk", "besked": "Se vores plan.\nTak!"}
TOO_BIG = "«stor.pdf» er for stor. En fil må højst fylde 1 MB. Vælg en mindre fil."


def big_pdf(size: int) -> bytes:
    return PDF + b"%" * (size - len(PDF))


@pytest.fixture
def app(make_app, tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "bilag.yaml").write_text(FORM, encoding="utf-8")
    # The follow-up form as shipped, its action plans 1 MB each so the bodies stay small.
    text = FOLLOWUP_FORM.read_text(encoding="utf-8")
    (forms / FOLLOWUP_FORM.name).write_text(
        text.replace("    max_files: 3\n", "    max_files: 3\n    max_mb: 1\n", 1),
        encoding="utf-8")
    return make_app(FORMS_DIR=str(forms), UPLOADS_DIR=str(tmp_path / "filer"),
                    UPLOAD_REQUEST_CEILING_MB=CEILING_MB)


def stored(app) -> tuple[list, list[str]]:
    """The file rows and the files on disk."""
    directory = app.config["UPLOADS_DIR"]
    with app.app_context():
        rows = list(db.session.scalars(sa.select(UploadedFile.id)))
    return rows, sorted(os.listdir(directory)) if os.path.isdir(directory) else []


def page_form(client, url: str, field: str = "plan") -> RenderedForm:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    html = response.get_data(as_text=True)
    index = next(i for i in range(html.count("<form"))
                 if field in RenderedForm(html, form_index=i).names)
    return RenderedForm(html, form_index=index)


def post(client, url: str, form: RenderedForm, content: bytes, field: str = "plan",
         filename: str = "stor.pdf", **typed):
    data = form.fill(**typed).data()
    data.setlist(field, [(io.BytesIO(content), filename)])
    return client.post(url, data=data, content_type="multipart/form-data")


def assert_kept(response, typed: dict, field: str = "plan", message: str = TOO_BIG,
                status: int = 200):
    """The page's own answer to a refused field (Min tilmelding says 400), not a 413."""
    assert response.status_code == status, response.status_code
    assert field_errors(response) == {field: message}
    again = RenderedForm(response.get_data(as_text=True), form_index=_index(response, field))
    for name, value in typed.items():
        shown = [_as_browser_reads(v) for v in again.values.get(name, [])]
        assert shown == [value], (name, shown)


def _as_browser_reads(value: str) -> str:
    """A browser drops the one line break right after <textarea> (HTML, "textarea")."""
    for start in ("\r\n", "\n"):
        if value.startswith(start):
            return value[len(start):]
    return value


def _index(response, field: str) -> int:
    html = response.get_data(as_text=True)
    return next(i for i in range(html.count("<form"))
                if field in RenderedForm(html, form_index=i).names)


def assert_413(response, limit: str):
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    main = html.split("<main", 1)[1]
    assert "Filen er for stor" in main and f"fylder mere end {limit}" in main, main[:2000]
    assert "vælg en mindre fil" in main


def sign_up(app) -> Signup:
    client = app.test_client()
    form = page_form(client, "/f/bilag")
    response = post(client, "/f/bilag", form, PDF, filename="plan.pdf", **TYPED)
    assert response.status_code == 303, field_errors(response)
    with app.app_context():
        signup = db.session.scalars(sa.select(Signup)).one()
        db.session.expunge(signup)
        return signup


def test_the_picker_carries_its_limits_and_messages_for_the_browser(client):
    html = client.get("/f/bilag").get_data(as_text=True)
    picker = re.search(r'<input[^>]*name="plan"[^>]*>', html).group(0)
    assert 'data-max-bytes="1048576"' in picker and 'data-max-files="1"' in picker
    assert ('data-too-big="«{name}» er for stor. En fil må højst fylde 1 MB. Vælg en mindre '
            'fil."') in picker
    assert 'data-too-many="Du kan kun vedhæfte én fil. Vælg den igen."' in picker
    assert 'data-error-label="Fejl"' in picker


def test_the_public_form_keeps_the_answer_when_a_file_is_over_the_request_limit(app, client):
    with app.app_context():  # plan 1 MB + 1 MB for the rest
        assert request_limit(current_registry().get("bilag")) == 2 * MB
    form = page_form(client, "/f/bilag")
    response = post(client, "/f/bilag", form, big_pdf(3 * MB), **TYPED)
    assert_kept(response, TYPED)
    assert "Du valgte" not in response.get_data(as_text=True)  # nothing to choose again
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Signup)) == 0
    assert stored(app) == ([], [])

    # Chosen again, smaller: the kept answer goes through as typed.
    again = RenderedForm(response.get_data(as_text=True), form_index=_index(response, "plan"))
    response = post(client, "/f/bilag", again, PDF)
    assert response.status_code == 303, field_errors(response)
    with app.app_context():
        signup = db.session.scalars(sa.select(Signup)).one()
        assert {k: signup.answers[k] for k in TYPED} == TYPED


def test_the_public_form_over_the_ceiling_gets_the_413_page_with_the_ceiling(app, client):
    form = page_form(client, "/f/bilag")
    response = post(client, "/f/bilag", form, big_pdf(CEILING_MB * MB + 1), **TYPED)
    assert_413(response, f"{CEILING_MB} MB")
    assert stored(app) == ([], [])


def test_a_60_mb_scan_on_a_10_mb_field_keeps_the_answer_with_the_default_ceiling(
        make_app, tmp_path):
    forms = tmp_path / "forms60"
    forms.mkdir()
    (forms / "bilag.yaml").write_text(FORM.replace(", max_mb: 1}", "}"), encoding="utf-8")
    app = make_app(FORMS_DIR=str(forms), UPLOADS_DIR=str(tmp_path / "filer"))
    assert app.config["UPLOAD_REQUEST_CEILING_MB"] == 100
    client = app.test_client()
    form = page_form(client, "/f/bilag")
    response = post(client, "/f/bilag", form, big_pdf(60 * MB), **TYPED)
    assert_kept(response, TYPED, message=TOO_BIG.replace("1 MB", "10 MB"))
    assert stored(app) == ([], [])
    response = post(client, "/f/bilag", page_form(client, "/f/bilag"),
                    big_pdf(100 * MB + 1), **TYPED)
    assert_413(response, "100 MB")


def test_min_tilmelding_keeps_the_change_and_the_stored_file(app):
    signup = sign_up(app)
    (file_id,), on_disk = stored(app)
    with app.app_context():
        url = f"/min-tilmelding/{signups.cancel_token(signup)}/ret"
    client = app.test_client()
    changed = {"navn": "Anne Møller Hansen", "besked": "Ny plan på vej."}
    response = post(client, url, page_form(client, url), big_pdf(3 * MB), **changed)
    assert_kept(response, changed, status=400)
    assert "Gemt: plan.pdf. Vælg en ny fil, hvis du vil erstatte den." in response.get_data(
        as_text=True)  # the refused file took nothing's place
    assert stored(app) == ([file_id], on_disk)
    with app.app_context():
        assert db.session.get(Signup, signup.id).answers == signup.answers

    # Sent again as it came back, without a new file: the change is saved, the file kept.
    again = RenderedForm(response.get_data(as_text=True), form_index=_index(response, "plan"))
    response = client.post(url, data=again.data(), content_type="multipart/form-data")
    assert response.status_code == 303, field_errors(response)
    with app.app_context():
        answers = db.session.get(Signup, signup.id).answers
        assert (answers["navn"], answers["besked"]) == (changed["navn"], changed["besked"])
        assert answers["plan"] == signup.answers["plan"]
    assert stored(app) == ([file_id], on_disk)

    response = post(client, url, page_form(client, url), big_pdf(CEILING_MB * MB + 1))
    assert_413(response, f"{CEILING_MB} MB")


def _invite(app) -> str:
    with app.app_context(), unit_of_work(write=True):
        form_service.send(form_service.SendingData(
            form_slug="bilag", subject="Send bilag", body="Hej {{ link }}",
            deadline_at=now() + timedelta(days=10)),
            [Recipient("Bo Berg", "bo@firma.dk")], sent_by="test")
    with app.app_context():
        body = db.session.scalars(sa.select(OutboxMessage.body_text)
                                  .where(OutboxMessage.kind == "form_invited")).one()
    return "/inviteret/" + re.search(r"/inviteret/([A-Za-z0-9_-]{43})", body).group(1)


def test_a_form_invitation_keeps_the_answer(app):
    link, client = _invite(app), app.test_client()
    typed = {**TYPED, "email": "bo@firma.dk"}
    response = post(client, link, page_form(client, link), big_pdf(3 * MB), **typed)
    assert_kept(response, typed)
    assert stored(app) == ([], [])
    response = post(client, link, page_form(client, link), big_pdf(CEILING_MB * MB + 1))
    assert_413(response, f"{CEILING_MB} MB")


def test_staff_adding_a_sign_up_keep_what_they_typed(app, staff_client):
    url = "/staff/f/bilag/ny"
    response = post(staff_client, url, page_form(staff_client, url), big_pdf(3 * MB), **TYPED)
    assert_kept(response, TYPED)
    assert stored(app) == ([], [])
    response = post(staff_client, url, page_form(staff_client, url),
                    big_pdf(CEILING_MB * MB + 1))
    assert_413(response, f"{CEILING_MB} MB")
    assert "/staff/" in response.get_data(as_text=True).split("<main", 1)[1]


@pytest.fixture
def owner(app, frozen_clock):
    """Anne's browser with an open questionnaire (goals 1 and 2); (client, ids)."""
    frozen_clock(DEADLINE - timedelta(days=10))
    ids = seed(app)
    make_round(app)
    client = app.test_client()
    assert open_link(client, issue_token(app, "anne@example.dk")).status_code == 303
    return client, ids


def test_the_follow_up_questionnaire_keeps_every_goals_answers(app, owner):
    client, ids = owner
    url = "/opfoelgning/svar"
    plan = f"g{ids['g1']}-handlingsplan"
    with app.app_context():  # 2 goals x 3 files x 1 MB + 1 MB for the rest
        assert request_limit(current_registry().get("opfoelgning"), blocks=2) == 7 * MB
    typed = {f"g{ids['g1']}-gjort": "Møde med skolerne", f"g{ids['g1']}-status": "i_gang",
             f"g{ids['g2']}-gjort": "Ny cykelsti", f"g{ids['g2']}-status": "naaet",
             "kommentar": "Tak for i år."}
    form = page_form(client, url, plan).press("action", "draft")
    response = post(client, url, form, big_pdf(8 * MB), field=plan, **typed)
    assert_kept(response, typed, field=plan)
    assert stored(app) == ([], [])
    with app.app_context():
        assert all(i.draft_answers is None for i in db.session.scalars(sa.select(Invitation)))

    form = page_form(client, url, plan).press("action", "draft")
    response = post(client, url, form, big_pdf(CEILING_MB * MB + 1), field=plan, **typed)
    assert_413(response, f"{CEILING_MB} MB")
    assert "/opfoelgning/mistet-link" in response.get_data(as_text=True).split("<main", 1)[1]
