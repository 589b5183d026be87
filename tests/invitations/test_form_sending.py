"""Sending a form by personal link (issue 13 §3): pasted lists, a workbook and groups'
members, checked whole (nothing sent until clean), merged, previewed, then queued."""

from __future__ import annotations

from intake.clock import LOCAL
from tests.invitations import form_helpers
from tests.invitations.form_helpers import (
    invitations,
    links_by_address,
    mails,
    post_send,
    send,
    send_page,
    sendings,
    workbook,
)
from tests.staff.conftest import add_signup, group_answers
from tests.support.confirm import confirmation_form
from tests.support.signups import text_of

app, now = form_helpers.app, form_helpers.now  # the fixtures of these tests


def test_pasted_list_with_duplicates_and_a_bad_address_sends_nothing(app, now, staff_client):
    pasted = "Anna Hansen <anna@firma.dk>\nanna@firma.dk\n\nbo@firma\nCarl;carl@firma.dk"
    response = post_send(staff_client, send_page(staff_client), pasted=pasted,
                         deadline_date="2026-12-04", deadline_time="12:00",
                         subject="Kom til fredag", body="Hej {{ navn }}\n{{ link }}")
    assert response.status_code == 422
    text = text_of(response)
    assert "Linje 4:" in text and "Intet er sendt" in text
    assert "Linje 1:" not in text and "Linje 2:" not in text and "Linje 5:" not in text
    # What was typed stays, and nothing is stored or queued.
    form = confirmation_or_form(response)
    assert "Carl;carl@firma.dk" in form.values["pasted"][0]
    assert form.values["subject"] == ["Kom til fredag"]
    assert invitations(app) == [] and mails(app, "form_invited") == []

    fixed = pasted.replace("bo@firma\n", "Bo Berg <bo@firma.dk>\n")
    preview = post_send(staff_client, send_page(staff_client), pasted=fixed,
                        deadline_date="2026-12-04", deadline_time="12:00")
    assert preview.status_code == 200
    assert "3 personer får en mail" in text_of(preview)  # anna once
    assert invitations(app) == []  # a preview writes nothing
    done = staff_client.post(confirmation_form(preview).action,
                             data=confirmation_form(preview).data())
    assert done.status_code == 303
    sent = invitations(app)
    assert sorted(i.email for i in sent) == ["anna@firma.dk", "bo@firma.dk", "carl@firma.dk"]
    assert {i.name for i in sent} == {"Anna Hansen", "Bo Berg", "Carl"}
    assert all(i.invited_at is not None and i.person_id is None for i in sent)
    links = links_by_address(app)
    assert set(links) == {"anna@firma.dk", "bo@firma.dk", "carl@firma.dk"}
    (sending,) = sendings(app)
    assert sending.deadline_at.astimezone(LOCAL).hour == 12
    assert sending.reminder_days == [7, 2]


def confirmation_or_form(response):
    from tests.invitations.form_helpers import form_with

    return form_with(response.get_data(as_text=True), "pasted")


def test_someone_already_invited_to_the_form_is_skipped_and_counted(app, now, staff_client):
    assert send(staff_client, "anna@firma.dk").status_code == 303
    preview = post_send(staff_client, send_page(staff_client), pasted="ANNA@firma.dk\nbo@firma.dk",
                        deadline_date="2026-12-04", deadline_time="12:00")
    text = text_of(preview)
    assert "1 personer får en mail" in text and "1 på listen er allerede inviteret" in text
    assert staff_client.post(confirmation_form(preview).action,
                             data=confirmation_form(preview).data()).status_code == 303
    assert sorted(i.email for i in invitations(app)) == ["anna@firma.dk", "bo@firma.dk"]
    assert len(mails(app, "form_invited")) == 2


