"""Follow-up of a sending (issue 13 §3 "Follow-up"): automatic reminders only to those who
have not answered, the response rate and who answered on the staff page, remind now, resend
(new link, old ones keep working), withdraw; and GDPR find/erase of a pasted address."""

from __future__ import annotations

from datetime import datetime, timedelta

from intake.clock import LOCAL
from tests.invitations import form_helpers
from tests.invitations.form_helpers import (
    form_with,
    invitations,
    links_by_address,
    mails,
    send,
    sendings,
)
from tests.staff.conftest import log_in
from tests.support.confirm import confirm
from tests.support.signups import text_of

app, now = form_helpers.app, form_helpers.now  # the fixtures of these tests


def _two_invited_one_answered(app, staff_client) -> dict[str, str]:
    assert send(staff_client, "Anna <anna@firma.dk>\nBo <bo@firma.dk>").status_code == 303
    links = links_by_address(app)
    visitor = app.test_client()
    form = form_with(visitor.get(links["anna@firma.dk"]).get_data(as_text=True), "datoer")
    form.fill(datoer=["2026-12-04"], virksomhed="Idé ApS", har_cvr="nej",
              telefon="+45 20 30 40 50")
    assert visitor.post(links["anna@firma.dk"], data=form.data()).status_code == 303
    return links


def _sending_page(staff_client, app):
    (sending,) = sendings(app)
    return f"/staff/invitationer/{sending.id}"


def test_reminders_go_only_to_those_who_have_not_answered(app, now, staff_client, frozen_clock):
    links = _two_invited_one_answered(app, staff_client)
    from intake.invitations import reminders

    frozen_clock(datetime(2026, 11, 27, 8, 59, tzinfo=LOCAL))  # the 7-days slot is 09.00
    with app.app_context():
        assert reminders.send_due() == 0
    frozen_clock(datetime(2026, 11, 27, 9, 5, tzinfo=LOCAL))
    with app.app_context():
        assert reminders.send_due() == 1
        assert reminders.send_due() == 0  # not twice
    (reminder,) = mails(app, "form_reminded")
    assert reminder.recipients == ["bo@firma.dk"]
    assert "svar senest fredag 4. december 2026 kl. 12.00" in reminder.subject.lower()
    new_link = links_by_address(app, "form_reminded")["bo@firma.dk"]
    visitor = app.test_client()
    assert visitor.get(new_link).status_code == 200 and new_link != links["bo@firma.dk"]
    assert visitor.get(links["bo@firma.dk"]).status_code == 200  # the old link still works
    frozen_clock(datetime(2026, 12, 2, 9, 5, tzinfo=LOCAL))
    with app.app_context():
        assert reminders.send_due() == 1
    frozen_clock(datetime(2026, 12, 4, 12, 1, tzinfo=LOCAL))  # after the deadline: none
    with app.app_context():
        assert reminders.send_due() == 0
    assert [m.recipients for m in mails(app, "form_reminded")] == [["bo@firma.dk"]] * 2


def test_the_staff_page_shows_the_response_rate_and_who_answered(app, now, staff_client):
    _two_invited_one_answered(app, staff_client)
    page = staff_client.get(_sending_page(staff_client, app))
    assert page.status_code == 200
    text = text_of(page)
    assert "1 / 2 (50 %)" in text
    assert "Har svaret (1)" in text and "Har ikke svaret (1)" in text
    html = page.get_data(as_text=True)
    answered = html[html.index("answered-table"):]
    assert "anna@firma.dk" in answered and "bo@firma.dk" not in answered
    assert "/staff/t/HE-" in answered  # a link to the sign-up
    listing = text_of(staff_client.get("/staff/f/ivaerksaetterfredag/invitationer"))
    assert "1 / 2 (50 %)" in listing
    form_page = staff_client.get("/staff/f/ivaerksaetterfredag/").get_data(as_text=True)
    assert "/staff/f/ivaerksaetterfredag/invitationer" in form_page


def test_remind_now_confirms_first_and_reminds_only_non_answerers(
        app, now, staff_client, frozen_clock):
    _two_invited_one_answered(app, staff_client)
    frozen_clock(now + timedelta(days=1))
    log_in(staff_client)  # the staff session ended while the clock moved
    url = _sending_page(staff_client, app)
    button = form_with(staff_client.get(url).get_data(as_text=True), "csrf_token")
    page = staff_client.get(url).get_data(as_text=True)
    action = f"{url}/paamind"
    assert action in page
    preview = staff_client.post(action, data={"csrf_token": button.values["csrf_token"][0]})
    assert "1 personer, der ikke har svaret, får en påmindelse nu" in text_of(preview)
    assert mails(app, "form_reminded") == []
    assert confirm(staff_client, preview).status_code == 303
    assert [m.recipients for m in mails(app, "form_reminded")] == [["bo@firma.dk"]]


