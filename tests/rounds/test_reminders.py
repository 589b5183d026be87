"""Reminders on a controllable clock, including daylight-saving weeks (March and October 2027)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from intake.clock import LOCAL
from intake.extensions import db
from intake.goals.models import Owner
from intake.outbox.models import OutboxMessage
from intake.rounds import reminders
from intake.rounds.models import Invitation, Reminder, Round
from tests.support.goals import make_round

SPRING_DEADLINE = datetime(2027, 3, 31, 12, 0, tzinfo=LOCAL)  # summer time began 28 March
AUTUMN_DEADLINE = datetime(2027, 11, 2, 12, 0, tzinfo=LOCAL)  # winter time began 31 October


def _round(app, round_id) -> Round:
    return db.session.get(Round, round_id)


def test_schedule_is_local_time_across_dst(app, seeded):
    spring = make_round(app, deadline=SPRING_DEADLINE, start=False)
    autumn = make_round(app, deadline=AUTUMN_DEADLINE, start=False, title="Efterår")
    with app.app_context():
        assert reminders.schedule(_round(app, spring)) == [
            datetime(2027, 3, 24, 8, 0, tzinfo=UTC),  # 09.00 CET (UTC+1)
            datetime(2027, 3, 29, 7, 0, tzinfo=UTC),  # 09.00 CEST (UTC+2), after the change
        ]
        assert reminders.schedule(_round(app, autumn)) == [
            datetime(2027, 10, 26, 7, 0, tzinfo=UTC),  # 09.00 CEST
            datetime(2027, 10, 31, 8, 0, tzinfo=UTC),  # 09.00 CET, on the day of the change
        ]
        for moment in reminders.schedule(_round(app, spring)) + reminders.schedule(
            _round(app, autumn)
        ):
            assert moment.astimezone(LOCAL).hour == 9


def _walk(app, frozen_clock, start, end, step=timedelta(hours=1)):
    """Run the worker's check every `step`, like the mail worker would;
    returns (local time, sent)."""
    sent = []
    moment = start
    while moment <= end:
        frozen_clock(moment)
        with app.app_context():
            count = reminders.send_due()
        if count:
            sent.append((moment.astimezone(LOCAL), count))
        moment += step
    return sent


def _reminded(app) -> dict[str, list]:
    with app.app_context():
        rows = db.session.execute(
            sa.select(Owner.email, Reminder.sent_at)
            .join(Invitation, Invitation.owner_id == Owner.id)
            .join(Reminder, Reminder.invitation_id == Invitation.id)
            .order_by(Reminder.sent_at)
        ).all()
        result: dict[str, list] = {}
        for email, sent_at in rows:
            result.setdefault(email, []).append(sent_at.astimezone(LOCAL))
        return result


def _submit(app, email):
    from intake.clock import now

    with app.app_context():
        invitation = db.session.scalar(
            sa.select(Invitation).join(Owner).where(Owner.email == email)
        )
        from intake.rounds import answers

        answers.submit(invitation, {"goals": {}, "general": {}}, 1)
        assert invitation.submitted_at == now()
        db.session.commit()


def test_spring_dst_week(app, seeded, frozen_clock, smtp_server, deliver):
    frozen_clock(datetime(2027, 3, 20, 10, 0, tzinfo=LOCAL))
    make_round(app, deadline=SPRING_DEADLINE)
    deliver()
    invitations = len(smtp_server.messages)
    _submit(app, "carl@example.dk")
    sent = _walk(
        app,
        frozen_clock,
        datetime(2027, 3, 20, 11, 0, tzinfo=LOCAL),
        SPRING_DEADLINE + timedelta(days=1),
    )
    # Two moments, each at 09.00 Copenhagen time, before and after the clocks changed.
    assert [(when.date().isoformat(), when.hour, count) for when, count in sent] == [
        ("2027-03-24", 9, 2), ("2027-03-29", 9, 2),
    ]
    reminded = _reminded(app)
    assert set(reminded) == {"anne@example.dk", "bo@example.dk"}  # Carl submitted
    assert deliver() == 4
    reminder_mails = smtp_server.messages[invitations:]
    assert all(m["Subject"].startswith("Påmindelse") for m in reminder_mails)
    assert sorted(m["To"] for m in reminder_mails) == ["anne@example.dk", "anne@example.dk",
                                                       "bo@example.dk", "bo@example.dk"]


def test_autumn_dst_week_and_submitting_stops_reminders(app, seeded, frozen_clock):
    frozen_clock(datetime(2027, 10, 20, 10, 0, tzinfo=LOCAL))
    make_round(app, deadline=AUTUMN_DEADLINE)
    first = _walk(
        app,
        frozen_clock,
        datetime(2027, 10, 25, 0, 0, tzinfo=LOCAL),
        datetime(2027, 10, 27, 0, 0, tzinfo=LOCAL),
    )
    assert [(w.date().isoformat(), w.hour, c) for w, c in first] == [("2027-10-26", 9, 3)]
    _submit(app, "anne@example.dk")
    # Through the night the clocks go back (31 October 03.00 → 02.00), in 30-minute steps.
    second = _walk(
        app,
        frozen_clock,
        datetime(2027, 10, 30, 0, 0, tzinfo=LOCAL),
        AUTUMN_DEADLINE + timedelta(hours=5),
        step=timedelta(minutes=30),
    )
    assert [(w.date().isoformat(), w.hour, c) for w, c in second] == [("2027-10-31", 9, 2)]
    reminded = _reminded(app)
    assert len(reminded["anne@example.dk"]) == 1
    assert len(reminded["bo@example.dk"]) == 2 and len(reminded["carl@example.dk"]) == 2


def test_never_more_than_the_maximum(app, seeded, frozen_clock):
    frozen_clock(datetime(2027, 9, 1, 10, 0, tzinfo=LOCAL))
    deadline = datetime(2027, 9, 20, 12, 0, tzinfo=LOCAL)
    make_round(app, deadline=deadline, reminder_days=[6, 5, 4, 3, 2, 1], max_reminders=3)
    _walk(
        app,
        frozen_clock,
        datetime(2027, 9, 1, 11, 0, tzinfo=LOCAL),
        deadline,
        step=timedelta(hours=3),
    )
    assert {email: len(days) for email, days in _reminded(app).items()} == {
        "anne@example.dk": 3, "bo@example.dk": 3, "carl@example.dk": 3,
    }


def test_nothing_after_the_deadline_and_catch_up_once_a_day(app, seeded, frozen_clock):
    frozen_clock(datetime(2027, 9, 1, 10, 0, tzinfo=LOCAL))
    deadline = datetime(2027, 9, 20, 12, 0, tzinfo=LOCAL)
    make_round(app, deadline=deadline)
    # The worker was down through both slots (13th and 18th); it comes back on the 19th.
    sent = _walk(
        app, frozen_clock, datetime(2027, 9, 19, 8, 0, tzinfo=LOCAL), deadline + timedelta(days=2)
    )
    assert [(w.date().isoformat(), w.hour, c) for w, c in sent] == [
        ("2027-09-19", 8, 3),
        ("2027-09-20", 0, 3),
    ]


def test_same_day_never_twice_manual_then_automatic(app, seeded, frozen_clock):
    frozen_clock(datetime(2027, 9, 1, 10, 0, tzinfo=LOCAL))
    deadline = datetime(2027, 9, 20, 12, 0, tzinfo=LOCAL)
    round_id = make_round(app, deadline=deadline)
    with app.app_context():
        assert reminders.send_now(_round(app, round_id)) == 0  # invited today: not again today
    frozen_clock(datetime(2027, 9, 13, 7, 0, tzinfo=LOCAL))
    with app.app_context():
        assert reminders.send_now(_round(app, round_id)) == 3
        db.session.commit()
        assert reminders.send_now(_round(app, round_id)) == 0
    sent = _walk(
        app,
        frozen_clock,
        datetime(2027, 9, 13, 8, 0, tzinfo=LOCAL),
        datetime(2027, 9, 13, 23, 0, tzinfo=LOCAL),
    )
    assert sent == []  # the 09.00 slot is due, but they had one today
    sent = _walk(
        app,
        frozen_clock,
        datetime(2027, 9, 14, 0, 0, tzinfo=LOCAL),
        datetime(2027, 9, 14, 1, 0, tzinfo=LOCAL),
    )
    assert [c for _, c in sent] == [3]  # the missed slot, the next day


def test_late_owner_gets_no_reminder_for_earlier_slots(app, seeded, frozen_clock):
    from intake.goals import service as goals
    from intake.goals.models import Goal, Sector
    from intake.rounds import service as rounds

    frozen_clock(datetime(2027, 9, 1, 10, 0, tzinfo=LOCAL))
    deadline = datetime(2027, 9, 20, 12, 0, tzinfo=LOCAL)
    round_id = make_round(app, deadline=deadline)
    frozen_clock(datetime(2027, 9, 15, 10, 0, tzinfo=LOCAL))  # after the 7-day slot
    with app.app_context():
        owner = goals.upsert_owner("Dorte Dam", "dorte@example.dk", "Insero", Sector.ANDRE)
        rounds.add_owner_late(_round(app, round_id), db.session.get(Goal, seeded["g3"]), owner)
        db.session.commit()
    _walk(app, frozen_clock, datetime(2027, 9, 15, 11, 0, tzinfo=LOCAL), deadline)
    reminded = _reminded(app)
    assert len(reminded["dorte@example.dk"]) == 1  # only the 2-day slot
    assert len(reminded["anne@example.dk"]) == 2


def test_two_workers_cannot_send_the_same_reminder(app, seeded, frozen_clock):
    frozen_clock(datetime(2027, 9, 1, 10, 0, tzinfo=LOCAL))
    deadline = datetime(2027, 9, 20, 12, 0, tzinfo=LOCAL)
    make_round(app, deadline=deadline)
    frozen_clock(datetime(2027, 9, 13, 9, 30, tzinfo=LOCAL))
    results, barrier = [], threading.Barrier(2)

    def worker():
        with app.app_context():
            barrier.wait()
            results.append(reminders.send_due())
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 3]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Reminder.id))) == 3
        assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))
                                 .where(OutboxMessage.kind == "followup_reminder")) == 3
        # Even a process that missed the other's row is stopped by the unique (owner, round, day).
        invitation = db.session.scalars(sa.select(Invitation)).first()
        invitation.reminder_count = 0
        assert (
            reminders.send_one(invitation, datetime(2027, 9, 13, 9, 45, tzinfo=LOCAL), manual=False)
            is False
        )


def test_the_mail_worker_sends_reminders_by_itself(app, seeded, frozen_clock, smtp_server):
    from intake.outbox.delivery import run_worker

    frozen_clock(datetime(2027, 9, 1, 10, 0, tzinfo=LOCAL))
    make_round(app, deadline=datetime(2027, 9, 20, 12, 0, tzinfo=LOCAL))
    frozen_clock(datetime(2027, 9, 13, 9, 0, tzinfo=LOCAL))
    run_worker(app, threading.Event(), once=True)
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert sum(s.startswith("Påmindelse") for s in subjects) == 3
    assert len(subjects) == 6  # the three invitations went in the same loop
