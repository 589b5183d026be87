"""Field types describe themselves completely (issue 10 §3).

A new type is one module: tests/formdefs/rating_type.py registers `rating`, and a form using
it renders, validates, stores, displays (receipt, mail) and exports without any file of
intake/ or templates/ naming it. Every shipped type describes its own properties for the
loader and the staff editor of issue 12.
"""

from __future__ import annotations

import html
import importlib
import json
import re
from pathlib import Path

import pytest

from intake import PROJECT_ROOT
from intake.exports import signups as export
from intake.extensions import db
from intake.formdefs import visibility
from intake.formdefs.loader import load_file
from intake.formdefs.registry import current_registry
from intake.formdefs.schema import Condition, FieldDef, Text
from intake.formdefs.types import REGISTRY, register
from intake.formdefs.types.base import PROPERTY_KINDS
from intake.signups.models import Signup
from tests.conftest import open_form, submit
from tests.support.signups import ERROR_MESSAGE, mails_to

FORM = """\
slug: stjerner
title: Bedøm dagen
fields:
  - {key: email, type: email, required: true, label: E-mail}
  - key: vurdering
    type: rating
    required: true
    scale: 5
    label: {da: Vurdering, en: Rating}
  - {key: ekstra, type: rating, scale: 3, label: Ekstra}
confirmation:
  subject: Tak
  body: "Du gav {{ vurdering }}."
privacy:
  controller: Hedensted Kommune
  purpose: Test
  legal_basis: Art. 6, stk. 1, litra e
  retention: 1 år
  rights: Indsigt, berigtigelse, sletning
  contact: erhverv@hedensted.dk
"""


@pytest.fixture
def rating():
    """The toy type registered for one test, then gone again."""
    module = importlib.import_module("tests.formdefs.rating_type")
    register(module.RatingType)
    yield REGISTRY["rating"]
    REGISTRY.pop("rating", None)


@pytest.fixture
def forms_dir(tmp_path, rating):
    directory = tmp_path / "forms"
    directory.mkdir()
    (directory / "stjerner.yaml").write_text(FORM, encoding="utf-8")
    return directory


@pytest.fixture
def app(make_app, forms_dir, smtp_server):
    return make_app(FORMS_DIR=str(forms_dir))


def errors_of(response) -> dict[str, str]:
    page = response.get_data(as_text=True)
    found = re.findall(ERROR_MESSAGE, page, re.S)
    return {key: html.unescape(re.sub(r"<[^>]+>", " ", text)).strip() for key, text in found}


def test_no_file_of_intake_names_the_new_type():
    for path in [*Path(PROJECT_ROOT, "intake").rglob("*.py"),
                 *Path(PROJECT_ROOT, "templates").rglob("*.html")]:
        assert not re.search(r"\brating\b", path.read_text(encoding="utf-8")), path


def test_the_new_type_renders_from_its_own_macro(client):
    page = client.get("/f/stjerner").get_data(as_text=True)
    assert page.count('class="stars"') == 2
    assert page.count('name="vurdering"') == 5 and page.count('name="ekstra"') == 3
    assert 'id="wrap-vurdering"' in page and "★★★★★" in page


def test_the_new_type_validates_with_its_own_messages(client, app):
    form = open_form(client, "/f/stjerner").fill(email="anne@firma.dk")
    response = submit(client, "/f/stjerner", form)
    assert response.status_code == 200
    assert errors_of(response)["vurdering"].endswith("Giv mindst én stjerne.")
    forged = form.data()
    forged["vurdering"] = "9"  # not offered
    response = client.post("/f/stjerner", data=forged)
    assert errors_of(response)["vurdering"].endswith("Vælg fra 1 til 5 stjerner.")
    with app.app_context():
        assert db.session.query(Signup).count() == 0


