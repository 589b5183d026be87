"""The rows function on its own: pure, no database, and never thrown by odd stored answers."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from intake.clock import LOCAL
from intake.exports import signups
from intake.formdefs.registry import current_registry
from intake.formdefs.schema import Occasion
from intake.formdefs.types.danish import format_phone, phone_cell


def signup(answers, status="confirmed", cancelled=False):
    return SimpleNamespace(
        reference="HE-TEST01", created_at=datetime(2026, 1, 15, 12, 0, tzinfo=UTC),
        cancelled_at=datetime(2026, 1, 16, tzinfo=UTC) if cancelled else None, answers=answers,
        bookings=[SimpleNamespace(status=status, occasion_key=None)],
    )


@pytest.mark.parametrize(
    "number", ["+4520304050", "+4501234567", "+46701234567", "+4512", "+299123456"]
)
def test_phone_numbers_read_as_on_every_other_page(number):
    assert phone_cell(number) == (format_phone(number) or None)


def test_rows_need_no_database_and_keep_odd_old_answers(app):
    with app.app_context():
        form = current_registry().get("eksport")
    export = signups.layout(form)
    old = {"navn": 42, "antal": "tolv", "startdato": "ikke en dato", "sektor": "nedlagt",
           "interesser": "handel", "ja_nej": None, "telefon": "", "ukendt_felt": "x"}
    [(sheet, row)] = list(signups.rows(export, [signup(old, cancelled=True)]))
    values = dict(zip([c.header for c in export.main.columns], row, strict=True))
    assert sheet == signups.MAIN
    assert values["Tilmeldt"] == datetime(2026, 1, 15, 13, 0)  # Danish winter time, no tzinfo
    assert values["Status"] == "Afmeldt"
    assert values["Navn"] == 42
    assert values["Antal medarbejdere"] == "tolv"
    assert values["Startdato"] == "ikke en dato"
    assert values["Sektor"] == "nedlagt"  # an option removed since: its code is shown
    assert values["Interesser"] == "Handel" and values["Interesser: Handel"] == 1
    assert values["Har I en hjemmeside?"] is None and values["Telefon"] is None


@pytest.mark.parametrize(("statuses", "expected"), [
    (["confirmed"], "Bekræftet"), (["waitlisted"], "Venteliste"),
    (["confirmed", "waitlisted"], "Delvis venteliste"), (["cancelled"], "Afmeldt"),
])
def test_status_from_the_bookings(app, statuses, expected):
    with app.app_context():
        export = signups.layout(current_registry().get("eksport"))
    item = signup({})
    item.bookings = [SimpleNamespace(status=s, occasion_key=None) for s in statuses]
    [(_, row)] = list(signups.rows(export, [item]))
    assert row[2] == expected


def test_dates_are_dates(app):
    with app.app_context():
        export = signups.layout(current_registry().get("eksport"), codes=True)
    rows = list(
        signups.rows(
            export, [signup({"startdato": "2024-02-29", "deltagere": [{"foedt": "2001-12-24"}]})]
        )
    )
    main = dict(zip([c.header for c in export.main.columns], rows[0][1], strict=True))
    assert main["Startdato"] == date(2024, 2, 29)
    assert rows[1] == ("repeat:deltagere", ["HE-TEST01", 1, None, None, date(2001, 12, 24)])


def test_an_occasion_removed_from_the_list_reads_as_a_date(app):
    """The definition lists only 8 January now; a sign-up still holds 4 December too."""
    with app.app_context():
        fredag = current_registry().get("fredag")
        kept = Occasion(
            key="2027-01-08", starts_at=datetime(2027, 1, 8, 8, 30, tzinfo=LOCAL),
            ends_at=datetime(2027, 1, 8, 10, 0, tzinfo=LOCAL), place=fredag.occasion_rule.place,
        )
    form = dataclasses.replace(fredag, occasion_rule=None, occasions=(kept,))
    export = signups.layout(form, occasion_keys=["2026-12-04", "2027-01-08"])
    item = signup({"datoer": ["2026-12-04", "2027-01-08"], "navn": "Søren"})
    item.bookings = [
        SimpleNamespace(status="confirmed", occasion_key=k) for k in ("2026-12-04", "2027-01-08")
    ]
    [(_, row)] = list(signups.rows(export, [item]))
    values = dict(zip([c.header for c in export.main.columns], row, strict=True))
    assert values["Dato"] == "04-12-2026, 08-01-2027"  # the removed date is kept, readable
    assert values["Status 04-12-2026"] == "Bekræftet"  # the column of the removed date
    assert values["Status 08-01-2027 08.30"] == "Bekræftet"
    assert not any("2026-12-04" in str(v) for v in [*values, *values.values()])
