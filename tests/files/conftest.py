"""A form with a `file` field, and a sign-up with a file sent through it."""

from __future__ import annotations

import io
import os

import pytest

from tests.conftest import open_form

FORM = """\
slug: handlingsplan
title: Send jeres handlingsplan
fields:
  - {key: navn, type: text, required: true, label: Navn}
  - {key: email, type: email, required: true, label: E-mail}
  - {key: plan, type: file, required: true, label: Handlingsplan, max_files: 2}
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
URL = "/f/handlingsplan"


@pytest.fixture
def app(make_app, tmp_path):
    directory = tmp_path / "forms"
    directory.mkdir()
    (directory / "handlingsplan.yaml").write_text(FORM, encoding="utf-8")
    return make_app(FORMS_DIR=str(directory), UPLOADS_DIR=str(tmp_path / "filer"))


def stored(app) -> list[str]:
    directory = app.config["UPLOADS_DIR"]
    return sorted(os.listdir(directory)) if os.path.isdir(directory) else []


def upload(app, files: list[tuple[str, bytes]], email: str = "anne@firma.dk") -> str:
    """Sign up through the public form with `files`; returns the reference."""
    client = app.test_client()
    data = open_form(client, URL).fill(navn="Anne Møller", email=email).data()
    data.setlist("plan", [(io.BytesIO(content), name) for name, content in files])
    response = client.post(URL, data=data, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]
