"""The form workbook, opened with openpyxl: values, real types, layout, labels or codes."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest
import sqlalchemy as sa
from sqlalchemy import event

from intake.clock import LOCAL
from intake.exports.service import write_form_workbook
from intake.extensions import db
from intake.formdefs.registry import current_registry
from tests.exports.factory import FULL_ANSWERS, add_signup

SIGNED_UP = datetime(2026, 6, 1, 9, 30, 15, tzinfo=LOCAL)  # summer time: UTC+2


def export(app, tmp_path, slug="eksport", **options):
    path = tmp_path / f"{slug}.xlsx"
    with app.app_context():
        written = write_form_workbook(current_registry().get(slug), str(path), **options)
    return openpyxl.load_workbook(path), written


def rows_by_header(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_one_row_per_signup_with_real_types(export_app, tmp_path):
    reference = add_signup(export_app, "eksport", FULL_ANSWERS, at=SIGNED_UP)
    book, written = export(export_app, tmp_path)

    assert written == 1
    assert book.sheetnames == ["Tilmeldinger", "Deltagere", "Felter"]
    sheet = book["Tilmeldinger"]
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["Reference", "Tilmeldt", "Status", "Navn"]
    [row] = rows_by_header(sheet)
    assert row["Reference"] == reference
    # The time of sign-up is an Excel datetime in Danish wall-clock time.
    assert row["Tilmeldt"] == datetime(2026, 6, 1, 9, 30, 15)
    assert (
        sheet["B2"].is_date
        and "yyyy" in sheet["B2"].number_format
        and "hh:mm" in sheet["B2"].number_format
    )
    assert row["Status"] == "Bekræftet"
    assert row["Navn"] == "Søren Ærø"
    assert row["Bemærkninger"] == "Første linje\nanden linje"
    # Numbers are numbers, dates are dates.
    assert row["Antal medarbejdere"] == 12 and isinstance(row["Antal medarbejdere"], int)
    date_cell = sheet.cell(2, headers.index("Startdato") + 1)
    assert date_cell.is_date and date_cell.value == datetime(2024, 2, 29)
    assert date_cell.number_format == "dd-mm-yyyy"
    # CVR, phone and postcode stay text: leading zeros and spaces survive.
    assert row["CVR-nummer"] == "01234567"
    assert row["Postnummer"] == "0800"
    assert row["Telefon"] == "01 23 45 67"
    for header in ("CVR-nummer", "Postnummer", "Telefon"):
        assert sheet.cell(2, headers.index(header) + 1).data_type == "s"
    assert row["Har I en hjemmeside?"] == "Ja"
    assert row["Sektor"] == "Erhverv"
    assert row["Antal: Deltagere"] == 2


def test_multichoice_gives_a_readable_column_and_one_flag_per_option(export_app, tmp_path):
    add_signup(export_app, "eksport", FULL_ANSWERS)
    add_signup(
        export_app,
        "eksport",
        FULL_ANSWERS | {"email": "b@example.dk", "interesser": [], "deltagere": []},
    )
    book, _ = export(export_app, tmp_path)
    first, second = rows_by_header(book["Tilmeldinger"])
    assert first["Interesser"] == "Handel, Ost & smør"
    assert (
        first["Interesser: Handel"],
        first["Interesser: Byggeri"],
        first["Interesser: Ost & smør"],
    ) == (1, 0, 1)
    assert second["Interesser"] is None
    assert (
        second["Interesser: Handel"],
        second["Interesser: Byggeri"],
        second["Interesser: Ost & smør"],
    ) == (0, 0, 0)
    assert all(isinstance(first[h], int) for h in ("Interesser: Handel", "Interesser: Byggeri"))


def test_a_repeat_becomes_one_row_per_person_linked_by_reference(export_app, tmp_path):
    first = add_signup(export_app, "eksport", FULL_ANSWERS)
    second = add_signup(
        export_app,
        "eksport",
        FULL_ANSWERS
        | {
            "email": "c@example.dk",
            "deltagere": [
                {"navn": "Cille", "email": None, "foedt": "2001-12-24"},
                {"navn": "Dan", "email": None, "foedt": None},
            ],
        },
    )
    book, _ = export(export_app, tmp_path)
    people = rows_by_header(book["Deltagere"])
    assert [(p["Reference"], p["Nr."], p["Navn"]) for p in people] == [
        (first, 1, "Anna Ås"), (first, 2, "Bo Bæk"), (second, 1, "Cille"), (second, 2, "Dan"),
    ]
    assert people[0]["E-mail"] == "anna@example.dk"
    assert people[0]["Fødselsdato"] == datetime(1990, 1, 2)
    assert book["Deltagere"]["E2"].is_date
    # Three seats, four people: the second sign-up (two people) does not fit and waits.
    statuses = [r["Status"] for r in rows_by_header(book["Tilmeldinger"])]
    assert statuses == ["Bekræftet", "Venteliste"]


def test_codes_instead_of_labels(export_app, tmp_path):
    add_signup(export_app, "eksport", FULL_ANSWERS)
    book, _ = export(export_app, tmp_path, codes=True)
    [row] = rows_by_header(book["Tilmeldinger"])
    assert row["Status"] == "confirmed"
    assert row["Sektor"] == "erhverv"
    assert row["Har I en hjemmeside?"] == "ja"
    assert row["Interesser"] == "handel, ost"
    assert row["Interesser: handel"] == 1
    assert row["Telefon"] == "+4501234567"  # raw E.164, as stored: no visible '
    headers = [c.value for c in book["Tilmeldinger"][1]]
    # The quote-prefix style: an edit in Excel keeps it text.
    assert book["Tilmeldinger"].cell(2, headers.index("Telefon") + 1).quotePrefix


def test_header_row_is_frozen_filtered_and_columns_fitted(export_app, tmp_path):
    add_signup(export_app, "eksport", FULL_ANSWERS)
    add_signup(export_app, "eksport", FULL_ANSWERS | {"email": "x@example.dk", "navn": "N" * 45})
    book, _ = export(export_app, tmp_path)
    for name in ("Tilmeldinger", "Deltagere", "Felter"):
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        assert (
            sheet.auto_filter.ref
            == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        )
        assert sheet["A1"].font.b
    sheet = book["Tilmeldinger"]
    widths = {sheet.cell(1, c).value: sheet.column_dimensions[sheet.cell(1, c).column_letter].width
              for c in range(1, sheet.max_column + 1)}
    assert widths["Navn"] >= 45  # fitted to the longest value in the sample
    assert widths["Reference"] >= 9
    assert 8 <= widths["Tilmeldt"] <= 20
    assert all(6 <= w <= 60 for w in widths.values())


def test_felter_sheet_explains_every_column_and_option_code(export_app, tmp_path):
    add_signup(export_app, "eksport", FULL_ANSWERS)
    book, _ = export(export_app, tmp_path)
    described = rows_by_header(book["Felter"])
    columns = {r["Kolonne"] for r in described if r["Kolonne"]}
    main_headers = {c.value for c in book["Tilmeldinger"][1]}
    people_headers = {c.value for c in book["Deltagere"][1]}
    assert main_headers <= columns
    assert people_headers <= columns
    codes = {(r["Kode"], r["Svarmulighed"]) for r in described if r["Kode"]}
    assert {
        ("kommune", "Kommune"),
        ("erhverv", "Erhverv"),
        ("andre", "Andre aktører"),
        ("handel", "Handel"),
        ("ost", "Ost & smør"),
        ("ja", "Ja"),
        ("nej", "Nej"),
        ("confirmed", "Bekræftet"),
        ("waitlisted", "Venteliste"),
        ("cancelled", "Afmeldt"),
    } <= codes
    navn = next(r for r in described if r["Nøgle"] == "navn")
    assert (navn["Type"], navn["Påkrævet"]) == ("tekst", "Ja")
    assert any(r["Nøgle"] == "deltagere.foedt" and r["Ark"] == "Deltagere" for r in described)


def test_dated_occasions_get_a_status_column_each(export_app, tmp_path, frozen_clock):
    # next first Fridays: 4 Dec, 1 Jan, ...
    frozen_clock(datetime(2026, 11, 20, 10, 0, tzinfo=LOCAL))
    first = add_signup(
        export_app,
        "fredag",
        {"datoer": ["2026-12-04", "2027-01-01"], "navn": "A", "email": "a@example.dk"},
    )
    add_signup(
        export_app, "fredag", {"datoer": ["2027-01-01"], "navn": "B", "email": "b@example.dk"}
    )
    book, _ = export(export_app, tmp_path, slug="fredag")
    sheet = book["Tilmeldinger"]
    rows = rows_by_header(sheet)
    assert rows[0]["Reference"] == first
    assert rows[0]["Dato"] == "04-12-2026, 01-01-2027"
    assert rows[0]["Status 04-12-2026 08.30"] == "Bekræftet"
    assert rows[0]["Status 01-01-2027 08.30"] == "Bekræftet"
    assert rows[1]["Status 04-12-2026 08.30"] is None
    assert rows[1]["Status 01-01-2027 08.30"] == "Venteliste"  # one seat per Friday
    assert rows[1]["Status"] == "Venteliste"


def test_signups_are_read_in_batches_not_all_at_once(export_app, tmp_path):
    with export_app.app_context():
        form = current_registry().get("eksport")
        _bulk_signups(form, 25)
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            written = write_form_workbook(form, str(tmp_path / "b.xlsx"), batch_size=10)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    assert written == 25
    signup_queries = [s for s in statements if "FROM signups" in s and "LIMIT" in s]
    assert len(signup_queries) == 3  # 10 + 10 + 5
    assert all("signups.id >" in s for s in signup_queries)  # keyset, not OFFSET
    book = openpyxl.load_workbook(tmp_path / "b.xlsx", read_only=True)
    assert book["Tilmeldinger"].max_row == 26


def _bulk_signups(form, count):
    from intake.signups.models import Booking, BookingStatus, Signup

    for n in range(count):
        signup = Signup(reference=f"HE-B{n:05d}", form_slug=form.slug, form_version=1,
                        answers={"navn": f"Person {n}", "email": f"p{n}@example.dk"},
                        email=f"p{n}@example.dk", submission_key=f"k{n}", created_at=SIGNED_UP)
        signup.bookings.append(Booking(form_slug=form.slug, bucket="form", seats=1,
                                       status=BookingStatus.CONFIRMED, created_at=SIGNED_UP))
        db.session.add(signup)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(Signup.id))) == count


@pytest.mark.parametrize("codes", [False, True])
def test_an_empty_form_still_has_headers(export_app, tmp_path, codes):
    book, written = export(export_app, tmp_path, codes=codes)
    assert written == 0
    assert book["Tilmeldinger"]["A1"].value == "Reference"
    assert book["Tilmeldinger"].freeze_panes == "A2"
