"""Meeting reminders through the engine, with a frozen clock across the October 2027 clock
change: those who have not answered are reminded 7 and 2 days before the RSVP deadline at
09.00 Copenhagen summer time; Ja and Måske get "husk mødet" at 09.00 the day before the
meeting, in winter time; Nej never gets a reminder; a cancelled meeting sends nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from intake.clock import LOCAL
from intake.extensions import db
from intake.invitations import reminders
from intake.invitations.models import Reminder
from intake.meetings import service
from intake.meetings.models import Meeting, MeetingInvitation, RsvpAnswer
from intake.outbox.models import OutboxMessage
from tests.meetings.conftest import INVITE_AT, add_members, invite, make_meeting


def _answer(app, frozen_clock, answers: dict[str, RsvpAnswer]) -> None:
    frozen_clock(datetime(2027, 10, 16, 12, 0, tzinfo=LOCAL))
    with app.test_request_context():
        for email, answer in answers.items():
            invitation = db.session.scalar(
                sa.select(MeetingInvitation).where(MeetingInvitation.email == email))
            assert service.answer(invitation, answer, "")
        db.session.commit()


def _run(app, frozen_clock, at: datetime) -> list[tuple[str, str]]:
    """Run the engine's automatic reminders at `at`; the (kind, recipient) queued."""
    frozen_clock(at)
    with app.app_context():  # as the mail worker runs it: no request
        before = db.session.scalar(sa.select(sa.func.max(OutboxMessage.id))) or 0
        db.session.rollback()
        reminders.send_due()
        rows = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.id > before).order_by(OutboxMessage.id))
        return [(row.kind, row.recipients[0]) for row in rows]


def test_reminders_across_the_clock_change(app, client, frozen_clock):
    add_members(client, frozen_clock, 4)
    meeting_id = make_meeting(app)
    invite(app, frozen_clock, meeting_id)
    _answer(app, frozen_clock, {"person1@firma1.dk": RsvpAnswer.NO,
                                "person2@firma2.dk": RsvpAnswer.YES,
                                "person4@firma4.dk": RsvpAnswer.MAYBE})
    nobody = "person3@firma3.dk"
    assert _run(app, frozen_clock, datetime(2027, 10, 22, 8, 59, tzinfo=LOCAL)) == []
    # 7 days before the deadline's date, 09.00 summer time (07.00 UTC)
    assert _run(app, frozen_clock, datetime(2027, 10, 22, 9, 0, tzinfo=LOCAL)) == [
        ("meeting_reminded", nobody)]
    assert _run(app, frozen_clock, datetime(2027, 10, 22, 15, 0, tzinfo=LOCAL)) == []
    assert _run(app, frozen_clock, datetime(2027, 10, 27, 9, 0, tzinfo=LOCAL)) == [
        ("meeting_reminded", nobody)]
    assert _run(app, frozen_clock, datetime(2027, 10, 29, 12, 0, tzinfo=LOCAL)) == []
    # The clock went back on 31 October: the day before the meeting 09.00 is 08.00 UTC.
    assert _run(app, frozen_clock, datetime(2027, 11, 1, 8, 59, tzinfo=LOCAL)) == []
    assert sorted(_run(app, frozen_clock, datetime(2027, 11, 1, 9, 0, tzinfo=LOCAL))) == [
        ("meeting_reminder_attending", "person2@firma2.dk"),
        ("meeting_reminder_attending", "person4@firma4.dk")]
    assert _run(app, frozen_clock, datetime(2027, 11, 1, 18, 0, tzinfo=LOCAL)) == []
    assert _run(app, frozen_clock, datetime(2027, 11, 2, 9, 0, tzinfo=LOCAL)) == []
    with app.app_context():
        sent = db.session.execute(
            sa.select(MeetingInvitation.email, Reminder.sent_at)
            .join(Reminder, Reminder.invitation_id == MeetingInvitation.id)
            .order_by(Reminder.sent_at, MeetingInvitation.email)).all()
        assert [(email, at.astimezone(UTC).strftime("%m-%d %H:%M")) for email, at in sent] == [
            (nobody, "10-22 07:00"), (nobody, "10-27 07:00"),
            ("person2@firma2.dk", "11-01 08:00"), ("person4@firma4.dk", "11-01 08:00")]
        assert all(at.astimezone(LOCAL).hour == 9 for _, at in sent)
        mail = db.session.scalar(sa.select(OutboxMessage).where(
            OutboxMessage.kind == "meeting_reminder_attending").order_by(OutboxMessage.id))
        assert "Husk mødet" in mail.subject
        nej = db.session.scalar(sa.select(MeetingInvitation).where(
            MeetingInvitation.email == "person1@firma1.dk"))
        assert nej.reminder_count == 0 and nej.reminders == []


def test_cancelled_meeting_sends_no_reminders(app, client, frozen_clock):
    add_members(client, frozen_clock, 2)
    meeting_id = make_meeting(app)
    invite(app, frozen_clock, meeting_id)
    _answer(app, frozen_clock, {"person1@firma1.dk": RsvpAnswer.YES})
    with app.test_request_context():
        service.cancel(db.session.get(Meeting, meeting_id))
        db.session.commit()
    for day in (22, 27):
        assert _run(app, frozen_clock, datetime(2027, 10, day, 9, 0, tzinfo=LOCAL)) == []
    assert _run(app, frozen_clock, datetime(2027, 11, 1, 9, 0, tzinfo=LOCAL)) == []


def test_staff_remind_now_only_those_who_have_not_answered(app, client, frozen_clock):
    add_members(client, frozen_clock, 2)
    meeting_id = make_meeting(app)
    invite(app, frozen_clock, meeting_id)
    _answer(app, frozen_clock, {"person1@firma1.dk": RsvpAnswer.NO})
    with app.test_request_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert service.remind_now(meeting) == 1
        assert service.remind_now(meeting) == 0  # not twice on one day
        db.session.commit()
    frozen_clock(INVITE_AT)
    with app.test_request_context():
        rows = db.session.scalars(sa.select(OutboxMessage).where(
            OutboxMessage.kind == "meeting_reminded")).all()
        assert [r.recipients for r in rows] == [["person2@firma2.dk"]]
        assert "/moeder/" in rows[0].body_text
