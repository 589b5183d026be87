"""intake.uploads.workbook reads a workbook exactly as Excel shows it: every row with content,
with its own row number, and every value as Excel displays it."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import openpyxl
import pytest
import xlsxwriter

from intake.uploads.workbook import Refused, read_sheet
from tests.uploads import factory as f


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def test_strings_shared_inline_rich_and_escaped(ctx):
    shared = f.shared_xml(
        f.si_text("Flere lærepladser"),
        # rich text: runs joined; the phonetic guide (rPh) is not shown in the cell
        '<r><rPr><b/></rPr><t>Fed</t></r><r><t xml:space="preserve"> og tynd</t></r>'
        '<rPh sb="0" eb="1"><t>ふりがな</t></rPh>',
        f.si_text("linje_x000D_ slut"),  # OOXML escape of a character XML cannot hold
        f.si_text(""),
    )
    sheet = f.sheet_xml(
        f.row(1, f.cell("A1", 0, "s"), f.cell("B1", 1, "s"), f.cell("C1", 2, "s")),
        f.row(2, f.text("A2", "Æblegrød"), f.cell("B2", kind="inlineStr", raw=(
            "<is><r><t>rig</t></r><r><t>tekst</t></r></is>")), f.cell("C2", 3, "s")),
    )
    result = read_sheet(f.workbook(sheet, shared=shared))
    assert result.name == "Ark1"
    assert result.rows == [
        (1, ("Flere lærepladser", "Fed og tynd", "linje\r slut")),
        (2, ("Æblegrød", "rigtekst")),  # an empty text shows nothing
    ]


def test_numbers_booleans_and_formulas_show_their_saved_values(ctx):
    sheet = f.sheet_xml(f.row(
        1, f.cell("A1", "20"), f.cell("B1", "0.30000000000000004"), f.cell("C1", "1", "b"),
        f.cell("D1", "0", "b"), f.cell("E1", "42", formula="SUM(1,41)"),
        f.cell("F1", "to", "str", formula='"t"&"o"'), f.cell("G1", "1", "b", formula="TRUE()"),
        f.cell("H1", "-1.5E3"), f.cell("I1", "12345678901234567890"),
    ))
    assert read_sheet(f.workbook(sheet)).rows == [
        # Excel keeps 15 digits
        (1, (20, 0.3, True, False, 42, "to", True, -1500, 1.23456789012346e19)),
    ]


def test_dates_in_both_date_systems_times_and_durations(ctx):
    cells = (
        f.cell("A1", "46752", style=1),  # 31-12-2027 (1900 system)
        f.cell("B1", "46752.5", style=2),  # with a time
        f.cell("C1", "0.75", style=4),  # a time of day
        f.cell("D1", "1.5", style=3),  # [h]:mm
        f.cell("E1", "2027-12-31T00:00:00", "d"),  # ISO 8601 date cell
        f.cell("F1", "59", style=1), f.cell("G1", "61", style=1),  # around the 1900 leap bug
    )
    rows = read_sheet(f.workbook(f.sheet_xml(f.row(1, *cells)))).rows
    assert rows == [(1, (date(2027, 12, 31), datetime(2027, 12, 31, 12, 0), time(18, 0),
                         timedelta(hours=36), date(2027, 12, 31), date(1900, 2, 28),
                         date(1900, 3, 1)))]
    # The same serial is four years and a day later in the 1904 system (Mac Excel)
    rows = read_sheet(f.workbook(f.sheet_xml(f.row(1, cells[0])), date1904=True)).rows
    assert rows == [(1, (date(2032, 1, 1),))]


def test_row_numbers_stay_true_across_empty_rows_and_missing_references(ctx):
    sheet = f.sheet_xml(
        f.row(1, f.text("A1", "hoved")),
        f.row(2),  # formatted but empty
        f.row(3, f.cell("A3", style=1), f.text("B3", "   ")),  # only blanks: no content
        f.row(7, f.text("C7", "syv")),
        f.row(None, f.cell(None, "1"), f.cell(None, "2")),  # no r: the next row, columns A, B
        f.row(1048576, f.text("A1048576", "sidste række")),
    )
    assert read_sheet(f.workbook(sheet)).rows == [
        (1, ("hoved",)), (7, (None, None, "syv")), (8, (1, 2)), (1048576, ("sidste række",)),
    ]


def test_merged_cells_show_their_value_once_as_excel_does(ctx):
    sheet = f.sheet_xml(f.row(1, f.text("A1", "fælles"), f.cell("B1")), f.row(2, f.cell("A2")),
                        extra='<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>')
    assert read_sheet(f.workbook(sheet)).rows == [(1, ("fælles",))]


def test_hidden_sheets_are_passed_over_and_strict_ooxml_reads(ctx):
    hidden = f.sheet_xml(f.row(1, f.text("A1", "skjult")))
    shown = f.sheet_xml(f.row(1, f.text("A1", "synlig")))
    result = read_sheet(f.workbook(hidden, shown, names=["Opslag", "Mål"], hidden={0}))
    assert (result.name, result.rows) == ("Mål", [(1, ("synlig",))])
    strict = f.sheet_xml(f.row(1, f.text("A1", "strict"), f.cell("B1", "46752", style=1)),
                         ns=f.STRICT_MAIN)
    assert read_sheet(f.workbook(strict, strict=True)).rows == [(1, ("strict", date(2027, 12, 31)))]


def test_workbooks_written_by_openpyxl_and_xlsxwriter(ctx):
    book = openpyxl.Workbook()
    book.active.append(["Titel", 3, date(2027, 6, 30), True])
    book.active.append([])
    book.active.append(["næste", 2.5, datetime(2027, 6, 30, 9, 30), None])
    buffer = io.BytesIO()
    book.save(buffer)
    expected = [(1, ("Titel", 3, date(2027, 6, 30), True)),
                (3, ("næste", 2.5, datetime(2027, 6, 30, 9, 30)))]
    assert read_sheet(buffer.getvalue()).rows == expected
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as writer:
        sheet = writer.add_worksheet("Mål")
        dated = writer.add_format({"num_format": "dd-mm-yyyy"})
        stamped = writer.add_format({"num_format": "dd-mm-yyyy hh:mm"})
        sheet.write_row(0, 0, ["Titel", 3])
        sheet.write_datetime(0, 2, datetime(2027, 6, 30), dated)
        sheet.write_boolean(0, 3, True)
        sheet.write_row(2, 0, ["næste", 2.5])
        sheet.write_datetime(2, 2, datetime(2027, 6, 30, 9, 30), stamped)
        sheet.write_formula(4, 0, "=1+1", None, 2)
    expected.append((5, (2,)))
    assert read_sheet(buffer.getvalue()).rows == expected


def test_the_same_content_saved_twice_has_the_same_digest(ctx):
    sheet = f.sheet_xml(f.row(1, f.text("A1", "x"), f.cell("B1", "1")))
    first = read_sheet(f.workbook(sheet))
    again = read_sheet(f.workbook(sheet, names=["Andet navn"], styles=None))
    other = read_sheet(f.workbook(f.sheet_xml(f.row(1, f.text("A1", "y")))))
    assert first.digest == again.digest != other.digest


def test_a_refusal_is_an_exception_with_a_danish_message(ctx):
    with pytest.raises(Refused) as refused:
        read_sheet(b"")
    assert refused.value.message == "Filen er tom."
