""""Min tilmelding" (issue 13 §4): the confirmation's link opens the person's own sign-up;
they change their answers (seats through the capacity service), cancel one date or all.
A GET changes nothing; POSTs need CSRF. Every page is read and its rendered form posted
back; the mails come through the real SMTP server."""

from __future__ import annotations

import pytest

from intake.extensions import db
from intake.signups.version_models import SignupVersion
from tests.mails.calendar_support import calendar_events, day
from tests.support.htmlform import RenderedForm
from tests.support.signups import (
    FRIDAY,
    GROUP,
    NOW,
    cancel_link,
    field_errors,
    friday_form,
    group_form,
    mails_to,
    outbox,
    seats,
    sign_up,
    signups,
    statuses,
    text_of,
    text_part,
)

BASE = "https://intake.example.dk"


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def _path(smtp_server, address: str) -> str:
    return cancel_link(mails_to(smtp_server, address)[0]).removeprefix(BASE)


def _signup(app, email: str):
    return next(s for s in signups(app) if s.email == email)


def _versions(app) -> list[SignupVersion]:
    with app.app_context():
        rows = db.session.query(SignupVersion).order_by(SignupVersion.id).all()
        db.session.expunge_all()
        return rows


def test_the_confirmation_links_to_min_tilmelding(client, app, smtp_server, deliver):
    sign_up(client, GROUP, group_form(client))
    deliver()
    link = cancel_link(mails_to(smtp_server, "person1@firma1.dk")[0])
    assert "/min-tilmelding/" in link
    page = app.test_client().get(link.removeprefix(BASE))  # another browser: no session
    assert page.status_code == 200
    text = text_of(page)
    assert "Min tilmelding" in text and _signup(app, "person1@firma1.dk").reference in text
    assert "Plads bekræftet" in text and "Person 1" in text and "Firma 1 ApS" in text


def test_old_cancel_links_redirect_to_min_tilmelding(client, app, smtp_server, deliver):
    sign_up(client, GROUP, group_form(client))
    deliver()
    token = _path(smtp_server, "person1@firma1.dk").rsplit("/", 1)[-1]
    response = client.get(f"/afmeld/{token}")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/min-tilmelding/{token}")
    assert client.get("/min-tilmelding/not-a-token").status_code == 404


def test_move_to_a_full_group_is_refused_and_what_was_typed_stays(
        client, app, smtp_server, deliver):
    seats(app, "samarbejdsgruppe", "option:arbejdsliv", 1)
    other = app.test_client()
    sign_up(other, GROUP, group_form(other, 2, gruppe="arbejdsliv",
                                     rolle="arbejdsliv-videnvirksomhed"))
    sign_up(client, GROUP, group_form(client))
    deliver()
    path = _path(smtp_server, "person1@firma1.dk") + "/ret"
    page = client.get(path)
    form = RenderedForm(page.get_data(as_text=True))
    assert form.values["gruppe"] == ["erhvervsliv"] and form.values["navn"] == ["Person 1"]
    form.set("gruppe", "arbejdsliv").set("rolle", "arbejdsliv-videnvirksomhed")
    form.set("stilling", "Ejer")
    refused = client.post(path, data=form.data())
    assert refused.status_code == 400
    assert "ikke plads" in field_errors(refused)["gruppe"]
    again = RenderedForm(refused.get_data(as_text=True))
    assert again.values["stilling"] == ["Ejer"] and again.values["gruppe"] == ["arbejdsliv"]
    assert statuses(app, "samarbejdsgruppe", "option:erhvervsliv")["confirmed"] == 1
    assert _signup(app, "person1@firma1.dk").answers["stilling"] == "Direktør"
    assert _versions(app) == []


