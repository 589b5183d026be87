"""Files survive a changed answer: "Min tilmelding" (/min-tilmelding/<token>/ret) and a
form invitation's personal link (/inviteret/<token>, first answer and later changes). Each
page is read, its rendered multipart form posted back: choosing no new file keeps the
stored one, a new file replaces it (the old one leaves the disk after the commit)."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import sqlalchemy as sa

from intake.clock import now
from intake.extensions import db
from intake.files.models import UploadedFile
from intake.invitations import form_service
from intake.invitations.form_lists import Recipient
from intake.outbox.models import OutboxMessage
from intake.signups import service as signups
from intake.signups.models import Signup
from intake.transactions import unit_of_work
from tests.files.conftest import stored, upload
from tests.support.files import PDF, made
from tests.support.htmlform import RenderedForm

MULTIPART = 'enctype="multipart/form-data"'


def _rows(app) -> list[tuple[str, str, int]]:
    with app.app_context():
        return [(r.name, r.storage_name, r.signup_id) for r in db.session.scalars(
            sa.select(UploadedFile).order_by(UploadedFile.id))]


def _signup(app) -> Signup:
    with app.app_context():
        row = db.session.scalars(sa.select(Signup)).one()
        db.session.expunge(row)
        return row


def _page(client, url: str) -> tuple[str, RenderedForm]:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    html = response.get_data(as_text=True)
    index = next(i for i in range(html.count("<form"))
                 if "plan" in RenderedForm(html, form_index=i).names)
    return html, RenderedForm(html, form_index=index)


def _post(client, url: str, form: RenderedForm, new_files=(), **values):
    data = form.fill(**values).data()
    data.setlist("plan", [(io.BytesIO(content), name) for name, content in new_files])
    return client.post(url, data=data, content_type="multipart/form-data")


# --- Min tilmelding -----------------------------------------------------------------------

def _change_url(app, reference: str) -> str:
    with app.app_context():
        signup = db.session.scalars(sa.select(Signup).where(Signup.reference == reference)).one()
        return f"/min-tilmelding/{signups.cancel_token(signup)}/ret"


def test_min_tilmelding_keeps_the_stored_file_when_none_is_chosen(app):
    reference = upload(app, [("plan.pdf", PDF)])
    [(name, on_disk, _id)] = _rows(app)
    before = _signup(app).answers["plan"]
    url, client = _change_url(app, reference), app.test_client()
    html, form = _page(client, url)
    assert MULTIPART in html
    assert "Gemt: plan.pdf. Vælg en ny fil, hvis du vil erstatte den." in html
    response = _post(client, url, form, navn="Anne Møller Hansen")
    assert response.status_code == 303, response.get_data(as_text=True)
    signup = _signup(app)
    assert signup.answers["navn"] == "Anne Møller Hansen"
    assert signup.answers["plan"] == before  # the same reference, with its id
    assert _rows(app) == [(name, on_disk, signup.id)] and stored(app) == [on_disk]


def test_min_tilmelding_a_new_file_replaces_the_stored_one(app):
    reference = upload(app, [("plan.pdf", PDF)])
    [(_name, old, _id)] = _rows(app)
    url, client = _change_url(app, reference), app.test_client()
    _html, form = _page(client, url)
    response = _post(client, url, form, new_files=[("ny plan.png", made("png"))])
    assert response.status_code == 303, response.get_data(as_text=True)
    [(name, new, _id)] = _rows(app)
    assert name == "ny plan.png" and stored(app) == [new] and new != old
    with app.app_context():
        row = db.session.scalars(sa.select(UploadedFile)).one()
        assert _signup(app).answers["plan"] == [row.reference()]
    # The page now names the new file, and an edit without a file keeps it.
    html, form = _page(client, url)
    assert "Gemt: ny plan.png." in html
    assert _post(client, url, form, navn="Anne M.").status_code == 303
    assert [r[1] for r in _rows(app)] == [new] and stored(app) == [new]


def test_min_tilmelding_a_refused_new_file_keeps_the_stored_one(app):
    reference = upload(app, [("plan.pdf", PDF)])
    [(_name, old, _id)] = _rows(app)
    url, client = _change_url(app, reference), app.test_client()
    _html, form = _page(client, url)
    response = _post(client, url, form, new_files=[("plan.exe", b"MZ")], navn="Ny")
    assert response.status_code == 400
    assert "Filnavnet har en endelse" in response.get_data(as_text=True)
    assert _signup(app).answers["navn"] == "Anne Møller"
    assert [r[1] for r in _rows(app)] == [old] and stored(app) == [old]


# --- Form invitations ---------------------------------------------------------------------

def _invite(app, email: str = "anne@firma.dk") -> str:
    with app.app_context(), unit_of_work(write=True):
        form_service.send(form_service.SendingData(
            form_slug="handlingsplan", subject="Send planen", body="Hej {{ link }}",
            deadline_at=now() + timedelta(days=10)),
            [Recipient("Anne Møller", email)], sent_by="test")
    with app.app_context():
        body = db.session.scalars(sa.select(OutboxMessage.body_text)
                                  .where(OutboxMessage.kind == "form_invited")
                                  .order_by(OutboxMessage.id.desc())).first()
    return "/inviteret/" + re.search(r"/inviteret/([A-Za-z0-9_-]{43})", body).group(1)


def test_an_invitation_answer_stores_its_file_and_a_change_keeps_or_replaces_it(app):
    link, client = _invite(app), app.test_client()
    html, form = _page(client, link)
    assert MULTIPART in html
    response = _post(client, link, form, new_files=[("plan.pdf", PDF)])
    assert response.status_code == 303, response.get_data(as_text=True)
    [(name, first, signup_id)] = _rows(app)
    signup = _signup(app)
    assert name == "plan.pdf" and signup.id == signup_id and signup.source == "invitation"
    assert signup.answers["plan"][0]["id"] and stored(app) == [first]

    html, form = _page(client, link)  # answered: the change form, multipart too
    assert MULTIPART in html and "Gemt: plan.pdf." in html
    response = _post(client, link, form, navn="Anne Møller Hansen")
    assert response.status_code == 303, response.get_data(as_text=True)
    assert _signup(app).answers["navn"] == "Anne Møller Hansen"
    assert _signup(app).answers["plan"] == signup.answers["plan"]
    assert [r[1] for r in _rows(app)] == [first] and stored(app) == [first]

    _html, form = _page(client, link)
    response = _post(client, link, form, new_files=[("ny.png", made("png"))])
    assert response.status_code == 303, response.get_data(as_text=True)
    [(name, second, _id)] = _rows(app)
    assert name == "ny.png" and stored(app) == [second] and second != first
    with app.app_context():
        row = db.session.scalars(sa.select(UploadedFile)).one()
        assert _signup(app).answers["plan"] == [row.reference()]



def test_both_pages_take_a_file_larger_than_the_plain_request_limit(app):
    big = PDF + b"%" * (2 * 1024 * 1024)  # 2 MB: over MAX_CONTENT_LENGTH (1 MB), under max_mb
    assert len(big) > app.config["MAX_CONTENT_LENGTH"]
    reference = upload(app, [("plan.pdf", PDF)])
    url, client = _change_url(app, reference), app.test_client()
    _html, form = _page(client, url)
    response = _post(client, url, form, new_files=[("stor.pdf", big)])
    assert response.status_code == 303, response.status_code
    with app.app_context():
        row = db.session.scalars(sa.select(UploadedFile)).one()
        assert (row.name, row.size) == ("stor.pdf", len(big))

    link, visitor = _invite(app, "bo@firma.dk"), app.test_client()
    _html, form = _page(visitor, link)
    response = _post(visitor, link, form, new_files=[("stor.pdf", big)])
    assert response.status_code == 303, response.status_code
    assert [r[0] for r in _rows(app)] == ["stor.pdf", "stor.pdf"]
