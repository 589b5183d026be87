"""The public pages read only PUBLISHED publications: the latest published round of a period
wins, earlier years are in the archive, a year with nothing published is 404, and every page
is in Danish and English."""

from __future__ import annotations

from datetime import datetime

from intake.clock import LOCAL
from intake.extensions import db
from intake.publishing import service
from intake.rounds.models import Round
from tests.reports.report_fixtures import answer
from tests.support.goals import make_round, seed


def _publish(app, round_id, choices=None):
    with app.app_context():
        service.publish(db.session.get(Round, round_id), choices, None)
        db.session.commit()


def _draft(app, round_id, choices):
    with app.app_context():
        service.save_draft(db.session.get(Round, round_id), choices)
        db.session.commit()


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def test_years_archive_and_the_latest_published_round_wins(app, frozen_clock):
    frozen_clock(datetime(2026, 9, 1, 10, 0, tzinfo=LOCAL))
    old = seed(app, year=2026)
    round_2026 = make_round(app, year=2026, deadline=datetime(2026, 10, 1, 12, 0, tzinfo=LOCAL))
    answer(app, "anne@example.dk", round_2026, {old["g1"]: {"status": "i_gang"}})
    _publish(app, round_2026)

    frozen_clock(datetime(2027, 3, 1, 10, 0, tzinfo=LOCAL))
    new = seed(app, year=2027)
    spring = make_round(app, year=2027, title="Forår 2027",
                        deadline=datetime(2027, 4, 1, 12, 0, tzinfo=LOCAL))
    answer(app, "carl@example.dk", spring, {new["g3"]: {"status": "ikke_startet"}})
    _publish(app, spring, {new["g3"]: service.Choice("Mindre spild (forår)")})
    autumn = make_round(app, year=2027, title="Efterår 2027",
                        deadline=datetime(2027, 10, 1, 12, 0, tzinfo=LOCAL))
    answer(app, "carl@example.dk", autumn, {new["g3"]: {"status": "i_gang"}})
    _draft(app, autumn, {new["g3"]: service.Choice("Mindre spild (efterår, kladde)")})

    client = app.test_client()
    html = _html(client, "/erhvervspolitik")
    assert "Erhvervspolitikken 2027" in html
    assert "Mindre spild (forår)" in html  # the autumn round is only a draft
    assert "kladde" not in html and "Flere lærepladser" not in html
    assert "Mindre spild (efterår" not in _html(client, "/erhvervspolitik/skaerm")

    _publish(app, autumn)
    html = _html(client, "/erhvervspolitik")
    assert "Mindre spild (efterår, kladde)" in html and "forår" not in html
    assert "Sidst opdateret 1. marts 2027" in html

    archive = _html(client, "/erhvervspolitik/arkiv")  # the years before the newest
    assert 'href="/erhvervspolitik/2026"' in archive and "Status 2026" in archive
    assert 'href="/erhvervspolitik/2027"' not in archive and "Status 2027" not in archive
    html = _html(client, "/erhvervspolitik/2026")
    assert "Erhvervspolitikken 2026" in html and "Flere lærepladser" in html
    assert "Se den nyeste status" in html
    assert client.get("/erhvervspolitik/2025").status_code == 404

    with app.app_context():  # with 2026 withdrawn, 2027 is all there is: no earlier years
        service.withdraw(service.publication_of(db.session.get(Round, round_2026)))
        db.session.commit()
    archive = _html(client, "/erhvervspolitik/arkiv")
    assert "Der er ingen tidligere år endnu." in archive and "Se status for 2027" in archive
    assert client.get("/erhvervspolitik/2026").status_code == 404

    # Withdrawing the autumn round brings the spring round back.
    with app.app_context():
        service.withdraw(service.publication_of(db.session.get(Round, autumn)))
        db.session.commit()
    assert "Mindre spild (forår)" in _html(client, "/erhvervspolitik")


def test_nothing_published_is_a_friendly_page_in_both_languages(app):
    client = app.test_client()
    assert "Der er ikke offentliggjort en status endnu" in _html(client, "/erhvervspolitik")
    assert "Der er ikke offentliggjort en status endnu" in _html(client, "/erhvervspolitik/skaerm")
    assert "Der er ikke offentliggjort en status endnu" in _html(client, "/erhvervspolitik/arkiv")
    client.get("/sprog/en")
    assert '<html lang="en">' in _html(client, "/erhvervspolitik")


def test_english_page(app, now):
    ids = seed(app)
    round_id = make_round(app)
    answer(app, "anne@example.dk", round_id, {ids["g1"]: {"status": "naaet", "fremdrift": 100},
                                              ids["g2"]: {"status": "i_gang"}})
    _publish(app, round_id)
    client = app.test_client()
    client.get("/sprog/en")
    html = _html(client, "/erhvervspolitik")
    main = html.split("<main")[1]
    assert '<html lang="en">' in html
    assert "Achieved" in main and "Nået" not in main  # status labels, chart and table
    assert "The good working life" in main and "Det gode arbejdsliv" not in main
    assert "Status of the goals by focus area" in main
    assert "Flere lærepladser" in main  # the public title is staff's text, as published


def test_the_screen_page_has_no_script_and_no_style_attribute(app, now):
    ids = seed(app)
    round_id = make_round(app)
    answer(app, "carl@example.dk", round_id, {ids["g3"]: {"status": "udskudt"}})
    _publish(app, round_id)
    html = _html(app.test_client(), "/erhvervspolitik/skaerm")
    assert "<script" not in html and "style=" not in html and "http-equiv" not in html
    assert html.count('class="screen-area"') == 4
    assert 'id="screen-pause"' in html and 'for="screen-pause"' in html
    assert "Mindre spild i byggeri" in html and "Udskudt" in html


def test_a_goal_shows_only_what_staff_chose(app, now):
    ids = seed(app)
    round_id = make_round(app)
    answer(app, "carl@example.dk", round_id, {ids["g3"]: {
        "status": "udskudt", "fremdrift": 25, "offentlig_kommentar": "Ejerens forslag",
        "forhindringer": "Intern fritekst"}})
    _publish(app, round_id, {ids["g3"]: service.Choice(
        "Mindre spild", "Offentlig beskrivelse", is_status_shown=False, is_progress_shown=False,
        comment="Ejerens forslag", is_comment_shown=False)})
    main = _html(app.test_client(), "/erhvervspolitik").split("<main")[1]
    assert "Mindre spild" in main and "Offentlig beskrivelse" in main
    for hidden in ("Udskudt", "25 %", "Ejerens forslag", "Intern fritekst"):
        assert hidden not in main.split("Mindre spild")[1].split("</li>")[0], hidden
    with app.app_context():
        assert service.shown_comment(db.session.get(Round, round_id), ids["g3"]) is None
