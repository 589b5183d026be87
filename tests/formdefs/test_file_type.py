"""The `file` field type (issue 14 §3): one module, described for the loader, the editor and
XLSForm; its definition checks; its display and export cells."""

from __future__ import annotations

import io

import pytest
import yaml
from pyxform.xls2xform import convert

from intake.exports.cells import Link
from intake.formdefs.loader import load_mapping
from intake.formdefs.types import REGISTRY
from intake.formdefs.types.file import accept, allowed_kinds, request_limit
from intake.formdefs.xlsform import read_workbook, workbook_bytes

FORM = """\
slug: plan
title: Plan
fields:
  - {key: email, type: email, required: true, label: E-mail}
  - {key: plan, type: file, required: true, label: Handlingsplan}
  - {key: bilag, type: file, label: Bilag, allowed: "png, jpg", max_mb: 2, max_files: 3}
confirmation: {subject: Tak, body: Tak}
privacy:
  controller: Hedensted Kommune
  purpose: Test
  legal_basis: Art. 6, stk. 1, litra e
  retention: 1 år
  rights: Indsigt, berigtigelse, sletning
  contact: erhverv@hedensted.dk
"""


def mapping(**changes) -> dict:
    data = yaml.safe_load(FORM)
    data["fields"][2].update(changes)
    return data


def test_the_type_describes_its_own_properties():
    described = REGISTRY["file"].describe()
    names = [p["name"] for p in described["properties"]]
    assert names == ["key", "type", "label", "help", "show_if", "required", "required_message",
                     "required_if", "allowed", "max_mb", "max_files"]
    kinds = {p["name"]: (p["kind"], p["default"]) for p in described["properties"]}
    assert kinds["allowed"] == ("string", None)
    assert kinds["max_mb"] == ("integer", 10) and kinds["max_files"] == ("integer", 1)


def test_the_loader_reads_the_properties_and_their_defaults():
    definition, problems = load_mapping(mapping(), "plan.yaml")
    assert problems == []
    plan, bilag = definition.field("plan"), definition.field("bilag")
    assert allowed_kinds(plan) == ("pdf", "docx", "xlsx", "png", "jpeg")
    assert allowed_kinds(bilag) == ("png", "jpeg")
    assert accept(bilag) == ".png,.jpg,.jpeg,image/png,image/jpeg"
    assert request_limit(definition) == (10 + 2 * 3 + 1) * 1024 * 1024


@pytest.mark.parametrize("change,problem", [
    ({"allowed": "pdf, exe"}, "'allowed' kan kun være pdf, docx, xlsx, png og jpeg"),
    ({"max_mb": 0}, "'max_mb' skal være mellem 1 og 50"),
    ({"max_mb": 51}, "'max_mb' skal være mellem 1 og 50"),
    ({"max_files": 11}, "'max_files' skal være mellem 1 og 10"),
    ({"max_files": 3, "max_mb": 34}, "'max_mb' gange 'max_files' må højst være 100 (MB i alt)"),
    ({"max_files": "to"}, "'max_files' skal være et helt tal"),
    ({"default": "x.pdf"}, "nøglen 'default' bruges ikke af typen file"),
])
def test_the_loader_refuses_wrong_properties(change, problem):
    _definition, problems = load_mapping(mapping(**change), "plan.yaml")
    assert any(problem in p and "felt 'bilag'" in p for p in problems), problems


def test_a_file_field_cannot_sit_in_a_repeat():
    data = yaml.safe_load(FORM)
    data["fields"].append({"key": "folk", "type": "repeat", "label": "Folk", "fields": [
        {"key": "cv", "type": "file", "label": "CV"}]})
    _definition, problems = load_mapping(data, "plan.yaml")
    assert problems, "a file inside a repeat has no sign-up row of its own to hang on"


