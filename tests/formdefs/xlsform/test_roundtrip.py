"""Lossless: every shipped form, written as an XLSForm workbook and read back, is the same
mapping and the same parsed FormDef; the workbook is a valid XLSForm for pyxform itself."""

from __future__ import annotations

import io
from datetime import date

import pytest
import yaml
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from intake.formdefs.loader import _Loader, load_mapping
from intake.formdefs.store import normalized
from intake.formdefs.xlsform import read_workbook, template_bytes, workbook_bytes
from intake.formdefs.xlsform.export import TEMPLATE
from tests.conftest import ROOT

SHIPPED = sorted((ROOT / "forms").glob("*.yaml"))


def shipped(path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_form_reads_back_identical(ctx, path):
    mapping = shipped(path)
    reading = read_workbook(workbook_bytes(mapping))
    assert reading.problems == [] and reading.notices == []
    assert reading.mapping == mapping
    before, problems = load_mapping(mapping, path.name)
    after, problems_after = load_mapping(reading.mapping, path.name)
    assert problems == problems_after == []
    assert after == before


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_stored_form_reads_back_identical(ctx, path):
    """The store keeps dates as text (store.normalized); they come back as text."""
    mapping = normalized(shipped(path))
    assert read_workbook(workbook_bytes(mapping)).mapping == mapping


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_download_is_valid_xlsform(ctx, path):
    result = convert(xlsform=io.BytesIO(workbook_bytes(shipped(path))), file_type=".xlsx",
                     validate=False)
    assert "<h:title>" in result.xform


def test_layout_of_a_download(ctx):
    book = load_workbook(io.BytesIO(workbook_bytes(shipped(ROOT / "forms" /
                                                           "netvaerksmesse.yaml"))))
    assert book.sheetnames == ["survey", "choices", "settings", "intake_settings",
                               "intake_occasions", "intake_eligibility"]
    headers = [c.value for c in book["survey"][1]]
    assert headers[:15] == [
        "type", "name", "label::Dansk (da)", "label::English (en)", "hint::Dansk (da)",
        "hint::English (en)", "required", "required_message::Dansk (da)",
        "required_message::English (en)", "relevant", "constraint",
        "constraint_message::Dansk (da)", "constraint_message::English (en)", "default",
        "intake::type",
    ]
    rows: dict = {}
    for r in book["survey"].iter_rows(min_row=2, values_only=True):
        rows.setdefault(r[1], r)  # a repeat's end_repeat row carries its name too
    column = {h: i for i, h in enumerate(headers)}
    assert rows["cvr"][column["type"]] == "text"
    assert rows["cvr"][column["intake::type"]] == "cvr"
    assert rows["deltagere"][column["type"]] == "begin_repeat"
    assert rows["netvaerk"][column["type"]] == "select_multiple netvaerk"
    settings = {r[0]: r[1] for r in book["intake_settings"].iter_rows(min_row=2,
                                                                      values_only=True)}
    assert settings["capacity.seats"] == 200 and settings["capacity.waiting_list"] is True
    occasion = next(book["intake_occasions"].iter_rows(min_row=2, values_only=True))
    assert occasion[0].date() == date(2027, 10, 8) and occasion[1] == "09:00"
    eligibility = next(book["intake_eligibility"].iter_rows(min_row=2, values_only=True))
    assert eligibility[:2] == ("postnummer", "[7130, 7140, 7150, 7160, 7171, 8721, 8722, 8723, "
                                             "8763, 8781, 8783]")


def test_conditions_and_ranges_are_xlsform_expressions(ctx):
    mapping = normalized(shipped(ROOT / "forms" / "samarbejdsgruppe.yaml"))
    mapping["fields"].append({"key": "antal", "type": "integer", "min": 1, "max": 10,
                              "label": "Antal", "show_if": {"sektor": ["kommune", "andre"]}})
    book = load_workbook(io.BytesIO(workbook_bytes(mapping)))
    headers = [c.value for c in book["survey"][1]]
    row = [r for r in book["survey"].iter_rows(min_row=2, values_only=True) if r[1] == "antal"][0]
    assert row[headers.index("constraint")] == ". >= 1 and . <= 10"
    assert row[headers.index("relevant")] == "(${sektor} = 'kommune' or ${sektor} = 'andre')"
    choices = list(book["choices"].iter_rows(values_only=True))
    show_if = choices[0].index("intake_show_if")
    first_role = next(r for r in choices if r[1] == "arbejdsliv-jobcenter")
    assert first_role[show_if] == "${gruppe} = 'arbejdsliv' and ${sektor} = 'kommune'"
    assert read_workbook(workbook_bytes(mapping)).mapping == mapping


def test_texts_keep_their_spaces_and_line_breaks(ctx):
    mapping = normalized(shipped(ROOT / "forms" / "netvaerksmesse.yaml"))
    mapping["intro"] = "  Første linje\n\nAnden linje\n"
    assert read_workbook(workbook_bytes(mapping)).mapping["intro"] == "  Første linje\n\nAnden " \
                                                                      "linje\n"


def test_template_file_is_the_generated_template(ctx):
    """forms/skabelon.xlsx is written by template_bytes(), never by hand."""
    assert (ROOT / "forms" / "skabelon.xlsx").read_bytes() == template_bytes()
    reading = read_workbook(template_bytes())
    assert reading.mapping == TEMPLATE and reading.problems == []
    definition, problems = load_mapping(TEMPLATE, "skabelon")
    assert problems == [] and definition is not None
