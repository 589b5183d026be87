"""The follow-up workbook and the status report (sheets, figures, native charts), opened with
openpyxl and unzipped; and the status page with the same figures."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
import sqlalchemy as sa

from intake.clock import LOCAL
from intake.extensions import db
from intake.goals import service
from intake.goals.models import Goal, Owner
from intake.rounds import answers
from intake.rounds.models import Invitation
from tests.exports.pdf import assert_print_setup, pages_of, print_pages
from tests.support.goals import make_round, seed

HEX_ID = re.compile(r"\b[0-9a-f]{32}\b")


def _answer(app, email, round_id, goals: dict, general=None):
    with app.app_context():
        invitation = db.session.scalar(sa.select(Invitation).join(Owner).where(
            Owner.email == email, Invitation.round_id == round_id))
        answers.submit(
            invitation,
            {"goals": {str(k): v for k, v in goals.items()}, "general": general or {}},
            1,
        )
        db.session.commit()


@pytest.fixture
def two_years(app, frozen_clock):
    """2026: a round where goal 1 was 'i gang'; 2027 (carried forward): a round with answers."""
    frozen_clock(datetime(2026, 9, 1, 10, 0, tzinfo=LOCAL))
    old = seed(app, year=2026)
    round_2026 = make_round(
        app, year=2026, deadline=datetime(2026, 10, 1, 12, 0, tzinfo=LOCAL), title="Efterår 2026"
    )
    _answer(app, "anne@example.dk", round_2026, {old["g1"]: {"status": "i_gang", "fremdrift": 30},
                                                 old["g2"]: {"status": "naaet", "fremdrift": 100}})
    with app.app_context():
        _, count = service.carry_forward(service.period_for_year(2026))
        db.session.commit()
        assert count == 2  # goal 2 was achieved
        new = {
            g.carried_from_id: g.id
            for g in db.session.scalars(sa.select(Goal).where(Goal.carried_from_id.is_not(None)))
        }
    frozen_clock(datetime(2027, 9, 1, 10, 0, tzinfo=LOCAL))
    round_2027 = make_round(app, year=2027, title="Efterår 2027")
    g1, g3 = new[old["g1"]], new[old["g3"]]
    _answer(
        app,
        "anne@example.dk",
        round_2027,
        {g1: {"status": "naaet", "fremdrift": 100, "gjort": "=1+1 snart"}},
        general={"kommentar": "@alle tak"},
    )
    _answer(
        app,
        "bo@example.dk",
        round_2027,
        {g1: {"status": "delvist_naaet", "fremdrift": 80, "gjort": "Besøg"}},
    )
    return {"round": round_2027, "previous": round_2026, "g1": g1, "g3": g3}


def _sheet_rows(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_followup_workbook_one_row_per_goal_and_owner(app, staff, two_years):
    response = staff.get(f"/staff/maal/runder/{two_years['round']}/opfoelgning.xlsx")
    assert response.status_code == 200
    assert "opfoelgning-efteraar-2027.xlsx" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    rows = _sheet_rows(book["Opfølgning"])
    header = rows[0]
    assert header[:5] == ["Runde", "Periode", "Fokusområde", "Mål siden", "Titel"]
    assert (
        "Hvordan står det til med målet?" in header
        and "Generelt: Er der andet, du vil fortælle Hedensted Erhverv?" in header
    )
    data = rows[1:]
    assert len(data) == 3  # goal 1 × Anne, Bo; goal 3 × Carl
    by_owner = {row[header.index("Målejer")]: row for row in data}
    anne = by_owner["Anne Andersen"]
    assert anne[header.index("Periode")] == 2027
    assert anne[header.index("Hvordan står det til med målet?")] == "Nået"
    assert anne[header.index("Hvor langt er I nået, i procent?")] == 100  # a number, not text
    assert isinstance(anne[header.index("Indsendt")], datetime)
    assert anne[header.index("Hvad er der gjort?")] == "=1+1 snart"  # as typed: no visible '
    assert (
        anne[header.index("Generelt: Er der andet, du vil fortælle Hedensted Erhverv?")]
        == "@alle tak"
    )
    sheet = book["Opfølgning"]
    # The quote-prefix style: an edit in Excel keeps it text.
    assert sheet.cell(2, header.index("Hvad er der gjort?") + 1).quotePrefix
    # Names and years, no internal ids: goal 1 was set in 2026 and carried into 2027.
    since = header.index("Mål siden")
    assert anne[since] == 2026 and by_owner["Carl Clausen"][since] == 2026
    assert "Mål-id" not in header and "Mål-linje" not in header
    unsent = [c.value for c in book["Kladder og sene svar"][1]]
    assert unsent[:6] == ["Målejer", "E-mail", "Slags", "Gemt/modtaget", "Fokusområde", "Titel"]
    assert not [v for row in rows for v in row if isinstance(v, str) and HEX_ID.search(v)]
    assert by_owner["Bo Berg"][header.index("Hvordan står det til med målet?")] == "Delvist nået"
    assert by_owner["Carl Clausen"][header.index("Indsendt")] is None
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<hyperlink" not in sheet_xml


def test_status_workbook_sheets_figures_and_charts(app, staff, two_years):
    response = staff.get(f"/staff/maal/runder/{two_years['round']}/statusrapport.xlsx")
    assert response.status_code == 200
    data = response.data
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Overblik", "Mål", "Sammenligning"]
    overview = _sheet_rows(book["Overblik"])
    header = overview[0]
    assert header == [
        "Fokusområde",
        "Mål",
        "Ikke startet",
        "I gang",
        "Delvist nået",
        "Nået",
        "Udskudt",
        "Opgivet",
        "Ikke besvaret",
        "Målejere",
        "Har svaret",
        "Svarprocent",
    ]
    rows = {row[0]: row for row in overview[1:]}
    # Goal 1 (arbejdsliv): Bo answered last, so 'delvist nået' counts;
    # goal 3 (bæredygtige): no answer.
    assert rows["Det gode arbejdsliv"][1:] == [1, 0, 0, 1, 0, 0, 0, 0, 2, 2, 1]
    assert rows["Det bæredygtige"][1:] == [1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0]
    # A ratio with a percentage format: Excel shows 66.7 %, and it sums and charts as a number.
    assert rows["I alt"][1:] == [2, 0, 0, 1, 0, 0, 0, 1, 3, 2, pytest.approx(2 / 3)]
    total_rate = book["Overblik"]["L6"]
    assert total_rate.value == pytest.approx(2 / 3) and total_rate.number_format == "0.0%"
    goals = _sheet_rows(book["Mål"])
    assert goals[0][:5] == ["Fokusområde", "Mål", "Målejere", "Status", "Fremdrift"]
    assert goals[1][:5] == ["Det gode arbejdsliv", "Flere lærepladser", "Anne Andersen, Bo Berg",
                            "Delvist nået", 0.8]
    assert book["Mål"]["E2"].number_format == "0.0%"
    comparison = _sheet_rows(book["Sammenligning"])
    assert comparison[0][:5] == ["Fokusområde", "Mål 2027", "Mål 2026", "Nået 2027", "Nået 2026"]
    arbejdsliv = next(r for r in comparison if r[0] == "Det gode arbejdsliv")
    assert arbejdsliv[1:5] == [1, 2, 0, 1]
    assert arbejdsliv[7:] == [1, 0.5] and book["Sammenligning"]["H2"].number_format == "0.0%"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        charts = sorted(n for n in names if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        assert len(charts) == 2
        assert any(n.startswith("xl/drawings/drawing") for n in names)
        status_chart = archive.read(charts[0]).decode()
        assert "<c:barChart>" in status_chart and '<c:grouping val="stacked"/>' in status_chart
        assert "Overblik!$C$2:$C$5" in status_chart
        assert "<c:barDir val=\"col\"/>" in archive.read(charts[1]).decode()
        for name in names:
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in archive.read(name).decode()


def test_status_workbook_without_last_year(app, staff, seeded):
    round_id = make_round(app)
    book = openpyxl.load_workbook(
        io.BytesIO(staff.get(f"/staff/maal/runder/{round_id}/statusrapport.xlsx").data)
    )
    assert book.sheetnames == ["Overblik", "Mål"]


def test_status_page_shows_the_same_figures(app, staff, two_years):
    page = staff.get(f"/staff/maal/runder/{two_years['round']}/status").get_data(as_text=True)
    assert "2 af 3 målejere har svaret." in page and "67 %" in page
    assert (
        "<svg" in page
        and "<rect" in page
        and "style=" not in page.split("<svg", 1)[1].split("</svg>")[0]
    )
    assert "Sammenlignet med 2026 (Efterår 2026)" in page
    assert "Flere lærepladser</strong> – Delvist nået, 80 %" in page
    period_page = staff.get("/staff/maal/perioder/2027/status")
    assert period_page.status_code == 200 and "Efterår 2027" in period_page.get_data(as_text=True)
    assert staff.get("/staff/maal/perioder/2030/status").status_code == 404


def test_last_rounds_answer_is_a_hint_on_the_questionnaire(app, two_years):
    from tests.support.goals import issue_token, open_link

    client = app.test_client()
    open_link(client, issue_token(app, "anne@example.dk", two_years["round"]))
    page = client.get("/opfoelgning/svar").get_data(as_text=True)
    assert "Sidst (Efterår 2026) blev der svaret:" in page
    hint = page.split("Sidst (Efterår 2026)", 1)[1].split("</details>", 1)[0]
    assert "I gang" in hint and "30" in hint


def test_goal_deadline_is_a_date_cell(app, staff, seeded):
    with app.app_context():
        db.session.get(Goal, seeded["g1"]).deadline = date(2027, 12, 31)
        db.session.commit()
    round_id = make_round(app)
    book = openpyxl.load_workbook(
        io.BytesIO(staff.get(f"/staff/maal/runder/{round_id}/opfoelgning.xlsx").data)
    )
    rows = _sheet_rows(book.active)
    deadline = rows[1][rows[0].index("Deadline")]
    assert deadline == datetime(2027, 12, 31)


@pytest.mark.slow
def test_status_report_prints_each_chart_whole_on_one_page(app, staff, two_years, tmp_path):
    data = staff.get(f"/staff/maal/runder/{two_years['round']}/statusrapport.xlsx").data
    assert_print_setup(data, "Statusrapport: Efterår 2027")
    pages = print_pages(data, tmp_path, "status")
    overview = pages_of(pages, "Overblik")
    assert len(overview) == 1  # the table and its chart, together
    chart = overview[0]
    # The whole chart: its title, its axis title, every focus area and the legend's last entry.
    assert "Status pr. fokusområde – Efterår 2027" in chart and "Antal mål" in chart
    assert chart.count("De gode rammer") == 2  # a row of the table and a bar of the chart
    assert "Ikke startet I gang Delvist nået Nået Udskudt Opgivet Ikke besvaret" in chart  # legend
    assert "66,7%" in chart or "66.7%" in chart  # the response rate, printed as a percentage
    comparison = pages_of(pages, "Sammenligning")
    assert len(comparison) == 1 and "Nåede mål: 2027 mod 2026" in comparison[0]
    assert len(pages_of(pages, "Mål")) == 1


@pytest.mark.slow
def test_followup_workbook_prints_one_page_wide(app, staff, two_years, tmp_path):
    data = staff.get(f"/staff/maal/runder/{two_years['round']}/opfoelgning.xlsx").data
    assert_print_setup(data, "Opfølgning: Efterår 2027")
    pages = print_pages(data, tmp_path, "opfoelgning")
    answers = pages_of(pages, "Opfølgning")
    assert len(answers) == 1
    assert all(name in answers[0] for name in ("Anne Andersen", "Bo Berg", "Carl Clausen"))
    assert not HEX_ID.search("".join(pages))