def test_resend_gives_a_new_link_and_the_old_one_keeps_working(app, now, staff_client):
    links = _two_invited_one_answered(app, staff_client)
    bo = next(i for i in invitations(app) if i.recipient_email == "bo@firma.dk")
    url = _sending_page(staff_client, app)
    html = staff_client.get(url).get_data(as_text=True)
    token = form_with(html, "csrf_token").values["csrf_token"][0]
    response = staff_client.post(f"{url}/personer/{bo.id}/gensend", data={"csrf_token": token})
    assert response.status_code == 303
    to_bo = [m for m in mails(app, "form_invited") if m.recipients == ["bo@firma.dk"]]
    assert len(to_bo) == 2
    new_link = form_helpers.LINK.search(to_bo[-1].body_text).group(0)
    visitor = app.test_client()
    assert visitor.get(new_link.replace("https://intake.example.dk", "")).status_code == 200
    assert visitor.get(links["bo@firma.dk"]).status_code == 200


def test_withdraw_kills_every_link_and_stops_reminders(app, now, staff_client, frozen_clock):
    links = _two_invited_one_answered(app, staff_client)
    bo = next(i for i in invitations(app) if i.recipient_email == "bo@firma.dk")
    url = _sending_page(staff_client, app)
    token = form_with(staff_client.get(url).get_data(as_text=True),
                      "csrf_token").values["csrf_token"][0]
    preview = staff_client.post(f"{url}/personer/{bo.id}/tilbagekald",
                                data={"csrf_token": token})
    assert "holder op med at virke" in text_of(preview)
    assert app.test_client().get(links["bo@firma.dk"]).status_code == 200  # preview only
    assert confirm(staff_client, preview).status_code == 303
    assert app.test_client().get(links["bo@firma.dk"]).status_code == 404
    frozen_clock(datetime(2026, 11, 27, 9, 5, tzinfo=LOCAL))
    from intake.invitations import reminders

    with app.app_context():
        assert reminders.send_due() == 0
    log_in(staff_client)  # the staff session ended while the clock moved
    page = text_of(staff_client.get(url))
    assert "Tilbagekaldt (1)" in page and "0 / 1" not in page and "1 / 1 (100 %)" in page


def test_gdpr_finds_and_erases_an_invitation_to_a_pasted_address(app, now, staff_client):
    assert send(staff_client, "Carl Pasted <carl@firma.dk>").status_code == 303
    from intake.extensions import db
    from intake.gdpr import service as gdpr
    from intake.gdpr.person import Person

    with app.test_request_context():
        person = Person(email="carl@firma.dk")
        report = gdpr.find(person)
        # Not only the mail: the invitation itself (the engine's provider for invitations).
        found = [s for s in report.sections if s.count and s.title != "Mails"]
        assert any("Carl Pasted" in str(row) for section in found for row in section.rows), [
            (s.title, s.count) for s in report.sections]
    with app.test_request_context():
        gdpr.erase(Person(email="carl@firma.dk"), actor="test")
        db.session.commit()
    assert invitations(app) == []


def test_the_mail_arrives_with_a_working_link_that_leaves_the_stored_copy(
        app, now, staff_client, smtp_server, deliver):
    from intake.invitations import linkmail
    from tests.support.signups import html_part, mails_to, text_part

    assert send(staff_client, "Anna Hansen <anna@firma.dk>").status_code == 303
    deliver()
    (received,) = mails_to(smtp_server, "anna@firma.dk")
    link = form_helpers.LINK.search(text_part(received)).group(0)
    assert f'href="{link}"' in html_part(received)
    assert "Hej Anna Hansen" in text_part(received)
    path = link.replace("https://intake.example.dk", "")
    assert app.test_client().get(path).status_code == 200
    with app.app_context():
        assert linkmail.run() == 1
    (stored,) = mails(app, "form_invited")
    assert path.rsplit("/", 1)[1] not in stored.body_text + (stored.body_html or "")
    assert app.test_client().get(path).status_code == 200  # only the copy lost it


def test_gdpr_finds_and_erases_an_invitation_to_someone_with_a_person_record(
        app, now, staff_client):
    from intake.extensions import db
    from intake.gdpr import service as gdpr
    from intake.gdpr.person import Person
    from intake.goals import service as goals
    from intake.goals.models import Sector

    with app.app_context():
        goals.upsert_owner("Dorte Ejer", "dorte@firma.dk", "Firma", Sector.ERHVERV)
        db.session.commit()
    assert send(staff_client, "dorte@firma.dk").status_code == 303
    (invitation,) = invitations(app)
    assert invitation.person_id is not None and invitation.email is None
    with app.test_request_context():
        report = gdpr.find(Person(email="dorte@firma.dk"))
        (section,) = [s for s in report.sections if s.title == "Invitationer"]
        assert section.rows[0][:3] == ["Skema", "Dorte Ejer", "dorte@firma.dk"]
        planned = "Invitationer med personligt link (navn, e-mail, links, påmindelser) slettes"
        assert (planned, 1) in gdpr.plan(Person(email="dorte@firma.dk"))
        gdpr.erase(Person(email="dorte@firma.dk"), actor="test")
        db.session.commit()
    assert invitations(app) == []
