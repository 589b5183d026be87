"""The form engine's follow-up extension: `goal_fields` in YAML, checked like every field,
repeated per goal with its own show_if/required_if."""

from __future__ import annotations

import textwrap

import pytest

from intake.formdefs.loader import load_file
from tests.support.goals import FOLLOWUP_FORM

BASE = """
slug: test-opf
kind: {kind}
title: Test
"""


def _load(tmp_path, body: str, kind: str = "followup"):
    path = tmp_path / "form.yaml"
    path.write_text(BASE.format(kind=kind) + textwrap.dedent(body), encoding="utf-8")
    return load_file(path)


def test_the_seed_followup_form_loads():
    form, problems = load_file(FOLLOWUP_FORM)
    assert problems == []
    assert [f.key for f in form.goal_fields] == [
        "status", "fremdrift", "gjort", "resultater", "forhindringer", "hjaelp", "naeste_skridt",
        "offentlig_kommentar", "handlingsplan"]
    assert [f.key for f in form.fields] == ["kommentar", "praesentere", "navn_offentligt"]
    # Issue 14 (contract C4): the public comment, the action plan and the name consent.
    assert form.version == 2
    assert form.goal_field("offentlig_kommentar").max_length == 1000
    plan = form.goal_field("handlingsplan")
    assert (plan.type, plan.extra["max_files"], plan.extra["allowed"]) == (
        "file", 3, "pdf, docx, xlsx")
    consent = form.field("navn_offentligt")
    assert (consent.type, consent.extra["purpose"]) == ("consent", "name")
    from intake.rounds.definition import check_definition

    assert check_definition(form) == []


def test_goal_fields_alone_are_enough(tmp_path):
    form, problems = _load(tmp_path, """
        goal_fields:
          - {key: status, type: choice, label: Status, options: [{code: i_gang, label: I gang}]}
    """)
    assert problems == [] and form.fields == ()


@pytest.mark.parametrize(
    "body, message",
    [
        (
            "goal_fields:\n  - {key: x, type: text, label: X}\n",
            "kan kun bruges i formularer med kind: followup",
        ),
        ("fields:\n  - {key: x, type: text, label: X}\n", "skal have 'goal_fields'"),
        (
            "goal_fields:\n"
            "  - {key: r, type: repeat, label: R, fields: [{key: a, type: text, label: A}]}\n",
            "typen repeat kan ikke bruges i 'goal_fields'",
        ),
        (
            "goal_fields:\n  - {key: a, type: text, label: A, show_if: {kommentar: ja}}\n"
            "fields:\n  - {key: kommentar, type: yesno, label: K}\n",
            "show_if nævner feltet 'kommentar', som ikke findes",
        ),
        (
            "goal_fields:\n  - {key: a, type: tekst, label: A}\n",
            "felt 'goal_fields.a': ukendt type 'tekst'",
        ),
    ],
)
def test_mistakes_are_reported_with_their_place(tmp_path, body, message):
    kind = "signup" if body.startswith("goal_fields:\n  - {key: x") else "followup"
    form, problems = _load(tmp_path, body, kind=kind)
    assert form is None
    assert any(message in p for p in problems), problems


def test_show_if_and_required_if_work_inside_a_block(app, tmp_path):
    from werkzeug.datastructures import MultiDict

    from intake.formdefs.registry import current_registry

    form, problems = _load(
        tmp_path,
        """
        goal_fields:
          - {key: status, type: choice, label: Status, required: true,
             options: [{code: i_gang, label: I gang}, {code: opgivet, label: Opgivet}]}
          - {key: hvorfor, type: textarea, label: Hvorfor, show_if: {status: opgivet},
             required_if: {status: opgivet}}
    """,
    )
    assert problems == []
    with app.test_request_context():
        block_cls, _ = current_registry().block_classes(form)
        shown = block_cls(formdata=MultiDict({"g7-status": "opgivet"}), prefix="g7-")
        assert not shown.validate()
        assert shown.hvorfor.errors and shown.hvorfor.name == "g7-hvorfor"
        hidden = block_cls(
            formdata=MultiDict({"g7-status": "i_gang", "g7-hvorfor": "skjult"}), prefix="g7-"
        )
        assert hidden.validate()
        assert hidden.answers() == {"status": "i_gang"}
        draft = block_cls(formdata=MultiDict({"g7-status": ""}), prefix="g7-")
        assert draft.validate(is_draft=True) and not draft.validate()
