"""Workbooks print as staff expect: every workbook intake writes, printed by LibreOffice.

The issue's example: a 3-person group export printed on 13 pages (portrait, the columns
spilling over page after page). The follow-up and status workbooks are printed in
tests/rounds/test_workbooks.py.
"""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest

from intake.clock import LOCAL
from intake.exports.cells import Column
from intake.exports.printing import MAX_TITLE, escape
from intake.exports.service import write_form_workbook
from intake.exports.xlsx import WorkbookWriter
from intake.formdefs.registry import current_registry
from intake.gdpr import person as persons
from intake.gdpr import service as gdpr
from intake.goals import importer
from tests.exports.factory import FORMS, FULL_ANSWERS, add_signup
from tests.exports.pdf import assert_print_setup, pages_of, print_pages

NOW = datetime(2026, 11, 20, 10, 5, tzinfo=LOCAL)


def group_answers(name: str, number: int) -> dict:
    return {"gruppe": "arbejdsliv", "sektor": "kommune", "rolle": "arbejdsliv-jobcenter",
            "navn": name, "stilling": "Leder", "organisation": "Hedensted Kommune",
            "email": f"person{number}@example.dk", "telefon": "+46701234567",
            "motivation": "- fordi vi vil\n- og fordi vi kan " * 4}


@pytest.fixture
def group_app(make_app, frozen_clock):
    """The real forms: samarbejdsgruppe is the issue's "group export"."""
    frozen_clock(NOW)
    app = make_app()
    for number, name in enumerate(("Anne Andersen", "Bo Berg", "Carl Clausen")):
        add_signup(app, "samarbejdsgruppe", group_answers(name, number))
    return app


@pytest.mark.slow
def test_a_three_person_group_export_prints_its_signups_on_one_page(group_app, tmp_path):
    path = tmp_path / "gruppe.xlsx"
    with group_app.app_context():
        write_form_workbook(current_registry().get("samarbejdsgruppe"), str(path))
    assert_print_setup(path, "Tilmelding til en samarbejdsgruppe")
    pages = print_pages(path, tmp_path)
    signups = pages_of(pages, "Tilmeldinger")
    assert len(signups) == 1  # was 8 of 11 pages: every column group on its own page
    assert all(name in signups[0] for name in ("Anne Andersen", "Bo Berg", "Carl Clausen"))
    # The last column is on the same page: fit to one page wide.
    assert signups[0].count("+46 70 123 45 67") == 3 and "'+46" not in signups[0]
    # The "Felter" sheet explains ~100 answer options; it prints one page wide too.
    assert len(pages_of(pages, "Felter")) <= 2
    assert len(pages) <= 3
    # Header: form title and sheet; footer: date and page.
    assert signups[0].startswith("Tilmelding til en samarbejdsgruppe Tilmeldinger")
    assert "Dannet 20-11-2026 kl. 10.05" in signups[0]
    assert f"Side 1 af {len(pages)}" in signups[0]


@pytest.mark.slow
def test_the_header_row_is_repeated_on_every_printed_page(make_app, frozen_clock, tmp_path):
    frozen_clock(NOW)
    path = tmp_path / "mange.xlsx"
    with WorkbookWriter(str(path), title="Ost & Vin &P 100%") as book:
        book.write_sheet("Rækker", [Column("Nummer", "number"), Column("Tekst")],
                         [[n, f"Række {n}"] for n in range(1, 121)])
    pages = print_pages(path, tmp_path)
    assert len(pages) >= 2
    for text in pages:
        assert "Nummer Tekst" in text  # the header row on every page
        # A literal & in a title stays text: not a header code (&P would be the page number).
        assert text.startswith("Ost & Vin &P 100% Rækker")


def test_header_text_is_escaped_and_kept_short():
    assert escape("Ost & Vin") == "Ost && Vin"
    assert escape("To\nlinjer") == "To linjer"
    long = escape("x" * 500)
    assert len(long) == MAX_TITLE and long.endswith("…")


def test_every_sheet_of_the_signup_export_is_set_up_for_printing(make_app, tmp_path):
    app = make_app(FORMS_DIR=str(FORMS))
    add_signup(app, "eksport", FULL_ANSWERS | {"noter": "=" + "ø" * 40_000})
    path = tmp_path / "eksport.xlsx"
    with app.app_context():
        write_form_workbook(current_registry().get("eksport"), str(path))
    assert openpyxl.load_workbook(path).sheetnames == [
        "Tilmeldinger", "Deltagere", "Felter", "Lange tekster"]
    assert_print_setup(path, "Eksporttest")


def test_the_access_workbook_is_set_up_for_printing(make_app, tmp_path):
    app = make_app(FORMS_DIR=str(FORMS))
    add_signup(app, "eksport", FULL_ANSWERS)
    path = tmp_path / "indsigt.xlsx"
    with app.app_context():
        gdpr.write_access_workbook(gdpr.find(persons.parse("soeren@example.dk")), str(path))
    assert_print_setup(path, "Udtræk af personoplysninger")


@pytest.mark.slow
def test_the_goal_import_template_prints_on_few_pages(app, tmp_path):
    with app.test_request_context():
        data = importer.template_bytes()
    assert_print_setup(data, "Skabelon til import af mål")
    pages = print_pages(data, tmp_path)
    assert len(pages_of(pages, "Mål")) == 1 and len(pages_of(pages, "Vejledning")) == 1
    assert len(pages) == 2


def test_ratios_are_numbers_with_a_percentage_format(tmp_path):
    path = tmp_path / "procent.xlsx"
    with WorkbookWriter(str(path)) as book:
        book.write_sheet("Tal", [Column("Svarprocent", "percent"), Column("Antal", "number")],
                         [[2 / 3, 3], [None, 0]])
    sheet = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))["Tal"]
    assert sheet["A2"].value == pytest.approx(0.6667, abs=1e-4)
    assert sheet["A2"].number_format == "0.0%"
    assert sheet["B2"].number_format == "General"
