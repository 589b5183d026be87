"""Staff meeting pages (issue 13 §2): create a meeting from the rendered form, invite the
group's members, edit (update to everyone invited), guests, reminders, resend, cancel,
attendance and minutes, the period's timeline, and goals entered from a 1. møde.

Every form is the page's own, posted back as a browser would (tests/staff/conftest.py);
calendar parts are parsed with icalendar."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import icalendar
import pytest
import sqlalchemy as sa

from intake.clock import LOCAL
from intake.extensions import db
from intake.goals.models import FocusArea, Goal, Owner
from intake.meetings import service
from intake.meetings.models import Meeting, MeetingInvitation, MeetingState, RsvpAnswer
from intake.staff.models import AuditEntry
from tests.staff.conftest import create_staff, log_in, page_form, post_form
from tests.support.confirm import confirm, confirmation_form
from tests.support.htmlform import RenderedForm
from tests.support.signups import GROUP, NOW, group_form, sign_up

STAFF_AT = datetime(2027, 10, 15, 10, 0, tzinfo=LOCAL)
NEW = "/staff/maal/perioder/2027/moeder/nyt"
GOOD = {
    "kind": "meeting_1", "focus_area": "arbejdsliv", "title": "", "day": "02-11-2027",
    "starts": "17.00", "ends": "19.00", "host_choice": "Firma 1 ApS", "host_typed": "",
    "address": "Søndergade 1, 8722 Hedensted", "agenda": "Velkomst\r\nMålene for 2028",
    "rsvp_day": "29-10-2027", "rsvp_time": "12.00",
}


@pytest.fixture
def staff(app, client, frozen_clock):
    """Three members of Det gode arbejdsliv (Erhverv, Kommune, Andre), one of Det gode
    erhvervsliv, period 2027, and a staff client logged in on 15 October 2027."""
    frozen_clock(NOW)
    for n, area, sector in ((1, "arbejdsliv", "erhverv"), (2, "arbejdsliv", "kommune"),
                            (3, "arbejdsliv", "andre"), (4, "erhvervsliv", "erhverv")):
        sign_up(client, GROUP, group_form(client, n, gruppe=area, sektor=sector, rolle="andet",
                                          rolle_andet="Medlem"))
    with app.app_context():
        from intake.goals import service as goals

        goals.get_or_create_period(2027)
        db.session.commit()
    frozen_clock(STAFF_AT)
    create_staff(app)
    staff = app.test_client()
    assert log_in(staff).status_code == 303
    return staff


def _create(staff, **changes) -> int:
    values = GOOD | changes
    if not values["focus_area"]:
        del values["focus_area"]  # the rendered form's "Ingen gruppe" stays selected
    response = post_form(staff, NEW, NEW, **values)
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def _meeting(app, meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    assert meeting is not None
    return meeting


def _calendars(smtp_server, subject_part: str) -> list[icalendar.Calendar]:
    found = []
    for mail in smtp_server.messages:
        if subject_part not in mail["Subject"]:
            continue
        part = next(p for p in mail.walk() if p.get_content_type() == "text/calendar")
        found.append(icalendar.Calendar.from_ical(part.get_payload(decode=True)))
    return found


def test_bad_input_is_explained_in_danish_next_to_the_fields_and_kept(app, staff):
    no_group = {k: v for k, v in GOOD.items() if k != "focus_area"}  # "Ingen gruppe" stays
    response = post_form(staff, NEW, NEW, **(no_group | {
        "kind": "meeting_1", "ends": "16.00", "rsvp_day": "03-11-2027",
        "address": "", "day": "31-02-2027"}))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="error-summary"' in html and "Mødet er ikke gemt" in html
    assert "Vælg hvilken gruppe mødet er for." in html
    assert "Skriv mødestedets adresse." in html
    assert 'value="31-02-2027"' in html  # what was typed stays
    response = post_form(staff, NEW, NEW, **(GOOD | {"ends": "16.00", "rsvp_day": "03-11-2027"}))
    html = response.get_data(as_text=True)
    assert "Mødet skal slutte efter, det starter." in html
    assert "Svarfristen skal være før mødet starter." in html
    assert 'aria-describedby="err-ends"' in html
    response = post_form(staff, NEW, NEW, **(GOOD | {"kind": "joint"}))
    assert "Et fællesmøde er for alle grupper." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == 0


def test_create_invite_answer_and_see_answers_by_sector(app, staff, smtp_server, deliver):
    form = page_form(staff, NEW, NEW)
    assert form.options("host_choice") == ["Firma 1 ApS", "Firma 2 ApS", "Firma 3 ApS",
                                           "Firma 4 ApS"]
    meeting_id = _create(staff)
    with app.app_context():
        meeting = _meeting(app, meeting_id)
        assert meeting.title == "1. møde – Det gode arbejdsliv"  # default from kind + group
        assert meeting.host_name == "Firma 1 ApS" and meeting.state == MeetingState.PLANNED
        assert meeting.agenda == "Velkomst\nMålene for 2028"
        assert meeting.rsvp_deadline_at == datetime(2027, 10, 29, 12, 0, tzinfo=LOCAL)
    url = f"/staff/maal/moeder/{meeting_id}"
    page = staff.get(url).get_data(as_text=True)
    assert "Planlagt" in page and "Ingen er inviteret endnu." in page

    preview = post_form(staff, url, f"{url}/inviter")
    text = preview.get_data(as_text=True)
    assert "3 medlemmer får en invitation" in text
    assert "person4@firma4.dk" not in text  # another group
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(MeetingInvitation.id))) == 0
    assert confirm(staff, preview).status_code == 303
    deliver()
    calendars = _calendars(smtp_server, "Invitation")
    assert len(calendars) == 3
    with app.app_context():
        meeting = _meeting(app, meeting_id)
        assert meeting.state == MeetingState.INVITED
        for cal in calendars:
            event = next(iter(cal.walk("VEVENT")))
            assert str(cal["method"]) == "REQUEST" and str(event["uid"]) == meeting.uid
            assert int(event["sequence"]) == 0
            assert event.decoded("dtstart") == datetime(2027, 11, 2, 17, 0, tzinfo=LOCAL)
        from intake.meetings import service

        by_email = {i.recipient_email: i for i in meeting.invitations}
        service.answer(by_email["person1@firma1.dk"], RsvpAnswer.YES, "Vegetar")
        service.answer(by_email["person2@firma2.dk"], RsvpAnswer.NO, "")
        db.session.commit()
    page = staff.get(url).get_data(as_text=True)
    assert "Inviteret" in page and "Vegetar" in page
    table = page.split("answers-by-sector")[1]
    rows = table.split("</table>")[0].split("<tr>")
    erhverv = next(r for r in rows if ">Erhverv<" in r)
    kommune = next(r for r in rows if ">Kommune<" in r)
    assert [c.split("</td>")[0] for c in erhverv.split('">')[-4:]] == ["1", "0", "0", "0"]
    assert [c.split("</td>")[0] for c in kommune.split('">')[-4:]] == ["0", "1", "0", "0"]
    timeline = staff.get("/staff/maal/perioder/2027").get_data(as_text=True)
    assert f'href="/staff/maal/moeder/{meeting_id}">1. møde – Det gode arbejdsliv</a>' in timeline
    assert "02-11-2027" in timeline and ">Inviteret<" in timeline
    with app.app_context():
        actions = set(db.session.scalars(sa.select(AuditEntry.action)))
        assert {"meeting.create", "meeting.invite"} <= actions


def test_an_edit_of_an_invited_meeting_shows_who_gets_the_update_first(
        app, staff, smtp_server, deliver):
    meeting_id = _create(staff)
    url = f"/staff/maal/moeder/{meeting_id}"
    confirm(staff, post_form(staff, url, f"{url}/inviter"))
    deliver()
    edit = f"{url}/ret"
    form = page_form(staff, edit, edit)
    assert form.values["host_choice"] == ["Firma 1 ApS"] and form.values["starts"] == ["17:00"]
    preview = post_form(staff, edit, edit, starts="16.00", agenda="Velkomst\r\nNye mål")
    text = preview.get_data(as_text=True)
    assert "tidspunkt, dagsorden" in text and "3 inviterede får en opdateret" in text
    assert "person3@firma3.dk" in text
    with app.app_context():
        assert _meeting(app, meeting_id).sequence == 0  # nothing yet
    assert confirm(staff, preview).status_code == 303
    deliver()
    updates = _calendars(smtp_server, "Ændret")
    with app.app_context():
        meeting = _meeting(app, meeting_id)
        assert meeting.sequence == 1 and meeting.agenda == "Velkomst\nNye mål"
        assert len(updates) == 3
        for cal in updates:
            event = next(iter(cal.walk("VEVENT")))
            assert str(cal["method"]) == "REQUEST" and str(event["uid"]) == meeting.uid
            assert int(event["sequence"]) == 1
            assert event.decoded("dtstart") == datetime(2027, 11, 2, 16, 0, tzinfo=LOCAL)
    # A change nobody's calendar holds (the RSVP deadline) is saved without a confirmation.
    response = post_form(staff, edit, edit, rsvp_time="10.00")
    assert response.status_code == 303


def test_an_invited_meeting_cannot_move_to_another_group_but_may_become_joint(
        app, staff, smtp_server, deliver):
    meeting_id = _create(staff)
    url = f"/staff/maal/moeder/{meeting_id}"
    confirm(staff, post_form(staff, url, f"{url}/inviter"))
    edit = f"{url}/ret"
    response = post_form(staff, edit, edit, focus_area="rammer", agenda="Ny dagsorden")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    (form,) = [f for f in (RenderedForm(html, form_index=i) for i in range(html.count("<form")))
               if f.action == edit]
    assert form.values["focus_area"] == ["rammer"]
    assert form.values["agenda"][0].lstrip("\r\n") == "Ny dagsorden"  # a browser drops that \r\n
    error = html.split('id="focus_area"')[0]
    assert "kan ikke flyttes til en anden gruppe" in error.rsplit("form-group", 1)[-1]
    with app.app_context():
        meeting = _meeting(app, meeting_id)
        assert meeting.focus_area.value == "arbejdsliv" and meeting.agenda != "Ny dagsorden"
        with pytest.raises(ValueError):  # the service refuses it too
            service.update(meeting, dataclasses.replace(
                service.data_of(meeting), focus_area=FocusArea.RAMMER))
        planned = service.create(meeting.period, service.data_of(meeting))
        moved = service.update(planned, dataclasses.replace(  # not invited yet: free to move
            service.data_of(planned), focus_area=FocusArea.RAMMER))
        assert moved == ["focus_area"]
        db.session.rollback()
    form = page_form(staff, edit, edit)
    form.set("kind", "joint")
    form.values["focus_area"] = [""]  # «Ingen gruppe», the select's empty option
    joint = staff.post(edit, data=form.data())
    assert joint.status_code == 303, joint.get_data(as_text=True)
    with app.app_context():
        assert _meeting(app, meeting_id).kind.value == "joint"


def test_guest_resend_reminder_and_cancel(app, staff, smtp_server, deliver, frozen_clock):
    meeting_id = _create(staff)
    url = f"/staff/maal/moeder/{meeting_id}"
    guest = f"{url}/gaest"
    response = post_form(staff, guest, guest, name="Gæst Gæstesen", email="ikke-en-adresse")
    assert response.status_code == 200 and 'id="error-summary"' in response.get_data(as_text=True)
    assert 'value="Gæst Gæstesen"' in response.get_data(as_text=True)
    response = post_form(staff, guest, guest, name="Gæst Gæstesen", email="gaest@example.dk",
                         organisation="VIA", sector="andre")
    assert response.status_code == 303
    confirm(staff, post_form(staff, url, f"{url}/inviter"))
    with app.app_context():
        meeting = _meeting(app, meeting_id)
        assert len(meeting.invitations) == 4
        guest_inv = next(i for i in meeting.invitations if i.is_guest)
        assert guest_inv.invited_at is not None and guest_inv.person.organisation == "VIA"
        guest_id = guest_inv.id
    page = staff.get(url).get_data(as_text=True)
    assert "Gæst Gæstesen" in page and ">Gæst<" in page
    response = post_form(staff, url, f"{url}/invitationer/{guest_id}/gensend")
    assert response.status_code == 303
    frozen_clock(STAFF_AT + timedelta(minutes=20))  # not on the day of the invitation
    preview = post_form(staff, url, f"{url}/paamind")
    assert "Send påmindelse nu" in preview.get_data(as_text=True)
    confirm(staff, preview)

    preview = post_form(staff, url, f"{url}/aflys")
    assert "4 inviterede får en aflysning" in preview.get_data(as_text=True)
    assert "danger" in preview.get_data(as_text=True)
    with app.app_context():
        assert _meeting(app, meeting_id).state == MeetingState.INVITED
    assert confirm(staff, preview).status_code == 303
    deliver()
    cancels = _calendars(smtp_server, "Aflyst")
    with app.app_context():
        meeting = _meeting(app, meeting_id)
        assert meeting.state == MeetingState.CANCELLED
        assert len(cancels) == 4
        for cal in cancels:
            event = next(iter(cal.walk("VEVENT")))
            assert str(cal["method"]) == "CANCEL" and str(event["uid"]) == meeting.uid
            assert int(event["sequence"]) == meeting.sequence
        actions = set(db.session.scalars(sa.select(AuditEntry.action)))
        assert {"meeting.add_guest", "meeting.resend", "meeting.cancel",
                "meeting.remind_now"} <= actions
    page = staff.get(url).get_data(as_text=True)
    assert "Aflyst" in page and f"{url}/inviter" not in page
    assert ">Aflyst<" in staff.get("/staff/maal/perioder/2027").get_data(as_text=True)


def test_attendance_and_minutes(app, staff):
    meeting_id = _create(staff)
    url = f"/staff/maal/moeder/{meeting_id}"
    confirm(staff, post_form(staff, url, f"{url}/inviter"))
    form = page_form(staff, url, f"{url}/fremmoede")
    ids = form.options("attended")
    assert len(ids) == 3
    response = post_form(staff, url, f"{url}/fremmoede", attended=ids[:2])
    assert response.status_code == 303
    response = post_form(staff, url, f"{url}/referat",
                         minutes="Besluttet: 3 mål.\r\nNæste møde maj.")
    assert response.status_code == 303
    with app.app_context():
        meeting = _meeting(app, meeting_id)
        assert sorted(i.attended for i in meeting.invitations) == [False, True, True]
        assert meeting.minutes == "Besluttet: 3 mål.\nNæste møde maj."
    page = staff.get(url).get_data(as_text=True)
    assert page.count("checked") == 2 and "Næste møde maj." in page
    response = post_form(staff, url, f"{url}/referat", minutes="x" * 50001)
    assert response.status_code == 422 and "Referatet er ikke gemt" in response.get_data(
        as_text=True)


def test_goals_entered_from_a_first_meeting(app, staff):
    meeting_id = _create(staff)
    url = f"/staff/maal/moeder/{meeting_id}"
    page = staff.get(url).get_data(as_text=True)
    link = f"/staff/maal/perioder/2027/maal/ny?omraade=arbejdsliv&amp;moede={meeting_id}"
    assert link in page and "Indtast mål fra mødet" in page
    goal_url = link.replace("&amp;", "&")
    from tests.support.htmlform import RenderedForm

    html = staff.get(goal_url).get_data(as_text=True)
    form = RenderedForm(html, form_index=1)
    assert form.values["focus_area"] == ["arbejdsliv"]
    assert "Person 4" not in html  # the other group's member is not offered
    assert len(form.options("members")) == 3  # only the meeting's group is offered
    with app.app_context():
        from intake.signups.models import Signup

        ids = {s.email: s.id for s in db.session.scalars(sa.select(Signup))}
    form.fill(title="Flere lærepladser", members=[str(ids["person1@firma1.dk"]),
                                                  str(ids["person2@firma2.dk"])])
    response = staff.post(goal_url, data=form.data())
    assert response.status_code == 303 and response.headers["Location"].endswith(url)
    with app.app_context():
        goal = db.session.scalar(sa.select(Goal))
        assert goal.focus_area.value == "arbejdsliv" and goal.period.year == 2027
        assert sorted(o.email for o in goal.owners) == ["person1@firma1.dk", "person2@firma2.dk"]
        assert db.session.scalar(sa.select(sa.func.count(Owner.id))) == 2


def test_a_joint_meeting_invites_every_group(app, staff):
    meeting_id = _create(staff, kind="joint", focus_area="", title="Fællesmøde 2027")
    url = f"/staff/maal/moeder/{meeting_id}"
    preview = post_form(staff, url, f"{url}/inviter")
    assert "4 medlemmer får en invitation" in preview.get_data(as_text=True)
    assert "Indtast mål fra mødet" not in staff.get(url).get_data(as_text=True)
    assert confirmation_form(preview).action == f"{url}/inviter"
    index = staff.get("/staff/maal/perioder/2027/moeder").get_data(as_text=True)
    assert "Fællesmøde 2027" in index and "Alle grupper" in index


def test_a_meeting_that_has_ended_is_held_on_the_timeline(app, staff, frozen_clock):
    meeting_id = _create(staff)
    url = f"/staff/maal/moeder/{meeting_id}"
    confirm(staff, post_form(staff, url, f"{url}/inviter"))
    frozen_clock(datetime(2027, 11, 2, 19, 30, tzinfo=LOCAL))
    later = app.test_client()
    assert log_in(later).status_code == 303
    timeline = later.get("/staff/maal/perioder/2027").get_data(as_text=True)
    assert ">Afholdt<" in timeline and ">Inviteret<" not in timeline
    page = later.get(url).get_data(as_text=True)
    assert "Afholdt" in page and f"{url}/inviter" not in page and f"{url}/aflys" not in page
    assert post_form(later, url, f"{url}/fremmoede").status_code == 303  # attendance still