def test_the_new_type_is_stored_displayed_mailed_and_exported(client, app, smtp_server,
                                                             deliver):
    form = open_form(client, "/f/stjerner").fill(email="anne@firma.dk", vurdering="4")
    response = submit(client, "/f/stjerner", form)
    assert response.status_code == 303, errors_of(response)
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "★★★★☆ (4/5)" in receipt

    deliver()
    (mail,) = mails_to(smtp_server, "anne@firma.dk")
    assert "★★★★☆ (4/5)" in mail.get_body(("plain",)).get_content()

    with app.app_context():
        signup = db.session.query(Signup).one()
        assert signup.answers["vurdering"] == 4
        assert signup.answers["ekstra"] is None
        definition = current_registry().get("stjerner")
        layout = export.layout(definition)
        headers = [c.header for c in layout.main.columns]
        assert headers[-4:] == ["Vurdering", "Vurdering: stjerner", "Ekstra", "Ekstra: stjerner"]
        (_, row), = export.rows(layout, [signup])
        assert row[-4:] == [4, "★★★★", None, None]
        _, described = export.field_rows(layout)
        assert ["Tilmeldinger", "Vurdering", "vurdering", "bedømmelse", "Vurdering", None, None,
                "Ja"] in described


def test_the_loader_checks_the_new_type_by_its_description(tmp_path, rating):
    path = tmp_path / "x.yaml"
    path.write_text(FORM.replace("scale: 3", "scale: tre").replace(
        "scale: 5", "scale: 5\n    widget: select"), encoding="utf-8")
    _, problems = load_file(path)
    assert "x.yaml: felt 'ekstra': 'scale' skal være et helt tal, ikke 'tre'" in problems
    assert "x.yaml: felt 'vurdering': nøglen 'widget' bruges ikke af typen rating" in problems
    path.write_text(FORM.replace("scale: 3", "scale: 11"), encoding="utf-8")
    assert load_file(path)[1] == ["x.yaml: felt 'ekstra': 'scale' skal være fra 2 til 10"]


def test_every_type_describes_itself_for_the_editor():
    for name, field_type in REGISTRY.items():
        described = json.loads(json.dumps(field_type.describe(), default=str))
        assert described["name"] == name
        assert described["label"]["da"] and described["label"]["en"], name
        names = [p["name"] for p in described["properties"]]
        assert names[:2] == ["key", "type"] and len(names) == len(set(names)), name
        for prop in described["properties"]:
            assert prop["kind"] in PROPERTY_KINDS, (name, prop)
            assert prop["label"]["da"] and prop["label"]["en"], (name, prop)
            assert bool(prop["allowed"]) == (prop["kind"] == "choice"), (name, prop)
    assert REGISTRY["choice"].property("widget").allowed == ("radio", "select")
    assert REGISTRY["integer"].property("min").kind == "integer"
    assert REGISTRY["decimal"].property("min").kind == "number"
    assert REGISTRY["date"].property("max").kind == "date"
    assert REGISTRY["info"].property("required") is None


def test_a_key_of_another_type_is_named_as_such(tmp_path):
    path = tmp_path / "y.yaml"
    path.write_text(
        FORM.replace("type: rating", "type: integer")
        .replace("scale: 5", "widget: select")
        .replace("scale: 3", "farve: rød"),
        encoding="utf-8",
    )
    problems = load_file(path)[1]
    assert "y.yaml: felt 'vurdering': nøglen 'widget' bruges ikke af typen integer" in problems
    assert "y.yaml: felt 'ekstra': ukendt nøgle 'farve'" in problems


def _field(key, show_if=None, required=False, required_if=None):
    return FieldDef(key=key, type="text", label=Text(key), show_if=show_if, required=required,
                    required_if=required_if)


def test_one_place_decides_what_is_shown_and_required():
    defs = (
        _field("a"),
        _field("b", show_if=Condition((("a", frozenset({"ja"})),)), required=True),
        _field("c", show_if=Condition((("b", frozenset({"x"})),))),
        _field("d", required_if=Condition((("a", frozenset({"ja"})),))),
    )
    shown = visibility.visible_keys(defs, {"a": "nej", "b": "x"})
    assert shown == {"a", "d"}  # c depends on the hidden b, so it is hidden too
    assert visibility.required_keys(defs, {"a": "nej", "b": "x"}, shown) == set()
    shown = visibility.visible_keys(defs, {"a": "ja", "b": "x"})
    assert shown == {"a", "b", "c", "d"}
    assert visibility.required_keys(defs, {"a": "ja"}, shown) == {"b", "d"}
