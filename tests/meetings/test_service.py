"""What the staff pages and the roster read: answers by sector, attendance, minutes, the
period's meetings; and meeting invitations in the GDPR tools (find, access, erase)."""

from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa

from intake.extensions import db
from intake.gdpr import service as gdpr
from intake.gdpr.models import DeletionLog
from intake.gdpr.person import parse
from intake.goals import service as goals
from intake.goals.models import FocusArea, Sector
from intake.invitations.models import Invitation, LinkToken
from intake.meetings import service
from intake.meetings.models import (
    Meeting,
    MeetingInvitation,
    MeetingKind,
    RsvpAnswer,
    RsvpChange,
)
from tests.meetings.conftest import (
    INVITE_AT,
    STARTS,
    add_members,
    invite,
    make_meeting,
    page,
)


def _by_email(email: str) -> MeetingInvitation:
    return db.session.scalar(sa.select(MeetingInvitation).where(MeetingInvitation.email == email))


def test_answers_attendance_minutes_and_the_periods_meetings(app, client, frozen_clock):
    add_members(client, frozen_clock, 3)
    first = make_meeting(app)
    joint = make_meeting(app, kind=MeetingKind.JOINT, title="Fællesmøde",
                         starts_at=STARTS - timedelta(days=20),
                         ends_at=STARTS - timedelta(days=20, hours=-2),
                         rsvp_deadline_at=STARTS - timedelta(days=25))
    invite(app, frozen_clock, first)
    invite(app, frozen_clock, joint, at=INVITE_AT - timedelta(days=14))
    frozen_clock(INVITE_AT + timedelta(days=1))
    with app.test_request_context():
        meeting = db.session.get(Meeting, first)
        service.add_guest(meeting, "Kim Kommune", "kim@hedensted.dk", "Hedensted Kommune",
                          Sector.KOMMUNE)
        service.answer(_by_email("person1@firma1.dk"), RsvpAnswer.YES, "")
        service.answer(_by_email("kim@hedensted.dk"), RsvpAnswer.MAYBE, "")
        db.session.commit()
        assert service.answers_by_sector(meeting) == {
            Sector.ERHVERV: {RsvpAnswer.YES: 1, None: 2},
            Sector.KOMMUNE: {RsvpAnswer.MAYBE: 1},
        }
        period = goals.period_for_year(2027)
        assert [m.id for m in service.meetings_of(period)] == [joint, first]

        attended = {_by_email("person1@firma1.dk").id, _by_email("kim@hedensted.dk").id}
        service.set_attendance(meeting, attended)
        joint_meeting = db.session.get(Meeting, joint)
        one = next(i for i in joint_meeting.invitations if i.email == "person1@firma1.dk")
        service.set_attendance(joint_meeting, {one.id})
        service.set_minutes(meeting, "  Beslutning: tre mål for 2028.  ")
        db.session.commit()
        assert meeting.minutes == "Beslutning: tre mål for 2028."
        assert [i.attended for i in meeting.invitations] == [True, False, False, True]
        assert service.attendance_by_email(FocusArea.ERHVERVSLIV) == {
            "person1@firma1.dk": 2, "kim@hedensted.dk": 1}
        assert service.attendance_by_email(FocusArea.RAMMER) == {"person1@firma1.dk": 1}


def test_gdpr_finds_and_erases_invitations_and_answers(app, client, frozen_clock):
    add_members(client, frozen_clock, 2)
    meeting_id = make_meeting(app)
    invite(app, frozen_clock, meeting_id)
    frozen_clock(INVITE_AT + timedelta(days=1))
    with app.test_request_context():
        service.answer(_by_email("person1@firma1.dk"), RsvpAnswer.YES, "Glutenallergi")
        service.answer(_by_email("person1@firma1.dk"), RsvpAnswer.NO, "")
        db.session.commit()
        token_rows = db.session.scalar(sa.select(sa.func.count()).select_from(LinkToken))
        report = gdpr.find(parse("Person1@Firma1.dk"))
        by_title = {s.title: s for s in report.sections}
        [row] = by_title["Mødeinvitationer"].rows
        assert row[2:4] == ["Person 1", "person1@firma1.dk"] and row[6] == "Nej"
        assert [r[1:3] for r in by_title["Mødesvar"].rows] == [
            ["Ja", "Glutenallergi"], ["Nej", None]]
        plan = dict(gdpr.plan(parse("person1@firma1.dk")))
        assert plan["Mødesvar og kommentarer slettes"] == 2

        gdpr.erase(parse("person1@firma1.dk"))
        db.session.commit()
        assert _by_email("person1@firma1.dk") is None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(RsvpChange)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LinkToken)) == \
            token_rows - 1
        assert _by_email("person2@firma2.dk") is not None  # the others stay
        log = json.dumps(db.session.scalar(sa.select(DeletionLog)).payload)
        assert "person1" not in log and "Glutenallergi" not in log
        assert gdpr.find(parse("person1@firma1.dk")).total == 0
        assert db.session.get(Meeting, meeting_id) is not None


def test_link_of_an_erased_invitation_is_not_valid(app, client, frozen_clock, invited):
    _, tokens = invited
    frozen_clock(INVITE_AT + timedelta(days=1))
    with app.test_request_context():
        gdpr.erase(parse("person2@firma2.dk"))
        db.session.commit()
    page(client, tokens["person2@firma2.dk"], status=404)
    page(client, tokens["person1@firma1.dk"])
