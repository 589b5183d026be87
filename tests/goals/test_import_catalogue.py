"""The goal import (issue 9 §1) through its page: every hostile workbook of the catalogue is
refused with its Danish reason and imports nothing (never a 500); good workbooks of every
kind Excel saves import exactly what Excel shows; importing the same goals again is shown to
staff, who choose, and never makes them twice silently."""

from __future__ import annotations

import io
from datetime import date

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.goals.models import Goal, Owner
from intake.staff.models import AuditEntry
from tests.support.goals import page_form
from tests.uploads import catalogue
from tests.uploads import factory as f

URL = "/staff/maal/perioder/2027/import"


@pytest.fixture
def period(app):
    from intake.goals import service

    with app.app_context():
        service.get_or_create_period(2027)
        db.session.commit()


def upload(staff, data: bytes, name: str = "maal.xlsx", **choices):
    form = page_form(staff, URL, field="file")
    payload = form.data().to_dict()
    payload.update(choices)
    payload["file"] = (io.BytesIO(data), name)
    return staff.post(URL, data=payload, content_type="multipart/form-data")


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(sa.select(sa.func.count(Goal.id))),
                db.session.scalar(sa.select(sa.func.count(Owner.id))))


@pytest.mark.parametrize("name", list(catalogue.HOSTILE))
def test_every_hostile_workbook_is_refused_with_its_reason(app, staff, period, name):
    response = upload(staff, catalogue.make(name))
    html = response.get_data(as_text=True).replace("&laquo;", "«").replace("&raquo;", "»")
    assert response.status_code == 200
    assert catalogue.HOSTILE[name][1] in html.replace("&#34;", '"')
    assert "Intet er importeret" in html
    assert counts(app) == (0, 0)


def _goal_sheet(*rows: str, ns: str = f.MAIN) -> str:
    return f.sheet_xml(catalogue.HEADER.replace(f.MAIN, ns), *rows, ns=ns)


def test_a_workbook_with_every_kind_of_value_imports_what_excel_shows(app, staff, period):
    shared = f.shared_xml(f.si_text("erhvervsliv"), '<r><t>Flere </t></r><r><t>lærepladser</t></r>',
                          f.si_text("kommune"))
    sheet = _goal_sheet(
        f.row(
            4,
            f.cell("A4", "1"),
            f.cell("B4", "0", "s"),
            f.cell("C4", "1", "s"),
            f.cell("F4", "20", formula="10*2"),
            f.cell("G4", "46752", style=2),
            f.text("H4", "Anne Andersen"),
            f.text("I4", "anne@example.dk"),
            f.cell("K4", "2", "s"),
        ),
        f.row(
            9,
            f.cell("A9", "2"),
            f.text("B9", "rammer"),
            f.text("C9", "Hurtigere sager"),
            f.cell("G9", "45655", style=1),
        ),
    )
    data = f.workbook(f.sheet_xml(f.row(1, f.text("A1", "gammel"))), sheet, hidden={0},
                      shared=shared, date1904=True)
    response = upload(staff, data)
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        goals = db.session.scalars(sa.select(Goal).order_by(Goal.id)).all()
        assert [(g.title, g.target, g.deadline) for g in goals] == [
            ("Flere lærepladser", "20", date(2032, 1, 1)),
            ("Hurtigere sager", "", date(2028, 12, 30)),
        ]
        assert [o.email for o in goals[0].owners] == ["anne@example.dk"]


def test_a_macro_workbook_and_strict_ooxml_import(app, staff, period):
    macro = f.workbook(_goal_sheet(catalogue.goal_row(2)), extra_parts={"xl/vbaProject.bin": b"\0"})
    assert upload(staff, macro, name="maal.xlsm").status_code == 303
    strict = f.workbook(_goal_sheet(catalogue.goal_row(3).replace("Mål 3", "Strikt mål"),
                                    ns=f.STRICT_MAIN), strict=True)
    assert upload(staff, strict).status_code == 303
    assert counts(app)[0] == 2


def test_importing_the_same_file_again_is_shown_and_staff_choose(app, staff, period):
    first = f.workbook(_goal_sheet(catalogue.goal_row(2), catalogue.goal_row(3)))
    assert upload(staff, first).status_code == 303
    assert counts(app)[0] == 2
    again = f.workbook(_goal_sheet(catalogue.goal_row(2), catalogue.goal_row(3),
                                   catalogue.goal_row(4)))
    response = upload(staff, again)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 mål i filen findes allerede i 2027. Intet er importeret endnu." in html
    assert "Række 2: &laquo;Mål 2&raquo;" in html or "Række 2: «Mål 2»" in html
    assert 'value="skip"' in html and 'value="all"' in html and "Fortryd" in html
    assert counts(app)[0] == 2  # nothing made while staff choose
    response = upload(staff, again, duplicates="skip")
    assert response.status_code == 303
    assert counts(app)[0] == 3
    assert "2 mål fandtes allerede og er sprunget over" in staff.get(
        response.headers["Location"]).get_data(as_text=True)
    # the same file a third time: all three are there; importing anyway is a choice
    assert "3 mål i filen findes allerede" in upload(staff, again).get_data(as_text=True)
    assert upload(staff, again, duplicates="all").status_code == 303
    assert counts(app)[0] == 6
    with app.app_context():
        audit = db.session.scalars(sa.select(AuditEntry.details).where(
            AuditEntry.action == "goal.import").order_by(AuditEntry.id)).all()
    assert [(a["goals"], a["skipped"]) for a in audit] == [(2, 0), (1, 2), (3, 0)]


def test_the_same_goal_twice_in_one_file_is_a_problem(app, staff, period):
    data = f.workbook(_goal_sheet(catalogue.goal_row(2), f.row(
        3, f.cell("A3", "9"), f.text("B3", "rammer"), f.text("C3", "mål  2"))))
    html = upload(staff, data).get_data(as_text=True)
    assert "Række 3: mål-nr. 1 i række 2 har samme titel og fokusområde" in html
    assert counts(app) == (0, 0)
