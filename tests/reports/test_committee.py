"""The committee report as data: statuses, progress, last year's status through the goal's
previous-period row, 'ny i år', response rates, and which public comment is used."""

from __future__ import annotations

from datetime import date

import pytest

from intake.extensions import db
from intake.reports.committee import PUBLIC_COMMENT_KEY, committee_report, percent_text
from intake.rounds.models import Round
from tests.reports.report_fixtures import answer
from tests.support.goals import make_round, seed

MADE_ON = date(2027, 11, 3)


def _report(app, round_id, **kw):
    with app.test_request_context():
        return committee_report(db.session.get(Round, round_id), MADE_ON, **kw)


def test_cover_summary_and_goals(app, two_years):
    report = _report(app, two_years["round"])
    assert report.title == "Status på erhvervspolitikken 2027"
    assert report.filename("pdf") == "Status på erhvervspolitikken 2027.pdf"
    assert (report.year, report.round_title) == (2027, "Efterår 2027")
    assert (report.brand_name, report.authority) == ("Hedensted Erhverv", "Hedensted Kommune")
    assert report.made_on_text == "3. november 2027"
    assert (report.invited, report.submitted, report.rate_text) == (3, 2, "67 %")
    by_area = {a.name: a for a in report.areas}
    assert list(by_area) == ["Det gode arbejdsliv", "Det gode erhvervsliv", "Det bæredygtige",
                             "De gode rammer"]
    [g1] = by_area["Det gode arbejdsliv"].goals
    assert (g1.title, g1.status, g1.progress, g1.progress_text) == (
        "Flere lærepladser", "Delvist nået", 80, "80 %")  # Bo answered last
    assert (g1.last_year, g1.is_new) == ("I gang", False)
    [new] = by_area["Det gode erhvervsliv"].goals
    assert (new.status, new.progress, new.last_year, new.is_new) == (
        "I gang", 15, "ny i år", True)
    [g3] = by_area["Det bæredygtige"].goals
    assert (g3.status, g3.progress_text, g3.last_year) == ("Ikke besvaret", "–", "Ikke besvaret")
    assert by_area["De gode rammer"].goals == []
    assert (by_area["Det bæredygtige"].answered, by_area["Det bæredygtige"].owners) == (0, 1)
    assert by_area["De gode rammer"].rate_text == "–"
    assert report.chart.rows[-1] == ("I alt", 0, 1, 1, 0, 0, 0, 1, 3)


def test_a_round_not_published_has_no_comment_and_says_so(app, two_years):
    report = _report(app, two_years["round"])
    assert all(g.comment is None for a in report.areas for g in a.goals)
    assert "Runden er ikke offentliggjort" in report.comment_source


def test_report_is_danish_whatever_the_staff_language(app, two_years):
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("en"):
        report = committee_report(db.session.get(Round, two_years["round"]), MADE_ON)
    assert report.areas[0].name == "Det gode arbejdsliv"
    assert report.areas[0].goals[0].status == "Delvist nået"


@pytest.mark.parametrize(("ratio", "text"), [(None, "–"), (0, "0 %"), (0.665, "66 %"),
                                             (2 / 3, "67 %"), (1, "100 %")])
def test_percent_text(ratio, text):
    assert percent_text(ratio) == text


@pytest.fixture
def comment_app(make_app, tmp_path):
    """The follow-up form with its goal field for the owners' public comment (contract C4)."""
    from tests.publishing.conftest import policy_forms

    return make_app(FORMS_DIR=str(policy_forms(tmp_path)))


def test_the_comment_is_the_published_shown_comment(comment_app):
    """The owner's suggestion is not the report's comment; what staff published and chose to
    show is (intake.publishing), and a comment not shown stays out."""
    from intake.publishing import service as publishing

    ids = seed(comment_app)
    round_id = make_round(comment_app)
    answer(comment_app, "carl@example.dk", round_id, {
        ids["g3"]: {"status": "i_gang", PUBLIC_COMMENT_KEY: "  Godt i gang med genbrug.  ",
                    "gjort": "Privat fritekst"}})
    answer(comment_app, "anne@example.dk", round_id, {
        ids["g1"]: {"status": "i_gang", PUBLIC_COMMENT_KEY: "Ikke vist"},
        ids["g2"]: {"status": "i_gang"}})
    report = _report(comment_app, round_id)
    assert all(g.comment is None for a in report.areas for g in a.goals)  # not published

    with comment_app.app_context():
        round_ = db.session.get(Round, round_id)
        publishing.publish(round_, {
            ids["g3"]: publishing.Choice("Mindre spild i byggeri",
                                         comment="Genbrug i hele kommunen.",
                                         is_comment_shown=True),
            ids["g1"]: publishing.Choice("Flere lærepladser", comment="Ikke vist"),
        }, None)
        db.session.commit()
    report = _report(comment_app, round_id)
    comments = {g.title: g.comment for a in report.areas for g in a.goals}
    assert comments == {"Flere lærepladser": None, "Bosætning i bymidten": None,
                        "Mindre spild i byggeri": "Genbrug i hele kommunen."}
    assert "har offentliggjort med runden" in report.comment_source

    with comment_app.app_context():
        publishing.withdraw(publishing.publication_of(db.session.get(Round, round_id)))
        db.session.commit()
    report = _report(comment_app, round_id)
    assert all(g.comment is None for a in report.areas for g in a.goals)