def test_move_to_a_free_group_frees_the_seat_for_the_waiting_list(
        client, app, smtp_server, deliver):
    seats(app, "samarbejdsgruppe", "option:erhvervsliv", 1)
    sign_up(client, GROUP, group_form(client))
    waiting = app.test_client()
    sign_up(waiting, GROUP, group_form(waiting, 2))
    assert statuses(app, "samarbejdsgruppe", "option:erhvervsliv")["waitlisted"] == 1
    deliver()
    path = _path(smtp_server, "person1@firma1.dk")
    form = RenderedForm(client.get(path + "/ret").get_data(as_text=True))
    form.set("gruppe", "baeredygtige").set("rolle", "baeredygtige-byggebranchen")
    response = client.post(path + "/ret", data=form.data())
    assert response.status_code == 303, field_errors(response)
    assert response.headers["Location"].endswith(path)
    shown = text_of(client.get(path))
    assert "Dine ændringer er gemt" in shown
    counted = statuses(app, "samarbejdsgruppe", "option:erhvervsliv")
    assert (counted["confirmed"], counted["waitlisted"], counted["cancelled"]) == (1, 0, 1)
    assert statuses(app, "samarbejdsgruppe", "option:baeredygtige")["confirmed"] == 1
    assert _signup(app, "person1@firma1.dk").answers["gruppe"] == "baeredygtige"
    [version] = _versions(app)
    assert (version.version, version.changed_by, version.answers["gruppe"]) == (
        1, "person", "erhvervsliv")
    deliver()
    changed = mails_to(smtp_server, "person1@firma1.dk")[-1]
    assert "Tilmelding ændret" in changed["Subject"]
    assert "Vi har gemt dine ændringer" in text_part(changed)
    assert "/min-tilmelding/" in text_part(changed)
    promoted = mails_to(smtp_server, "person2@firma2.dk")[-1]
    assert [m.kind for m in outbox(app)][-2:] == ["signup_changed", "signup_promoted"]
    assert promoted is not None


def test_other_dates_send_calendar_updates(client, app, smtp_server, deliver):
    sign_up(client, FRIDAY, friday_form(client, dates=["2026-12-04", "2027-02-05"]))
    deliver()
    first = {day(e): e for e in calendar_events(mails_to(smtp_server, "ivaerk1@start1.dk")[0])}
    path = _path(smtp_server, "ivaerk1@start1.dk")
    form = RenderedForm(client.get(path + "/ret").get_data(as_text=True))
    assert sorted(form.values["datoer"]) == ["2026-12-04", "2027-02-05"]
    form.values["datoer"] = ["2026-12-04", "2027-03-05"]
    assert client.post(path + "/ret", data=form.data()).status_code == 303
    deliver()
    mail = mails_to(smtp_server, "ivaerk1@start1.dk")[-1]
    events = {(e.method, day(e)): e for e in calendar_events(mail)}
    assert set(events) == {("CANCEL", "2027-02-05"), ("REQUEST", "2027-03-05")}
    cancelled = events[("CANCEL", "2027-02-05")]
    assert (cancelled.uid, cancelled.sequence) == (first["2027-02-05"].uid, 1)
    assert events[("REQUEST", "2027-03-05")].sequence == 0
    standing = sorted(b.occasion_key for b in _signup(app, "ivaerk1@start1.dk").bookings
                      if b.status.value != "cancelled")
    assert standing == ["2026-12-04", "2027-03-05"]


def test_cancel_one_date_of_several_then_all(client, app, smtp_server, deliver):
    sign_up(client, FRIDAY, friday_form(client, dates=["2026-12-04", "2027-02-05"]))
    deliver()
    path = _path(smtp_server, "ivaerk1@start1.dk")
    page = client.get(path)
    form = RenderedForm(page.get_data(as_text=True))
    assert form.options("hvad") == ["2026-12-04", "2027-02-05", "alle"]
    done = client.post(path, data=form.set("hvad", "2027-02-05").data(), follow_redirects=True)
    assert "Du er afmeldt fredag 5. februar 2027" in text_of(done)
    form = RenderedForm(done.get_data(as_text=True))
    assert "hvad" not in form.values or form.options("hvad") == []  # one date left: one button
    done = client.post(path, data=form.data(), follow_redirects=True)
    assert "er afmeldt" in text_of(done)
    assert _signup(app, "ivaerk1@start1.dk").cancelled_at is not None
    # a cancelled sign-up can no longer be changed
    assert client.get(path + "/ret").status_code == 303