def test_workbook_bad_rows_reported_with_row_numbers_then_the_fixed_file_is_sent(
        app, now, staff_client):
    bad = workbook([["Anna", "anna@firma.dk"], ["Bo", "bo.firma.dk"], ["Carl", ""],
                    ["Dorte", "dorte@firma.dk"], ["Erik", "erik@ø@x.dk"]])
    response = post_send(staff_client, send_page(staff_client), upload=bad,
                         pasted="Frida <frida@firma.dk>", deadline_date="2026-12-04",
                         deadline_time="12:00")
    assert response.status_code == 422
    text = text_of(response)
    assert "Række 3: e-mailadressen mangler @" in text
    assert "Række 4: e-mailadressen mangler" in text
    assert "Række 6:" in text and "Række 2:" not in text and "Række 5:" not in text
    assert "Frida <frida@firma.dk>" in text  # the typed list stays
    assert invitations(app) == [] and mails(app, "form_invited") == []

    good = workbook([["Anna", "anna@firma.dk"], ["Bo", "bo@firma.dk"], ["Carl", "carl@firma.dk"]],
                    header=("navn", "E-MAIL"))
    assert send(staff_client, "Frida <frida@firma.dk>", upload=good).status_code == 303
    assert sorted(i.email for i in invitations(app)) == [
        "anna@firma.dk", "bo@firma.dk", "carl@firma.dk", "frida@firma.dk"]


def test_a_workbook_without_an_email_column_is_refused(app, now, staff_client):
    response = post_send(staff_client, send_page(staff_client),
                         upload=workbook([["Anna", "x"]], header=("Navn", "Telefon")),
                         deadline_date="2026-12-04", deadline_time="12:00")
    assert response.status_code == 422
    assert "kolonnen «E-mail» mangler" in text_of(response)


def test_groups_members_are_invited_with_their_person_record_when_there_is_one(
        app, now, staff_client):
    add_signup(app, "samarbejdsgruppe", group_answers(1))
    add_signup(app, "samarbejdsgruppe", group_answers(2))
    add_signup(app, "samarbejdsgruppe", group_answers(3, gruppe="arbejdsliv"))
    with app.app_context():
        from intake.extensions import db
        from intake.goals import service as goals
        from intake.goals.models import Sector

        goals.upsert_owner("Person To", "person2@firma2.dk", "Firma 2 ApS", Sector.ERHVERV)
        db.session.commit()
    assert send(staff_client, "person1@firma1.dk", groups=["erhvervsliv"]).status_code == 303
    sent = {i.recipient_email: i for i in invitations(app)}
    assert set(sent) == {"person1@firma1.dk", "person2@firma2.dk"}
    assert sent["person2@firma2.dk"].person_id is not None
    assert sent["person1@firma1.dk"].name == "Person 1"


def test_the_deadline_must_be_in_the_future_and_someone_must_be_chosen(app, now, staff_client):
    response = post_send(staff_client, send_page(staff_client), pasted="anna@firma.dk",
                         deadline_date="2026-11-19", deadline_time="12:00")
    assert response.status_code == 422
    assert "Svarfristen skal ligge i fremtiden" in text_of(response)
    response = post_send(staff_client, send_page(staff_client), pasted="",
                         deadline_date="2026-12-04", deadline_time="12:00")
    assert response.status_code == 422
    assert "Skriv mindst én modtager" in text_of(response)
    assert invitations(app) == []


def test_the_body_must_carry_the_link(app, now, staff_client):
    response = post_send(staff_client, send_page(staff_client), pasted="anna@firma.dk",
                         deadline_date="2026-12-04", deadline_time="12:00", body="Hej {{ navn }}")
    assert response.status_code == 422
    assert "skal indeholde {{ link }}" in text_of(response)


def test_the_mail_carries_the_staff_text_and_the_personal_link(app, now, staff_client):
    response = send(staff_client, "Anna Hansen <anna@firma.dk>", subject="Svar om {{ skema }}",
                    body="Kære {{ navn }}\n\nSvar her: {{ link }}\nFrist: {{ frist }}")
    assert response.status_code == 303
    (message,) = mails(app, "form_invited")
    assert message.recipients == ["anna@firma.dk"]
    assert message.subject.startswith("Svar om ")
    assert "Kære Anna Hansen" in message.body_text
    assert "fredag 4. december 2026 kl. 12.00" in message.body_text
    assert "https://intake.example.dk/inviteret/" in message.body_html


def test_a_closed_form_is_not_sent(app, now, staff_client, frozen_clock):
    from datetime import timedelta

    from intake.extensions import db
    from intake.formdefs import store
    from tests.invitations.form_helpers import SLUG

    with app.app_context():
        store.set_closed(SLUG, True, by="test")
        db.session.commit()
    frozen_clock(now + timedelta(minutes=1))
    response = post_send(staff_client, send_page(staff_client), pasted="anna@firma.dk",
                         deadline_date="2026-12-04", deadline_time="12:00")
    assert response.status_code == 422
    assert "Skemaet er lukket for tilmeldinger" in text_of(response)
    assert invitations(app) == []
