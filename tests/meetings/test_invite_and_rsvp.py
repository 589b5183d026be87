"""Invite a group's members: a mail with the personal RSVP link and the meeting as .ics;
answer Ja with a comment, change it to Nej; what a GET, a bad form and an expired page do."""

from __future__ import annotations

from datetime import UTC, timedelta

import sqlalchemy as sa

from intake.extensions import db
from intake.invitations import linkmail
from intake.meetings.models import Meeting, MeetingInvitation, MeetingState, RsvpAnswer
from intake.outbox.models import OutboxMessage
from tests.mails.calendar_support import calendar_events
from tests.meetings.conftest import (
    DEADLINE,
    ENDS,
    INVITE_AT,
    STARTS,
    add_members,
    invite,
    make_meeting,
    page,
    rsvp_form,
)


def _invitation(app, email: str) -> MeetingInvitation:
    return db.session.scalar(sa.select(MeetingInvitation).where(MeetingInvitation.email == email))


def test_invitation_mail_has_link_and_event(app, client, frozen_clock, smtp_server, deliver):
    add_members(client, frozen_clock, 2)
    meeting_id = make_meeting(app)
    assert invite(app, frozen_clock, meeting_id) == 2
    assert invite(app, frozen_clock, meeting_id) == 0  # those invited are skipped
    deliver()
    mails = [m for m in smtp_server.messages if "Invitation:" in m["Subject"]]
    assert sorted(m["To"] for m in mails) == ["person1@firma1.dk", "person2@firma2.dk"]
    mail = next(m for m in mails if m["To"] == "person1@firma1.dk")
    text = mail.get_body(("plain",)).get_content()
    assert "https://intake.example.dk/moeder/" in text
    assert "tirsdag 2. november 2027 kl. 17.00–19.00" in text
    assert "Firma 1 ApS" in text and "Søndergade 1, 8722 Hedensted" in text
    assert "Målene for 2028" in text
    [event] = calendar_events(mail)
    assert (event.method, event.sequence, event.status) == ("REQUEST", 0, "CONFIRMED")
    assert event.starts_at == STARTS.astimezone(UTC)
    assert event.location == "Firma 1 ApS, Søndergade 1, 8722 Hedensted"
    assert "Målene for 2028" in event.description and "/moeder/" not in event.description
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert event.uid == meeting.uid and meeting.uid.startswith("meeting-")
        assert meeting.state == MeetingState.INVITED and meeting.invited_at == INVITE_AT
        other = next(m for m in mails if m["To"] == "person2@firma2.dk")
        assert calendar_events(other)[0].uid == meeting.uid
        # Once sent, the stored copies keep no personal link.
        linkmail.run()
        stored = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.kind == "meeting_invited")).all()
        assert stored and all("/moeder/" in m.body_text for m in stored)
        assert not any("https://intake.example.dk/moeder/" + "A" in m.body_text for m in stored)
        assert all("personligt link fjernet" in m.body_text for m in stored)


