"""A meeting's calendar lifecycle: a change of time, place or agenda sends everyone invited
an update (same UID, SEQUENCE + 1, METHOD:REQUEST) with a fresh link; cancelling sends
METHOD:CANCEL with the next SEQUENCE; a cancelled meeting's link says so and takes no
answer. Every .ics part is parsed with icalendar."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.meetings import service
from intake.meetings.models import Meeting, MeetingInvitation, MeetingState, RsvpAnswer
from tests.mails.calendar_support import calendar_events
from tests.meetings.conftest import (
    INVITE_AT,
    STARTS,
    add_members,
    invite,
    links,
    make_meeting,
    meeting_data,
    page,
    rsvp_form,
)


def _mails(smtp_server, subject: str) -> list:
    return [m for m in smtp_server.messages if m["Subject"].startswith(subject)]


def test_change_then_cancel_keeps_the_uid_and_raises_the_sequence(
        app, client, frozen_clock, smtp_server, deliver):
    add_members(client, frozen_clock, 2)
    meeting_id = make_meeting(app)
    invite(app, frozen_clock, meeting_id)
    deliver()
    [first] = calendar_events(_mails(smtp_server, "Invitation:")[0])

    frozen_clock(INVITE_AT + timedelta(days=1))
    moved = STARTS + timedelta(days=1, hours=-1)
    with app.test_request_context():
        meeting = db.session.get(Meeting, meeting_id)
        changed = service.update(meeting, meeting_data(
            starts_at=moved, ends_at=moved + timedelta(hours=2), address="Torvet 2, Juelsminde"))
        db.session.commit()
        assert changed == ["starts_at", "ends_at", "address"]
        assert meeting.sequence == 1 and meeting.changed_at == INVITE_AT + timedelta(days=1)
    deliver()
    updates = _mails(smtp_server, "Ændret møde:")
    assert sorted(m["To"] for m in updates) == ["person1@firma1.dk", "person2@firma2.dk"]
    text = updates[0].get_body(("plain",)).get_content()
    assert "tirsdag 2. november 2027 kl. 17.00–19.00 → onsdag 3. november 2027 kl. 16.00–18.00" \
        in text
    assert "Søndergade 1, 8722 Hedensted → Torvet 2, Juelsminde" in text
    [update] = calendar_events(updates[0])
    assert (update.method, update.uid, update.sequence) == ("REQUEST", first.uid, 1)
    assert update.starts_at == moved.astimezone(UTC)
    assert update.location == "Firma 1 ApS, Torvet 2, Juelsminde"
    fresh = links(app, "meeting_changed")["person1@firma1.dk"]
    assert fresh != links(app)["person1@firma1.dk"]
    assert "Torvet 2, Juelsminde" in page(client, fresh).get_data(as_text=True)
    page(client, links(app)["person1@firma1.dk"])  # the first link still works

    # A new RSVP deadline alone is in nobody's calendar: no mail, no new SEQUENCE.
    with app.test_request_context():
        meeting = db.session.get(Meeting, meeting_id)
        data = service.data_of(meeting)
        data.rsvp_deadline_at -= timedelta(days=1)
        assert service.update(meeting, data) == ["rsvp_deadline_at"]
        db.session.commit()
        assert meeting.sequence == 1
    assert deliver() == 0

    frozen_clock(INVITE_AT + timedelta(days=2))
    with app.test_request_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert service.cancel(meeting) == 2
        db.session.commit()
        assert service.cancel(meeting) == 0
        assert meeting.state == MeetingState.CANCELLED and meeting.sequence == 2
    deliver()
    cancels = _mails(smtp_server, "Aflyst:")
    assert len(cancels) == 2
    [cancel] = calendar_events(cancels[0])
    assert (cancel.method, cancel.uid, cancel.sequence, cancel.status) == (
        "CANCEL", first.uid, 2, "CANCELLED")
    assert "/moeder/" not in cancels[0].get_body(("plain",)).get_content()

    token = links(app)["person1@firma1.dk"]
    html = page(client, token).get_data(as_text=True)
    assert "Mødet er aflyst" in html and 'name="answer"' not in html
    assert client.post(f"/moeder/{token}", data={"answer": "ja"}).status_code == 409
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingInvitation)
                                 .where(MeetingInvitation.answer.is_not(None))) == 0
        meeting = db.session.get(Meeting, meeting_id)
        with pytest.raises(ValueError):
            service.update(meeting, meeting_data())


def test_planned_meeting_changes_quietly_and_checks_its_times(app, client, frozen_clock):
    meeting_id = make_meeting(app)
    with app.test_request_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert service.update(meeting, meeting_data(agenda="Ny dagsorden")) == ["agenda"]
        assert meeting.sequence == 0
        with pytest.raises(ValueError):
            service.update(meeting, meeting_data(ends_at=STARTS))
        with pytest.raises(ValueError):
            service.update(meeting, meeting_data(rsvp_deadline_at=STARTS + timedelta(hours=1)))


def test_guest_invited_with_members_and_one_person_record(app, client, frozen_clock):
    from intake.goals.models import Owner, Sector

    add_members(client, frozen_clock, 1)
    meeting_id = make_meeting(app)
    with app.test_request_context():
        meeting = db.session.get(Meeting, meeting_id)
        guest = service.add_guest(meeting, "Gitte Gæst", "Gitte@Example.dk", "Gæst A/S")
        assert guest.invited_at is None and guest.is_guest  # planned: sent with the members
        assert service.add_guest(meeting, "Gitte", "gitte@example.dk") is guest
        db.session.commit()
    assert invite(app, frozen_clock, meeting_id) == 2
    with app.test_request_context():
        meeting = db.session.get(Meeting, meeting_id)
        late = service.add_guest(meeting, "Bo Berg", "person1@firma1.dk")  # already a member
        assert not late.is_guest
        other = service.add_guest(meeting, "Hans Hansen", "hans@example.dk", sector=Sector.KOMMUNE)
        assert other.invited_at == INVITE_AT and other.person.sector == Sector.KOMMUNE
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Owner)) == 3
    assert set(links(app)) == {"person1@firma1.dk", "gitte@example.dk", "hans@example.dk"}


def test_joint_meeting_invites_every_group(app, client, frozen_clock):
    from intake.meetings.models import MeetingKind

    add_members(client, frozen_clock, 1, area="erhvervsliv")
    add_members(client, frozen_clock, 1, area="rammer", start=2)
    meeting_id = make_meeting(app, kind=MeetingKind.JOINT)
    assert invite(app, frozen_clock, meeting_id) == 2
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).focus_area is None


def test_resend_sends_a_new_link_with_the_current_event(
        app, client, frozen_clock, invited, smtp_server, deliver):
    meeting_id, tokens = invited
    frozen_clock(INVITE_AT + timedelta(days=3))
    with app.test_request_context():
        invitation = db.session.scalar(sa.select(MeetingInvitation).where(
            MeetingInvitation.email == "person1@firma1.dk"))
        service.resend(invitation)
        db.session.commit()
    deliver()
    resent = [m for m in smtp_server.messages if m["To"] == "person1@firma1.dk"
              and m["Subject"].startswith("Invitation:")]
    assert len(resent) == 2
    assert calendar_events(resent[-1])[0].sequence == 0
    assert links(app)["person1@firma1.dk"] != tokens["person1@firma1.dk"]
    rsvp_form(client, tokens["person1@firma1.dk"])  # both links open
    rsvp_form(client, links(app)["person1@firma1.dk"])


def test_answer_refused_once_cancelled_and_download_says_cancel(
        app, client, frozen_clock, invited):
    meeting_id, tokens = invited
    frozen_clock(INVITE_AT + timedelta(days=1))
    with app.test_request_context():
        meeting = db.session.get(Meeting, meeting_id)
        service.cancel(meeting)
        invitation = meeting.invitations[0]
        assert service.answer(invitation, RsvpAnswer.YES, "") is False
        assert invitation.answer is None and invitation.changes == []
        db.session.commit()
    download = client.get(f"/moeder/{tokens['person1@firma1.dk']}/kalender.ics")
    assert b"METHOD:CANCEL" in download.data and b"STATUS:CANCELLED" in download.data
    assert b"SEQUENCE:1" in download.data
