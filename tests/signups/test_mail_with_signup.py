"""A sign-up's mails are rendered before the bucket lock (issue 10 §4) and still go out
exactly with the work they describe: never for a sign-up that was rolled back, never lost
when the process dies between the commit and the send, and never in the version drafted
for an outcome that did not happen (a waiting list, a reference already taken).
Real aiosmtpd, real gunicorn and mail worker processes, SQLite or PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import uuid

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.outbox.models import OutboxMessage
from intake.signups import service
from intake.signups.models import BookingStatus, CapacityBucket, Signup
from tests.support.drills import DRILL_FORMS, make_stack, sign_up
from tests.support.smtp import SmtpServer


@pytest.fixture
def app(make_app, smtp_server):
    return make_app(FORMS_DIR=str(DRILL_FORMS))  # 20 seats, a waiting list, a staff notice


def _submit(app, number: int):
    """The sign-up service inside a POST request, as the public view calls it."""
    definition = app.extensions["intake.forms"].get("drill")
    answers = {"navn": f"Person {number}", "email": f"person{number}@example.dk", "besked": ""}
    return service.submit(definition, answers, uuid.uuid4().hex)


def _stored(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_sign_up_rolled_back_after_its_mails_were_queued_sends_nothing(app, smtp_server,
                                                                       deliver):
    with app.test_request_context("/f/drill", method="POST"):
        outcome = _submit(app, 1)
        assert outcome.status == "created"
        db.session.flush()  # the mails are written in this transaction...
        queued = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
        assert queued == 2
        db.session.rollback()  # ...and the work is undone before the commit

    assert deliver() == 0
    assert smtp_server.messages == []
    assert _stored(app, OutboxMessage) == 0
    assert _stored(app, Signup) == 0


def test_mail_drafted_as_confirmed_is_never_sent_when_the_seat_goes_to_the_waiting_list(
        app, smtp_server, deliver):
    with app.app_context():
        db.session.add(CapacityBucket(form_slug="drill", bucket="form", seats_override=1))
        db.session.commit()
    with app.test_request_context("/f/drill", method="POST"):
        first = _submit(app, 1)
        second = _submit(app, 2)
        assert [b.status for b in first.signup.bookings] == [BookingStatus.CONFIRMED]
        assert [b.status for b in second.signup.bookings] == [BookingStatus.WAITLISTED]
        db.session.commit()

    assert deliver() == 4  # two sign-ups, each its confirmation and its staff notice
    to_person = {m["To"]: m for m in smtp_server.messages if m["To"] != "erhverv@hedensted.dk"}
    assert set(to_person) == {"person1@example.dk", "person2@example.dk"}
    assert "Du er bekræftet" in to_person["person1@example.dk"].get_body(("plain",)).get_content()
    waiting = to_person["person2@example.dk"].get_body(("plain",)).get_content()
    assert "Du er venteliste" in waiting and "bekræftet" not in waiting
    staff = [m for m in smtp_server.messages if m["To"] == "erhverv@hedensted.dk"]
    assert sorted("venteliste" in m["Subject"] for m in staff) == [False, True]


def test_a_drafted_reference_that_is_taken_is_drawn_again_with_its_mails(
        app, smtp_server, deliver, monkeypatch):
    with app.test_request_context("/f/drill", method="POST"):
        taken = _submit(app, 1).signup.reference
        db.session.commit()
    drawn = iter([taken, "HE-ZZZZZZ"])  # the draft's reference first, then a free one
    monkeypatch.setattr(service, "_reference", lambda: next(drawn))
    with app.test_request_context("/f/drill", method="POST"):
        outcome = _submit(app, 2)
        assert outcome.signup.reference == "HE-ZZZZZZ"
        db.session.commit()

    deliver()
    [mail] = [m for m in smtp_server.messages if m["To"] == "person2@example.dk"]
    assert "(HE-ZZZZZZ)" in mail["Subject"]
    assert taken not in mail.get_body(("plain",)).get_content()


@pytest.mark.slow
def test_web_process_killed_after_the_commit_still_gets_the_mail_sent(make_app, tmp_path):
    stack = make_stack(make_app, tmp_path)
    smtp = SmtpServer()
    smtp.start()
    try:
        web = stack.gunicorn(workers=1)
        response = sign_up(web.port, navn="Mette Jensen", email="mette@example.dk")
        assert response.status == 303
        for pid in [*web.worker_pids(), web.proc.pid]:  # the crash: nothing runs on in there
            os.kill(pid, signal.SIGKILL)
        web.proc.wait()
        [reference] = stack.rows(sa.select(Signup.reference))[0]
        assert stack.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 2

        stack.mail_worker(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
        stack.wait_for(lambda: len(smtp.messages) == 2, what="both mails of the sign-up")
    finally:
        stack.stop()
        smtp.stop()
    [mail] = [m for m in smtp.messages if m["To"] == "mette@example.dk"]
    assert reference in mail["Subject"]
    assert "/min-tilmelding/" in mail.get_body(("plain",)).get_content()