def test_ics_has_copenhagen_time_and_attendee(app, client, frozen_clock, smtp_server, deliver):
    import icalendar

    add_members(client, frozen_clock, 1)
    invite(app, frozen_clock, make_meeting(app))
    deliver()
    [mail] = [m for m in smtp_server.messages if "Invitation:" in m["Subject"]]
    part = next(p for p in mail.walk() if p.get_content_type() == "text/calendar")
    raw = part.get_payload(decode=True).decode()
    assert "DTSTART;TZID=Europe/Copenhagen:20271102T170000" in raw
    assert "DTEND;TZID=Europe/Copenhagen:20271102T190000" in raw
    cal = icalendar.Calendar.from_ical(raw)
    assert str(cal["method"]) == "REQUEST"
    event = next(iter(cal.walk("VEVENT")))
    assert str(event["attendee"]) == "mailto:person1@firma1.dk"
    assert event["attendee"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert "CN" in event["organizer"].params
    assert event.decoded("dtend") == ENDS


def test_rsvp_yes_with_comment_then_no(app, client, frozen_clock, invited):
    meeting_id, tokens = invited
    token = tokens["person1@firma1.dk"]
    frozen_clock(INVITE_AT + timedelta(days=1))
    form = rsvp_form(client, token)
    assert form.options("answer") == ["ja", "nej", "maaske"]
    assert "answer" not in form.values  # nothing chosen yet
    with app.app_context():  # the GET changed nothing
        invitation = _invitation(app, "person1@firma1.dk")
        assert invitation.answer is None and invitation.opened_at is None
        assert invitation.changes == [] and invitation.answered_at is None

    form.fill(answer="ja", comment="Vegetar, tak")
    response = client.post(f"/moeder/{token}", data=form.data())
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/moeder/{token}")
    shown = page(client, token).get_data(as_text=True)
    assert "Tak, dit svar er registreret: Ja." in shown
    form = rsvp_form(client, token)
    assert form.values["answer"] == ["ja"]
    assert [v.strip() for v in form.values["comment"]] == ["Vegetar, tak"]  # after the newline

    frozen_clock(INVITE_AT + timedelta(days=2))
    response = client.post(f"/moeder/{token}", data=form.fill(answer="nej", comment="").data())
    assert response.status_code == 303
    assert "Tak, dit svar er registreret: Nej." in page(client, token).get_data(as_text=True)
    with app.app_context():
        invitation = _invitation(app, "person1@firma1.dk")
        assert invitation.answer == RsvpAnswer.NO and invitation.comment == ""
        assert invitation.answered_at == INVITE_AT + timedelta(days=2)
        assert invitation.opened_at == INVITE_AT + timedelta(days=1)
        assert [(c.answer, c.comment) for c in invitation.changes] == [
            (RsvpAnswer.YES, "Vegetar, tak"), (RsvpAnswer.NO, "")]
        other = _invitation(app, "person2@firma2.dk")
        assert other.answer is None and other.changes == []


def test_missing_answer_and_long_comment_get_danish_messages(app, client, frozen_clock, invited):
    _, tokens = invited
    token = tokens["person1@firma1.dk"]
    frozen_clock(INVITE_AT + timedelta(days=1))
    form = rsvp_form(client, token).fill(comment="x" * 501)
    response = client.post(f"/moeder/{token}", data=form.data())
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="error-summary"' in html
    assert 'id="err-answer"' in html and "Vælg Ja, Nej eller Måske." in html
    assert 'id="err-comment"' in html and "Kommentaren må højst være 500 tegn." in html
    again = type(form)(html)
    assert again.values["comment"][0].strip() == "x" * 501  # what was typed stays
    with app.app_context():
        assert _invitation(app, "person1@firma1.dk").changes == []


def test_expired_page_keeps_the_answer(app, client, frozen_clock, invited):
    _, tokens = invited
    token = tokens["person1@firma1.dk"]
    frozen_clock(INVITE_AT + timedelta(days=1))
    form = rsvp_form(client, token).fill(answer="maaske", comment="Kommer måske senere")
    data = form.data()
    data["csrf_token"] = "expired"
    response = client.post(f"/moeder/{token}", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Siden var udløbet" in html
    again = type(form)(html)
    assert again.values["answer"] == ["maaske"]
    assert again.values["comment"][0].strip() == "Kommer måske senere"
    assert client.post(f"/moeder/{token}", data=again.data()).status_code == 303


def test_after_the_deadline_the_page_shows_the_answer_without_a_form(
        app, client, frozen_clock, invited):
    _, tokens = invited
    token = tokens["person1@firma1.dk"]
    frozen_clock(INVITE_AT + timedelta(days=1))
    client.post(f"/moeder/{token}", data=rsvp_form(client, token).fill(answer="ja").data())
    frozen_clock(DEADLINE)
    html = page(client, token).get_data(as_text=True)
    assert "Du har svaret: Ja." in html and "Fristen for at svare var" in html
    assert 'name="answer"' not in html
    late = client.post(f"/moeder/{token}", data={"answer": "nej"})
    assert late.status_code == 409
    with app.app_context():
        assert _invitation(app, "person1@firma1.dk").answer == RsvpAnswer.YES
        assert len(_invitation(app, "person1@firma1.dk").changes) == 1


def test_bad_and_expired_links_are_not_valid(app, client, frozen_clock, invited):
    _, tokens = invited
    frozen_clock(INVITE_AT + timedelta(days=1))
    for bad in ["x" * 43, "kort", tokens["person1@firma1.dk"][:-1] + "_"]:
        response = client.get(f"/moeder/{bad}")
        assert response.status_code == 404
        assert "Linket er ikke gyldigt" in response.get_data(as_text=True)
    token = tokens["person1@firma1.dk"]
    assert client.get(f"/opfoelgning/{token}").status_code == 404  # another kind's page
    frozen_clock(ENDS + timedelta(days=13))
    page(client, token)
    frozen_clock(ENDS + timedelta(days=14))
    assert client.get(f"/moeder/{token}").status_code == 404


def test_page_headers_and_calendar_download(app, client, frozen_clock, invited):
    _, tokens = invited
    token = tokens["person1@firma1.dk"]
    frozen_clock(INVITE_AT + timedelta(days=1))
    response = page(client, token)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    download = client.get(f"/moeder/{token}/kalender.ics")
    assert download.status_code == 200 and download.mimetype == "text/calendar"
    assert b"METHOD:REQUEST" in download.data
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download.headers["Cache-Control"]
    assert client.get(f"/moeder/{'y' * 43}/kalender.ics").status_code == 404
