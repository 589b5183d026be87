"""An app with the shipped input form `inspiration`, its own uploads directory, and helpers
that make a sheet through the rendered staff form, as staff would."""

from __future__ import annotations

import io
import os
import shutil

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.inspiration.models import InspirationSheet
from tests.conftest import ROOT
from tests.support.forms_on_page import form_posting_to

NEW = "/staff/inspiration/nyt"
INDEX = "/staff/inspiration/"


@pytest.fixture
def forms_dir(tmp_path):
    directory = tmp_path / "forms"
    directory.mkdir()
    shutil.copy(ROOT / "forms" / "inspiration.yaml", directory)
    return directory


@pytest.fixture
def app(make_app, forms_dir, tmp_path):
    return make_app(FORMS_DIR=str(forms_dir), UPLOADS_DIR=str(tmp_path / "filer"))


def stored(app) -> list[str]:
    """The names of the files in UPLOADS_DIR."""
    directory = app.config["UPLOADS_DIR"]
    return sorted(os.listdir(directory)) if os.path.isdir(directory) else []


def sheet_form(client, url: str = NEW, file: tuple[str, bytes] | None = None, **typed):
    """The staff page's form as rendered, filled with `typed`, the file attached (multipart
    data ready for client.post)."""
    form = form_posting_to(client.get(url).get_data(as_text=True), url)
    form.fill(**typed)
    data = form.data()
    data.pop("file", None)
    if file is not None:
        data.add("file", (io.BytesIO(file[1]), file[0]))
    return data


def post_sheet(client, url: str = NEW, file: tuple[str, bytes] | None = None, **typed):
    data = sheet_form(client, url, file, **typed)
    return client.post(url, data=data, content_type="multipart/form-data")


def new_sheet(client, title: str = "Sådan fastholder vi lærlinge", area: str = "arbejdsliv",
              file: tuple[str, bytes] | None = None, description: str = "Tre gode råd.") -> int:
    """Upload a sheet through the staff form; returns its id."""
    from tests.support.files import PDF

    response = post_sheet(client, file=file or ("lærlinge.pdf", PDF), focus_area=area,
                          title=title, description=description)
    assert response.status_code == 303, response.get_data(as_text=True)
    app = client.application
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.max(InspirationSheet.id)))


def publish(client, sheet_id: int):
    page = client.get(INDEX).get_data(as_text=True)
    form = form_posting_to(page, f"/staff/inspiration/{sheet_id}/offentliggoer")
    return client.post(form.action, data=form.data())


def sheet(app, sheet_id: int) -> InspirationSheet | None:
    with app.app_context():
        row = db.session.get(InspirationSheet, sheet_id)
        if row is not None:
            db.session.expunge(row)
        return row
