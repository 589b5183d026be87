"""A decimal answer (issue 8 §5: typed with the Danish comma, stored as a JSON number) is
exported as a number: a number cell in the workbook, 7,5 in the semicolon CSV for Danish
Excel and 7.5 in the comma CSV. Column kinds come from the field type, not a list of names."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from types import SimpleNamespace

import openpyxl
import pytest

from intake.exports import signups
from intake.formdefs.registry import current_registry
from tests.exports.factory import FORMS, FULL_ANSWERS, add_signup

DECIMAL_FIELD = "  - {key: timer, type: decimal, label: Timer om ugen}\n"


@pytest.fixture
def app(make_app, tmp_path):
    """The export test form with a decimal field after the integer one."""
    forms = tmp_path / "forms"
    forms.mkdir()
    text = (FORMS / "eksport.yaml").read_text(encoding="utf-8")
    anchor = "  - {key: antal, type: integer, label: Antal medarbejdere}\n"
    assert anchor in text
    (forms / "eksport.yaml").write_text(text.replace(anchor, anchor + DECIMAL_FIELD), "utf-8")
    return make_app(FORMS_DIR=str(forms))


def _csv(staff_client, dialect: str) -> dict[str, str]:
    response = staff_client.get(f"/staff/f/eksport/eksport.csv?adskiller={dialect}")
    text = response.data.decode("utf-8-sig")
    delimiter = ";" if dialect == "semikolon" else ","
    header, row = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return dict(zip(header, row, strict=True))


def test_a_decimal_answer_is_a_number_in_every_download(app, staff_client):
    add_signup(app, "eksport", FULL_ANSWERS | {"timer": 7.5})
    book = openpyxl.load_workbook(
        io.BytesIO(staff_client.get("/staff/f/eksport/eksport.xlsx").data)
    )
    sheet = book["Tilmeldinger"]
    headers = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=headers.index("Timer om ugen") + 1)
    assert cell.value == 7.5 and cell.data_type == "n"  # not the text "7,5"
    fields = {r[2]: r[3] for r in book["Felter"].iter_rows(min_row=2, values_only=True) if r[2]}
    assert fields["timer"] == "decimaltal"
    assert _csv(staff_client, "semikolon")["Timer om ugen"] == "7,5"
    assert _csv(staff_client, "komma")["Timer om ugen"] == "7.5"


def test_a_whole_decimal_stays_a_number_and_an_empty_one_empty(app):
    with app.app_context():
        form = current_registry().get("eksport")
    export = signups.layout(form)
    kinds = {c.header: c.kind for c in export.main.columns}
    assert kinds["Timer om ugen"] == "number" and kinds["Antal medarbejdere"] == "number"
    assert kinds["Startdato"] == "date" and kinds["Navn"] == "text"
    items = [_signup(FULL_ANSWERS | {"timer": 8}), _signup(FULL_ANSWERS | {"timer": None})]
    rows = [dict(zip(kinds, row, strict=True))
            for sheet, row in signups.rows(export, items) if sheet == signups.MAIN]
    assert rows[0]["Timer om ugen"] == 8 and rows[1]["Timer om ugen"] is None


def _signup(answers: dict) -> SimpleNamespace:
    return SimpleNamespace(reference="HE-TEST01", answers=answers, bookings=[],
                           created_at=datetime(2026, 1, 15, tzinfo=UTC), cancelled_at=None)
