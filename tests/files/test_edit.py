"""An answer with files, edited later (e.g. "Min tilmelding"): the form is given the stored
references (from_stored); choosing no new file keeps them, a new file replaces them."""

from __future__ import annotations

import io

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage, MultiDict

from intake.extensions import db
from intake.files import service as files
from intake.files.models import UploadedFile
from intake.formdefs.blocks import form_data
from intake.formdefs.registry import current_registry
from intake.signups.models import Signup
from tests.files.conftest import stored, upload
from tests.support.files import PDF, made


def _edit(app, reference: str, new_files: list[tuple[str, bytes]]):
    """POST the edit form with the stored answers as its data; returns (ok, answers)."""
    formdata = MultiDict({"navn": "Anne Møller", "email": "anne@firma.dk"})
    for name, content in new_files:
        formdata.add("plan", FileStorage(io.BytesIO(content), filename=name))
    with app.test_request_context(method="POST"):
        definition = current_registry().get("handlingsplan")
        signup = db.session.scalars(sa.select(Signup).where(Signup.reference == reference)).one()
        form = current_registry().form_class(definition)(
            formdata=formdata, data=form_data(definition.fields, signup.answers), meta={
                "csrf": False})
        ok = form.validate()
        if ok:
            signup.answers = form.answers()
            files.attach(definition, signup, form)
            db.session.commit()
        return ok, dict(signup.answers), form


def test_no_new_file_keeps_the_stored_one(app):
    reference = upload(app, [("plan.pdf", PDF)])
    with app.app_context():
        before = db.session.scalars(sa.select(Signup)).one().answers["plan"]
    ok, answers, form = _edit(app, reference, [])
    assert ok, form.errors
    assert answers["plan"] == before and len(stored(app)) == 1


def test_the_edit_page_names_the_stored_file(app):
    reference = upload(app, [("plan.pdf", PDF)])
    with app.test_request_context():
        definition = current_registry().get("handlingsplan")
        signup = db.session.scalars(sa.select(Signup).where(Signup.reference == reference)).one()
        form = current_registry().form_class(definition)(
            formdata=None, data=form_data(definition.fields, signup.answers))
        from flask import render_template_string

        page = render_template_string(
            '{% from "public/_fields.html" import render_field %}'
            "{{ render_field(definition, definition.field('plan'), form.plan) }}",
            definition=definition, form=form)
    assert "Gemt: plan.pdf. Vælg en ny fil, hvis du vil erstatte den." in page


def test_a_new_file_replaces_the_stored_one(app):
    reference = upload(app, [("plan.pdf", PDF)])
    old_name = stored(app)[0]
    ok, answers, form = _edit(app, reference, [("ny plan.png", made("png"))])
    assert ok, form.errors
    with app.app_context():
        row = db.session.scalars(sa.select(UploadedFile)).one()
        assert answers["plan"] == [row.reference()] and row.name == "ny plan.png"
    assert stored(app) == [row.storage_name] and old_name not in stored(app)


def test_a_bad_new_file_is_refused_and_the_stored_one_stays(app):
    reference = upload(app, [("plan.pdf", PDF)])
    ok, _answers, form = _edit(app, reference, [("plan.exe", b"MZ")])
    assert not ok and form.errors["plan"][0].startswith("Filnavnet har en endelse")
    with app.app_context():
        assert db.session.scalars(sa.select(UploadedFile.name)).all() == ["plan.pdf"]
    assert len(stored(app)) == 1
