"""intake.uploads.request: the request class keeps of each file part at most `file_part_limit`
bytes while Werkzeug parses the body (the rest is read and dropped, every other part parsed as
usual), and `allow_files` gives a page with file fields the ceiling as its body limit."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from flask import request

from intake import setting_kinds
from intake.formdefs.registry import current_registry
from intake.uploads.request import CappedFile, UploadRequest, allow_files, body_limit

MB = 1024 * 1024
BOUNDARY = "----intake-test-boundary"
FORM = """\
slug: bilag
title: Send bilag
fields:
  - {key: navn, type: text, required: true, label: Navn}
  - {key: plan, type: file, label: Plan, max_mb: 2}
  - {key: bilag, type: file, label: Bilag, max_mb: 1, max_files: 3}
confirmation: {subject: Tak, body: Tak}
privacy:
  controller: Hedensted Kommune
  purpose: Test
  legal_basis: Art. 6, stk. 1, litra e
  retention: 1 år
  rights: Indsigt, berigtigelse, sletning
  contact: erhverv@hedensted.dk
"""


def multipart(*parts: tuple[str, str | None, bytes]) -> bytes:
    """A multipart/form-data body of (name, file name or None, content), in this order."""
    out = io.BytesIO()
    for name, filename, content in parts:
        out.write(f"--{BOUNDARY}\r\n".encode())
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        out.write(f"Content-Disposition: {disposition}\r\n".encode())
        if filename is not None:
            out.write(b"Content-Type: application/pdf\r\n")
        out.write(b"\r\n" + content + b"\r\n")
    out.write(f"--{BOUNDARY}--\r\n".encode())
    return out.getvalue()


def parsed(body: bytes, keep: int | None) -> UploadRequest:
    environ = {
        "REQUEST_METHOD": "POST", "wsgi.input": io.BytesIO(body),
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(len(body)), "SERVER_NAME": "localhost", "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
    }
    made = UploadRequest(environ)
    made.max_content_length = 100 * MB  # Flask's own fallback needs an app; this is the ceiling
    made.file_part_limit = keep
    return made


def test_a_file_part_keeps_its_first_bytes_and_drops_the_rest():
    big = b"%PDF-" + bytes(range(256)) * (3 * MB // 256)
    body = multipart(("navn", None, b"Anne"), ("plan", "stor.pdf", big),
                     ("besked", None, "Efter filen: æøå".encode()))
    req = parsed(body, MB + 1)
    assert req.form["navn"] == "Anne"
    assert req.form["besked"] == "Efter filen: æøå"  # a part after the big file is still read
    stream = req.files["plan"].stream
    assert isinstance(stream, CappedFile)
    kept = stream.read()
    assert kept == big[:MB + 1]
    assert stream.dropped == len(big) - (MB + 1)


def test_every_file_part_is_capped_and_small_ones_are_whole():
    small, big = b"%PDF-small", b"x" * (2 * MB)
    req = parsed(multipart(("bilag", "a.pdf", small), ("bilag", "b.pdf", big),
                           ("bilag", "c.pdf", small)), 1000)
    assert [f.stream.read() for f in req.files.getlist("bilag")] == [small, big[:1000], small]


def test_without_a_limit_a_file_part_is_kept_whole():
    big = b"y" * (2 * MB)
    req = parsed(multipart(("plan", "stor.pdf", big)), None)
    assert not isinstance(req.files["plan"].stream, CappedFile)
    assert req.files["plan"].stream.read() == big


def test_capped_file_counts_what_it_drops():
    inner = io.BytesIO()
    capped = CappedFile(inner, 5)
    assert capped.write(b"abc") == 3 and capped.write(b"defgh") == 5 and capped.write(b"ij") == 2
    capped.seek(0)
    assert capped.read() == b"abcde" and capped.dropped == 5
    assert list(capped) == []  # iterates the inner file (at its end now)


@pytest.fixture
def app(make_app, tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "bilag.yaml").write_text(FORM, encoding="utf-8")
    return make_app(FORMS_DIR=str(forms), UPLOAD_REQUEST_CEILING_MB=20)


def test_allow_files_gives_the_ceiling_and_the_largest_file_limit(app):
    with app.test_request_context("/f/bilag", method="POST", data={"navn": "Anne"},
                                  content_type="multipart/form-data"):
        definition = current_registry().get("bilag")
        assert body_limit(definition) == 20 * MB
        allow_files(definition)
        assert isinstance(request._get_current_object(), UploadRequest)
        assert request.max_content_length == 20 * MB
        assert request.file_part_limit == 2 * MB + 1  # the page's largest field, plan


def test_the_ceiling_never_cuts_below_what_the_form_needs(app):
    app.config["UPLOAD_REQUEST_CEILING_MB"] = 1
    with app.test_request_context("/f/bilag", method="POST"):
        # plan 2 MB + bilag 3 x 1 MB + 1 MB for the rest
        assert body_limit(current_registry().get("bilag")) == 6 * MB


def test_a_form_without_a_file_field_keeps_the_plain_limit(app):
    with app.test_request_context("/f/bilag", method="POST"):
        definition = current_registry().get("bilag")
        plain = replace(definition, fields=definition.fields[:1])  # only navn
        allow_files(plain)
        assert body_limit(plain) is None
        assert request.max_content_length == app.config["MAX_CONTENT_LENGTH"] == MB
        assert request.file_part_limit is None


def test_a_body_that_is_not_multipart_keeps_the_plain_limit(app):
    """It carries no file, and a urlencoded body is read whole into memory."""
    client = app.test_client()
    response = client.post("/f/bilag", data={"navn": "x" * (2 * MB)})
    assert response.status_code == 413
    assert "Det, du sendte, er for stort" in response.get_data(as_text=True)
    with app.test_request_context("/f/bilag", method="POST", data={"navn": "Anne"}):
        allow_files(current_registry().get("bilag"))
        assert request.max_content_length == MB and request.file_part_limit is None


@pytest.mark.parametrize("value,problem", [
    ("0", "UPLOAD_REQUEST_CEILING_MB skal være mindst 1 og højst 2048."),
    ("mange", "UPLOAD_REQUEST_CEILING_MB skal være et helt tal."),
])
def test_the_ceiling_setting_is_checked_at_start(value, problem):
    config = {"UPLOAD_REQUEST_CEILING_MB": value}
    assert setting_kinds.normalise(config) == [problem]


def test_the_ceiling_setting_reads_a_number_from_the_environment():
    config = {"UPLOAD_REQUEST_CEILING_MB": " 250 "}
    assert setting_kinds.normalise(config) == [] and config["UPLOAD_REQUEST_CEILING_MB"] == 250
