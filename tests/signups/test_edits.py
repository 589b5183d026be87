"""signups.edits.change (issue 13 §4): seats move through the capacity service under the
bucket locks, a refusal writes nothing, every change keeps the earlier answers as a version;
staff see the history and GDPR find, access and erase cover the versions."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.formdefs.registry import current_registry
from intake.gdpr import person as persons
from intake.gdpr import service as gdpr
from intake.signups import edits
from intake.signups.models import Signup
from intake.signups.version_models import SignupVersion
from tests.support.signups import (
    FAIR,
    FRIDAY,
    GROUP,
    NOW,
    fair_form,
    friday_form,
    group_form,
    seats,
    sign_up,
    statuses,
)


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def _change(app, address: str, changed_by: str = "person", **new):
    """Runs edits.change in one unit of work; commits when it went through."""
    with app.test_request_context():
        signup = db.session.scalar(sa.select(Signup).where(Signup.email == address))
        definition = current_registry().get(signup.form_slug)
        outcome = edits.change(definition, signup, {**signup.answers, **new}, changed_by)
        outcome.seen = {"promoted": [b.seats for b in outcome.promoted],
                        "added": [(b.occasion_key, b.status.value) for b in outcome.added]}
        if outcome.ok:
            db.session.commit()
        else:
            db.session.rollback()
        return outcome


def _answers(app, email: str) -> dict:
    with app.app_context():
        return db.session.scalar(sa.select(Signup.answers).where(Signup.email == email))


def _version_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(SignupVersion.id)))


def test_a_full_group_without_a_seat_refuses_and_writes_nothing(client, app):
    seats(app, "samarbejdsgruppe", "option:rammer", 0)
    sign_up(client, GROUP, group_form(client))
    outcome = _change(app, "person1@firma1.dk", gruppe="rammer", rolle="rammer-byggeri")
    assert (outcome.ok, outcome.reason, outcome.full_buckets) == (False, "full",
                                                                  ["option:rammer"])
    assert _answers(app, "person1@firma1.dk")["gruppe"] == "erhvervsliv"
    assert statuses(app, "samarbejdsgruppe", "option:erhvervsliv")["confirmed"] == 1
    assert _version_count(app) == 0


def test_the_same_address_in_that_group_already(client, app):
    sign_up(client, GROUP, group_form(client))
    other = app.test_client()
    sign_up(other, GROUP, group_form(other, 2, gruppe="rammer", rolle="rammer-byggeri",
                                     email="person1@firma1.dk".upper()))
    with app.app_context():
        first = db.session.scalar(sa.select(Signup).where(
            Signup.answers["gruppe"].as_string() == "erhvervsliv"))
        email = first.email
    outcome = _change(app, email, gruppe="rammer", rolle="rammer-byggeri")
    assert (outcome.ok, outcome.reason, outcome.booked_buckets) == (
        False, "already_signed_up", ["option:rammer"])


def test_closed_and_cancelled_are_refused(client, app, frozen_clock):
    from datetime import timedelta

    sign_up(client, GROUP, group_form(client))
    with app.app_context():
        closes = current_registry().get("samarbejdsgruppe").closes_at
    frozen_clock(closes + timedelta(seconds=1))
    assert _change(app, "person1@firma1.dk", stilling="Ejer").reason == "closed"
    frozen_clock(NOW)
    with app.test_request_context():
        from intake.signups import service

        signup = db.session.scalar(sa.select(Signup))
        service.cancel(current_registry().get("samarbejdsgruppe"), signup)
        db.session.commit()
    assert _change(app, "person1@firma1.dk", stilling="Ejer").reason == "cancelled"
    assert _version_count(app) == 0


def test_more_people_need_free_seats_and_fewer_free_them(client, app):
    seats(app, "netvaerksmesse", "form", 3)
    sign_up(client, FAIR, fair_form(client, people=2))
    waiting = app.test_client()
    sign_up(waiting, FAIR, fair_form(waiting, 2, people=2))
    assert statuses(app, "netvaerksmesse")["waitlisted"] == 1
    three = [{"navn": f"D {i}", "email": f"d{i}@firma1.dk"} for i in range(3)]
    outcome = _change(app, "kontakt1@firma1.dk", deltagere=three)
    assert (outcome.ok, outcome.reason) == (False, "full")  # 3 + the queue: no jumping
    outcome = _change(app, "kontakt1@firma1.dk", deltagere=three[:1])
    assert outcome.ok and outcome.seen["promoted"] == [2]
    assert statuses(app, "netvaerksmesse")["confirmed"] == 2
    assert statuses(app, "netvaerksmesse")["waitlisted"] == 0


def test_adding_a_full_date_puts_it_on_its_waiting_list(client, app):
    seats(app, "ivaerksaetterfredag", "occasion:2027-02-05", 0)
    sign_up(client, FRIDAY, friday_form(client, dates=["2026-12-04"]))
    outcome = _change(app, "ivaerk1@start1.dk", datoer=["2026-12-04", "2027-02-05"])
    assert outcome.ok and outcome.seen["added"] == [("2027-02-05", "waitlisted")]


def test_versions_are_kept_oldest_first_with_who_changed(client, app):
    sign_up(client, GROUP, group_form(client))
    assert _change(app, "person1@firma1.dk", stilling="Ejer").ok
    assert _change(app, "person1@firma1.dk", "staff", stilling="Partner").ok
    assert _change(app, "person1@firma1.dk", stilling="Partner").changed is False
    with app.app_context():
        signup = db.session.scalar(sa.select(Signup))
        kept = edits.versions(signup)
        assert [(v.version, v.changed_by, v.answers["stilling"]) for v in kept] == [
            (1, "person", "Direktør"), (2, "staff", "Ejer")]
    with pytest.raises(ValueError):
        _change(app, "person1@firma1.dk", "robot", stilling="X")


def test_staff_see_the_history(client, app, staff_client):
    reference = sign_up(client, GROUP, group_form(client))
    assert _change(app, "person1@firma1.dk", stilling="Ejer", telefon="+4588888888").ok
    page = staff_client.get(f"/staff/t/{reference}").get_data(as_text=True)
    history = page[page.index('id="answer-history"'):]
    assert "Personen selv" in history and "Version 1" in history
    assert "Direktør" in history and "Ejer" in history and "Din stilling" in history
    assert 'data-title="Før"' in history


def test_gdpr_finds_and_erases_earlier_answers(client, app):
    sign_up(client, GROUP, group_form(client, email="gammel@firma1.dk"))
    assert _change(app, "gammel@firma1.dk", email="ny@firma1.dk").ok
    with app.app_context():
        report = gdpr.find(persons.parse("gammel@firma1.dk"))
        [section] = [s for s in report.sections if s.title == "Tidligere svar"]
        assert ("E-mail", "gammel@firma1.dk") in {(r[5], r[6]) for r in section.rows}
        assert ("Tidligere svar på tilmeldinger slettes", 1) in gdpr.plan(
            persons.parse("gammel@firma1.dk"))
    with app.test_request_context():
        log = gdpr.erase(persons.parse("gammel@firma1.dk"))
        db.session.commit()
        assert log.counts["signup_versions"] == 1
    assert _version_count(app) == 0
    assert _answers(app, "ny@firma1.dk")["email"] == "ny@firma1.dk"  # the current one stays


def test_the_access_workbook_has_the_earlier_answers(client, app, tmp_path):
    from datetime import datetime

    import openpyxl

    reference = sign_up(client, GROUP, group_form(client))
    assert _change(app, "person1@firma1.dk", stilling="Ejer").ok
    path = tmp_path / "indsigt.xlsx"
    with app.app_context():
        gdpr.write_access_workbook(gdpr.find(persons.parse("person1@firma1.dk")), str(path))
    rows = list(openpyxl.load_workbook(path)["Tidligere svar"].iter_rows(min_row=2,
                                                                          values_only=True))
    [row] = [r for r in rows if r[5] == "Din stilling"]
    assert (row[0], row[2], row[4], row[6]) == (reference, 1, "Personen selv", "Direktør")
    assert isinstance(row[2], int) and isinstance(row[3], datetime)
