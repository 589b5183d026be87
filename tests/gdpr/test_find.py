"""Find a person by e-mail or phone across every form and list, and the access workbook."""

from __future__ import annotations

from datetime import datetime

import openpyxl

from intake.clock import LOCAL
from intake.gdpr import person as persons
from intake.gdpr import service
from tests.exports.factory import FULL_ANSWERS, add_signup

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=LOCAL)


def find(app, text):
    with app.app_context():
        return service.find(persons.parse(text))


def section(report, title):
    return next(s for s in report.sections if s.title == title)


def test_queries_are_normalised_like_the_forms_store_them():
    assert persons.parse(" Soeren@Example.DK ") == persons.Person(email="soeren@example.dk")
    assert persons.parse("01 23 45 67") == persons.Person(phone="+4501234567")
    assert persons.parse("+46 70 123 45 67") == persons.Person(phone="+46701234567")
    assert persons.parse("ikke en adresse@") is None
    assert persons.parse("12") is None
    assert persons.parse("") is None


def test_finds_signups_on_every_form_with_seats_and_mails(app, frozen_clock):
    frozen_clock(NOW)
    own = add_signup(app, "eksport", FULL_ANSWERS)
    friday = add_signup(
        app, "fredag", {"datoer": ["2026-12-04"], "navn": "Søren", "email": "SOEREN@example.dk"}
    )
    add_signup(
        app,
        "eksport",
        FULL_ANSWERS
        | {
            "email": "en.anden@example.dk",
            "telefon": "+4520304050",
            "navn": "En Anden",
            "deltagere": [],
        },
    )

    report = find(app, "soeren@EXAMPLE.dk")

    answers = section(report, "Tilmeldinger")
    assert {row[0] for row in answers.rows} == {own, friday}
    assert ("Navn", "Søren Ærø") in {(row[5], row[6]) for row in answers.rows if row[0] == own}
    assert ("Deltagere 1: Navn", "Anna Ås") in {(row[5], row[6]) for row in answers.rows}
    assert all(row[4] == "Tilmeldt" for row in answers.rows)
    seats = section(report, "Pladser")
    assert {(row[0], row[3]) for row in seats.rows} == {(own, "Bekræftet"), (friday, "Bekræftet")}
    mails = section(report, "Mails")
    assert len(mails.rows) == 2 and all("soeren@example.dk" in row[2].lower() for row in mails.rows)


def test_finds_by_phone_however_it_is_typed(app):
    reference = add_signup(app, "eksport", FULL_ANSWERS)
    for typed in ("01234567", "+45 01 23 45 67", "0045 01234567"):
        report = find(app, typed)
        assert {row[0] for row in section(report, "Tilmeldinger").rows} == {reference}, typed


def test_a_person_listed_on_someone_elses_signup_sees_only_their_own_row(app):
    reference = add_signup(app, "eksport", FULL_ANSWERS)
    report = find(app, "anna@example.dk")
    rows = section(report, "Tilmeldinger").rows
    assert {row[0] for row in rows} == {reference}
    assert {row[4] for row in rows} == {"Nævnt som deltager"}
    assert {row[5] for row in rows} == {
        "Deltagere 1: Navn",
        "Deltagere 1: E-mail",
        "Deltagere 1: Fødselsdato",
    }
    assert section(report, "Pladser").rows == []  # the seats are the signer's


def test_nobody_found(app):
    add_signup(app, "eksport", FULL_ANSWERS)
    assert find(app, "ukendt@example.dk").total == 0


def test_access_workbook_has_a_sheet_per_kind_of_data(app, tmp_path):
    reference = add_signup(app, "eksport", FULL_ANSWERS)
    report = find(app, "soeren@example.dk")
    path = tmp_path / "indsigt.xlsx"
    with app.app_context():
        service.write_access_workbook(report, str(path))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Om udtrækket", "Mails", "Tilmeldinger", "Pladser", "Ventende forespørgsler"
    ]
    cover = {row[0]: row[1] for row in book["Om udtrækket"].iter_rows(min_row=2, values_only=True)}
    assert cover["Udtræk af"] == "soeren@example.dk"
    assert isinstance(cover["Dannet"], datetime)
    answers = list(book["Tilmeldinger"].iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in answers} == {reference}
    assert isinstance(answers[0][2], datetime)  # time of sign-up is a real datetime
    assert ("CVR-nummer", "01234567") in {(r[5], r[6]) for r in answers}
    assert book["Tilmeldinger"].freeze_panes == "A2"


def test_seats_name_the_date_or_group_as_staff_pages_do(app, tmp_path):
    """«Dato/gruppe» reads as on the sign-up page: a date and place, or the whole event;
    never a bucket key (occasion:2026-12-04) or a bare code."""
    own = add_signup(app, "eksport", FULL_ANSWERS)
    friday = add_signup(app, "fredag", {"datoer": ["2026-12-04"], "navn": "Søren",
                                        "email": "soeren@example.dk"}, at=NOW)
    report = find(app, "soeren@example.dk")
    where = {row[0]: row[2] for row in section(report, "Pladser").rows}
    assert where == {own: "Hele arrangementet",
                     friday: "fredag 4. december 2026 kl. 08.30–10.00, Rugekassen"}
    path = tmp_path / "indsigt.xlsx"
    with app.app_context():
        service.write_access_workbook(report, str(path))
    sheet = openpyxl.load_workbook(path)["Pladser"]
    assert {r[0]: r[2] for r in sheet.iter_rows(min_row=2, values_only=True)} == where
