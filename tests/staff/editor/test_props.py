"""The property form of a field is generated from its type's description (props.py): every
registered type gets one, and a new type needs no editor code."""

import pytest
from werkzeug.datastructures import MultiDict

from intake.formdefs.schema import Text
from intake.formdefs.types import REGISTRY
from intake.formdefs.types.base import ANSWERED, IDENTITY, FieldType, prop, register
from intake.staff.editor import props


@pytest.fixture
def app(make_app):
    """No stored forms needed: only the generated forms are under test."""
    return make_app()


@pytest.fixture
def throwaway_type():
    """A type no editor code knows, with a kind the editor has never seen ("colour")."""

    @register
    class Rating(FieldType):
        name = "rating_test"
        label = Text("bedømmelse", "rating")
        value = "integer"
        properties = (
            IDENTITY
            + ANSWERED
            + (
                prop("stars", "Antal stjerner", "Stars", "integer", default=5),
                prop("style", "Udseende", "Style", "choice", allowed=("stars", "hearts")),
                prop("palette", "Farver", "Colours", "colour"),
            )
        )

    yield Rating
    del REGISTRY["rating_test"]


def test_every_registered_type_gets_a_form(app):
    with app.test_request_context():
        for name in REGISTRY:
            form_cls, inputs = props.form_class(name)
            form = form_cls(formdata=None)
            assert "key" in [i.name for i in inputs] and form["key"]
            assert all(i.kind not in props.OWN_PAGE for i in inputs)


def test_a_new_type_needs_no_editor_code(app, throwaway_type):
    field = {
        "key": "score",
        "type": "rating_test",
        "label": {"da": "Score", "en": "Score"},
        "palette": ["red", "blue"],
        "options": "untouched",
    }
    with app.test_request_context():
        form_cls, inputs = props.form_class("rating_test")
        names = [i.name for i in inputs]
        assert names[-3:] == ["stars", "style", "palette"]
        data = props.form_data(field, inputs)
        assert data["label__da"] == "Score" and data["palette"] == "- red\n- blue"
        posted = MultiDict(
            {
                **{k: v for k, v in data.items() if v not in (None, False)},
                "stars": "10",
                "style": "hearts",
                "label__en": "",
                "palette": "- green",
            }
        )
        form = form_cls(formdata=posted, meta={"csrf": False})
        assert form.validate(), form.errors
        new = props.apply(field, form, inputs, "rating_test")
    assert new["stars"] == 10 and new["style"] == "hearts" and new["palette"] == ["green"]
    assert new["label"] == "Score"  # no English: a plain Danish text
    assert new["options"] == "untouched"  # what the form does not show stays


def test_bad_input_gets_a_danish_message(app):
    with app.test_request_context():
        form_cls, _inputs = props.form_class("text")
        form = form_cls(
            formdata=MultiDict(
                {"key": "Firma Navn", "label__da": "X", "max_length": "mange", "pattern": "[a-"}
            ),
            meta={"csrf": False},
        )
        assert not form.validate()
    assert "små bogstaver" in form.errors["key"][0]
    assert form.errors["max_length"] and form.errors["pattern"] == [
        "Mønsteret er ikke et gyldigt regulært udtryk."
    ]
    assert form.key.data == "Firma Navn"  # what was typed stays


def test_flags_at_their_default_are_left_out(app):
    with app.test_request_context():
        form_cls, inputs = props.form_class("text")
        field = {"key": "navn", "type": "text", "label": "Navn", "required": True}
        form = form_cls(
            formdata=MultiDict({"key": "navn", "label__da": "Navn"}), meta={"csrf": False}
        )
        assert form.validate(), form.errors
        new = props.apply(field, form, inputs, "text")
    assert new == {"key": "navn", "type": "text", "label": "Navn"}


def test_numbers_and_default_answers_keep_their_kind(app):
    field = {
        "key": "beloeb",
        "type": "decimal",
        "label": "Beløb",
        "min": 0.5,
        "max": 10,
        "default": ["a", "b"],
    }
    with app.test_request_context():
        form_cls, inputs = props.form_class("decimal")
        data = props.form_data(field, inputs)
        assert data["min"] == "0,5" and data["max"] == "10" and data["default"] == "[a, b]"
        posted = MultiDict(
            {"key": "beloeb", "label__da": "Beløb", "min": "1,25", "max": "20", "default": "no"}
        )
        form = form_cls(formdata=posted, meta={"csrf": False})
        assert form.validate(), form.errors
        new = props.apply(field, form, inputs, "decimal")
        assert new["min"] == 1.25 and new["max"] == 20 and new["default"] == "no"
        form = form_cls(formdata=MultiDict({"key": "beloeb", "min": "1.5"}), meta={"csrf": False})
        assert not form.validate() and form.errors["min"] == ["Skriv et tal, fx 7,5."]