FOLLOWUP = """\
slug: opf
kind: followup
title: Opfølgning
goal_fields:
  - {key: status, type: text, label: Status}
  - {key: plan, type: file, label: Handlingsplan, allowed: "pdf, docx, xlsx", max_files: 3}
fields:
  - {key: bilag, type: file, label: Bilag}
"""


def test_a_file_field_may_sit_in_a_followups_goal_block():
    """An action plan per goal (issue 14 §3): the request limit counts it once per goal."""
    definition, problems = load_mapping(yaml.safe_load(FOLLOWUP), "opf.yaml")
    assert problems == []
    assert definition.goal_field("plan").type == "file"
    assert request_limit(definition) == (10 + 1) * 1024 * 1024
    assert request_limit(definition, blocks=2) == (10 + 2 * 30 + 1) * 1024 * 1024
    data = yaml.safe_load(FOLLOWUP)
    data["goal_fields"].append({"key": "folk", "type": "repeat", "label": "Folk", "fields": [
        {"key": "cv", "type": "file", "label": "CV"}]})
    _definition, problems = load_mapping(data, "opf.yaml")
    assert problems, "still not inside a repeat's rows, in a goal block either"


def test_display_and_export_cells(app):
    definition, _ = load_mapping(mapping(), "plan.yaml")
    file_type, bilag = REGISTRY["file"], definition.field("bilag")
    answer = [{"id": 4, "name": "a.png", "size": 10, "type": "png"},
              {"id": 5, "name": "Ærø.jpg", "size": 20, "type": "jpeg"}]
    assert file_type.display(bilag, answer) == "a.png, Ærø.jpg"
    assert file_type.display(bilag, None) == ""
    headers = [c.header for c in file_type.export_columns(bilag, codes=False)]
    assert headers == ["Bilag", "Bilag (link 1)", "Bilag (link 2)", "Bilag (link 3)"]
    with app.app_context():
        cells = file_type.export_maker(bilag, codes=False)
        assert cells({"bilag": answer}) == [
            "a.png, Ærø.jpg",
            Link("https://intake.example.dk/staff/filer/4", "a.png"),
            Link("https://intake.example.dk/staff/filer/5", "Ærø.jpg"), None]
        assert cells({"bilag": None}) == [None] * 4


def test_one_file_one_link_column_and_older_answers_with_more_files_keep_every_link(app):
    data = mapping(max_files=1)
    definition, problems = load_mapping(data, "plan.yaml")
    assert not problems, problems
    file_type, bilag = REGISTRY["file"], definition.field("bilag")
    assert [c.header for c in file_type.export_columns(bilag, codes=False)] == [
        "Bilag", "Bilag (link)"]
    answer = [{"id": n, "name": f"{n}.pdf", "size": 1, "type": "pdf"} for n in (7, 8, 9)]
    with app.app_context():
        cells = file_type.export_maker(bilag, codes=False)({"bilag": answer})
    assert cells == ["7.pdf, 8.pdf, 9.pdf", "\n".join(
        f"https://intake.example.dk/staff/filer/{n}" for n in (7, 8, 9))]


def test_xlsform_reads_back_a_file_field(app):
    data = mapping()
    with app.test_request_context():
        book = workbook_bytes(data)
        reading = read_workbook(book)
        assert reading.problems == []
    fields = {f["key"]: f for f in reading.mapping["fields"]}
    assert fields["bilag"]["type"] == "file"
    assert fields["bilag"]["allowed"] == "png, jpg" and fields["bilag"]["max_files"] == 3
    result = convert(xlsform=io.BytesIO(book), file_type=".xlsx", validate=False)
    assert "<h:title>" in result.xform


def test_xlsform_writes_the_file_type_as_xlsforms_own(app):
    from openpyxl import load_workbook

    with app.test_request_context():
        book = load_workbook(io.BytesIO(workbook_bytes(mapping())))
    types = [row[0].value for row in book["survey"].iter_rows(min_row=2)]
    assert types.count("file") == 2
