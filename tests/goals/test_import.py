"""The .xlsx goal import: template, a clean file, and a file with errors (all reported,
nothing imported)."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import sqlalchemy as sa

from intake.extensions import db
from intake.goals.importer import COLUMNS
from intake.goals.models import FocusArea, Goal, Owner, Period, Sector
from tests.support.goals import page_form

HEADERS = [title for _, title in COLUMNS]


def _xlsx(rows, headers=HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _period(app, year=2027):
    from intake.goals import service

    with app.app_context():
        service.get_or_create_period(year)
        db.session.commit()


def _upload(staff, data: bytes, name="maal.xlsx"):
    form = page_form(staff, "/staff/maal/perioder/2027/import", field="file")
    payload = form.data().to_dict()
    payload["file"] = (io.BytesIO(data), name)
    return staff.post(
        "/staff/maal/perioder/2027/import", data=payload, content_type="multipart/form-data"
    )


def test_template_download(app, staff):
    response = staff.get("/staff/maal/import/skabelon.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert [c.value for c in book["Mål"][1]] == HEADERS
    assert "Vejledning" in book.sheetnames
    assert book["Mål"].max_row == 1  # no example rows to import by mistake


def test_a_clean_file_is_imported(app, staff):
    _period(app)
    data = _xlsx(
        [
            [
                "1",
                "arbejdsliv",
                "Flere lærepladser",
                "Lokale virksomheder tager lærlinge",
                "Antal",
                "20",
                datetime(2027, 12, 31),
                "Anne Andersen",
                "Anne@Example.dk",
                "Jobcenter",
                "kommune",
            ],
            [
                1,
                None,
                None,
                None,
                None,
                None,
                None,
                "Bo Berg",
                "bo@example.dk",
                "Berg Byg",
                "Erhverv",
            ],
            [
                "2",
                "De gode rammer",
                "Hurtigere byggesager",
                None,
                None,
                None,
                "30-06-2027",
                None,
                None,
                None,
                None,
            ],
            [None] * 11,
            [
                "3",
                "baeredygtige",
                "-Mindre spild",
                None,
                None,
                None,
                None,
                "Carl",
                "carl@example.dk",
                "",
                "andre aktører",
            ],
        ]
    )
    response = _upload(staff, data)
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        goals = db.session.scalars(
            sa.select(Goal).join(Period).where(Period.year == 2027).order_by(Goal.id)
        ).all()
        assert [g.title for g in goals] == [
            "Flere lærepladser",
            "Hurtigere byggesager",
            "-Mindre spild",
        ]
        assert sorted(o.email for o in goals[0].owners) == ["anne@example.dk", "bo@example.dk"]
        assert goals[1].focus_area == FocusArea.RAMMER and goals[1].owners == []
        assert goals[1].deadline.isoformat() == "2027-06-30"
        assert (
            db.session.scalar(sa.select(Owner).where(Owner.email == "carl@example.dk")).sector
            == Sector.ANDRE
        )


def test_a_file_with_errors_reports_every_row_and_imports_nothing(app, staff):
    _period(app)
    data = _xlsx(
        [
            [
                "1",
                "arbejdsliv",
                "Godt mål",
                None,
                None,
                None,
                None,
                "Anne",
                "anne@example.dk",
                "",
                "kommune",
            ],
            ["2", "sport", "", None, None, None, "31-02-2027", "Bo", "ikke-en-mail", "", "privat"],
            [
                "1",
                "rammer",
                "Andet mål",
                None,
                None,
                None,
                None,
                "Anne",
                "anne@example.dk",
                "",
                "kommune",
            ],
            [
                "3",
                "rammer",
                "Mål",
                None,
                None,
                None,
                None,
                "Anders",
                "anne@example.dk",
                "",
                "kommune",
            ],
            [None, "rammer", "x" * 301, None, None, None, None, None, None, None, None],
        ]
    )
    response = _upload(staff, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for expected in (
        (
            "Række 3: «Fokusområde» skal være arbejdsliv, erhvervsliv, baeredygtige, rammer "
            "(eller navnet), ikke «sport»"
        ),
        "Række 3: «Titel» mangler",
        "Række 3: «Deadline» skal være en dato som 31-12-2027, ikke «31-02-2027»",
        "Række 3: «Målejer e-mail» er ikke en gyldig e-mailadresse: «ikke-en-mail»",
        "Række 3: «Sektor» skal være kommune, erhverv eller andre, ikke «privat»",
        "Række 4: mål-nr. 1 har et andet fokusområde i række 2",
        "Række 4: mål-nr. 1 har en anden «Titel» i række 2",
        "Række 4: anne@example.dk står to gange som ejer af mål-nr. 1",
        "Række 5: e-mailen anne@example.dk står med et andet navn i række 2",
        "Række 6: «Titel» er for lang (højst 300 tegn)",
        "Række 6: «Mål-nr.» mangler",
    ):
        assert (
            expected.replace("«", "&laquo;").replace("»", "&raquo;") in html or expected in html
        ), expected
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Goal.id))) == 0
        assert db.session.scalar(sa.select(sa.func.count(Owner.id))) == 0


def test_wrong_headers_and_not_a_workbook(app, staff):
    _period(app)
    html = _upload(staff, _xlsx([["1"]], headers=["Nr", "Titel"])).get_data(as_text=True)
    assert "kolonnen «Fokusområde» mangler" in html
    html = _upload(staff, b"not a zip file").get_data(as_text=True)
    assert "Filen er en tekstfil (fx .csv), ikke et .xlsx-regneark" in html
    html = _upload(staff, b"x", name="maal.csv").get_data(as_text=True)
    assert "Filen er en tekstfil (fx .csv), ikke et .xlsx-regneark." in html
    html = _upload(staff, _xlsx([])).get_data(as_text=True)
    assert "Filen har ingen mål" in html