def test_a_get_changes_nothing(client, app, smtp_server, deliver):
    sign_up(client, FRIDAY, friday_form(client, dates=["2026-12-04", "2027-02-05"]))
    deliver()
    path = _path(smtp_server, "ivaerk1@start1.dk")
    before = len(outbox(app))
    for url in (path, path + "/ret", path + "?hvad=alle", path.replace("min-tilmelding",
                                                                        "afmeld")):
        client.get(url)
    assert _signup(app, "ivaerk1@start1.dk").cancelled_at is None
    assert statuses(app, "ivaerksaetterfredag")["cancelled"] == 0
    assert len(outbox(app)) == before and _versions(app) == []


def test_an_expired_page_gets_a_message_not_a_bare_400(client, app, smtp_server, deliver):
    sign_up(client, FRIDAY, friday_form(client, dates=["2026-12-04", "2027-02-05"]))
    deliver()
    path = _path(smtp_server, "ivaerk1@start1.dk")
    form = RenderedForm(client.get(path).get_data(as_text=True)).set("hvad", "alle")
    form.values["csrf_token"] = ["expired"]
    response = client.post(path, data=form.data(), follow_redirects=True)
    assert response.status_code == 200 and "Siden var udløbet" in text_of(response)
    change = RenderedForm(client.get(path + "/ret").get_data(as_text=True))
    change.values["csrf_token"] = ["expired"]
    change.set("emne", "Markedsføring")
    refused = client.post(path + "/ret", data=change.data())
    assert refused.status_code == 400 and "Siden var udløbet" in text_of(refused)
    assert RenderedForm(refused.get_data(as_text=True)).values["emne"][0].strip() == "Markedsføring"
    assert _signup(app, "ivaerk1@start1.dk").cancelled_at is None


def test_versions_keep_every_earlier_answer(client, app, smtp_server, deliver):
    sign_up(client, GROUP, group_form(client))
    deliver()
    path = _path(smtp_server, "person1@firma1.dk") + "/ret"
    for title in ("Ejer", "Partner"):
        form = RenderedForm(client.get(path).get_data(as_text=True)).set("stilling", title)
        assert client.post(path, data=form.data()).status_code == 303
    same = RenderedForm(client.get(path).get_data(as_text=True))
    assert "Du har ikke ændret noget" in text_of(client.post(path, data=same.data(),
                                                             follow_redirects=True))
    assert [(v.version, v.answers["stilling"]) for v in _versions(app)] == [
        (1, "Direktør"), (2, "Ejer")]
    assert _signup(app, "person1@firma1.dk").answers["stilling"] == "Partner"


def test_a_closed_form_keeps_what_was_typed(client, app, smtp_server, deliver, frozen_clock):
    from datetime import timedelta

    from intake.formdefs.registry import current_registry

    sign_up(client, GROUP, group_form(client))
    deliver()
    path = _path(smtp_server, "person1@firma1.dk") + "/ret"
    form = RenderedForm(client.get(path).get_data(as_text=True)).set("stilling", "Ejer")
    with app.app_context():
        closes = current_registry().get("samarbejdsgruppe").closes_at
    frozen_clock(closes + timedelta(minutes=1))
    response = client.post(path, data=form.data())
    assert response.status_code == 409 and "Ejer" in text_of(response)
    assert "lukket" in text_of(response)
    assert _versions(app) == []


def test_a_group_the_address_already_holds_is_refused_at_the_field(
        client, app, smtp_server, deliver):
    sign_up(client, GROUP, group_form(client))
    other = app.test_client()
    sign_up(other, GROUP, group_form(other, gruppe="baeredygtige",
                                     rolle="baeredygtige-byggebranchen"))
    deliver()
    path = _path(smtp_server, "person1@firma1.dk") + "/ret"
    form = RenderedForm(client.get(path).get_data(as_text=True))
    form.set("gruppe", "baeredygtige").set("rolle", "baeredygtige-byggebranchen")
    refused = client.post(path, data=form.data())
    assert refused.status_code == 400
    assert "allerede en anden tilmelding til" in field_errors(refused)["gruppe"]
    assert "Der er fejl i formularen" in text_of(refused)
    assert _versions(app) == []
