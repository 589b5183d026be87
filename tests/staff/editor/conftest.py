"""Editor fixtures: the seed forms, a staff member with the forms role logged in."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import ROOT
from tests.staff.conftest import SEED_FORMS, copy_seed_forms, create_staff, log_in

EDITOR = "redaktoer@hedensted.dk"
SECOND = "kollega@hedensted.dk"


@pytest.fixture
def app(make_app, tmp_path):
    app = make_app(FORMS_DIR=str(copy_seed_forms(tmp_path)))
    seed_store(app)
    return app


def seed_store(app) -> None:
    """The seed forms as published version 1 in the store (if the start-up import has not
    already put them there)."""
    from intake.extensions import db
    from intake.formdefs import store

    with app.app_context():
        for name in SEED_FORMS:
            mapping = yaml.safe_load((ROOT / "forms" / name).read_text(encoding="utf-8"))
            try:
                store.get_draft(mapping["slug"])
            except store.UnknownForm:
                created = store.create_form(mapping, by="test")
                store.publish(mapping["slug"], expected_revision=created.revision, by="test")
        db.session.commit()


def editor_client(app, email: str = EDITOR):
    create_staff(app, email=email)
    client = app.test_client()
    response = log_in(client, email=email)
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


@pytest.fixture
def editor(app):
    return editor_client(app)


@pytest.fixture
def second_editor(app, editor):
    return editor_client(app, SECOND)


def draft(app, slug: str):
    from intake.formdefs import store

    with app.app_context():
        return store.get_draft(slug)


def press(client, url: str, action: str, name: str, value: str):
    """GET `url`, press the button name=value of the form posting to `action`, post it."""
    from tests.support.htmlform import RenderedForm

    html = client.get(url).get_data(as_text=True)
    for index in range(html.count("<form")):
        form = RenderedForm(html, form_index=index)
        if form.action == action and (name, "button", value, False) in form.fields:
            return client.post(action, data=form.press(name, value).data())
    raise AssertionError(f"no button {name}={value} posting to {action} on {url}")
