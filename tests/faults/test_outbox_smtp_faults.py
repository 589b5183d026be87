"""Drill 3: the mail server misbehaves while gunicorn and a real mail worker run.

- blackholed (accepts TCP, never answers): sign-ups are as fast as with a healthy server;
  the worker times out, and retries with back-off;
- 421/451 three times, then 250: exactly one copy arrives;
- 550: the message is marked failed with the reason, staff see it in the mail log, and
  the sign-up stays.
"""

from __future__ import annotations

import statistics
from collections import Counter

import pytest
import sqlalchemy as sa

from intake.outbox.models import MailStatus, OutboxMessage
from intake.signups.models import Booking, BookingStatus, Signup
from tests.staff.conftest import create_staff, log_in
from tests.support.drills import sign_up
from tests.support.smtp import BlackholeServer, SmtpServer

pytestmark = pytest.mark.slow


def _latencies(port: int, prefix: str, count: int) -> list[float]:
    result = []
    for number in range(count):
        response = sign_up(port, navn=f"Person {number}", email=f"{prefix}-{number}@example.dk")
        assert response.status == 303, response.text[:500]
        result.append(response.elapsed)
    return result


def _messages(stack) -> list[OutboxMessage]:
    with stack.app.app_context():
        from intake.extensions import db

        rows = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
        db.session.remove()
        return rows


def test_blackholed_mail_server_does_not_slow_sign_ups_and_the_worker_retries(stack):
    server = stack.gunicorn(workers=2)
    smtp = SmtpServer()
    smtp.start()
    blackhole = BlackholeServer()
    try:
        healthy = stack.mail_worker(name="healthy", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
        _latencies(server.port, "warm", 3)
        baseline = _latencies(server.port, "healthy", 12)
        stack.wait_for(lambda: len(smtp.messages) == 30, what="healthy delivery")
        healthy.stop()

        # MAIL_TIMEOUT 3 s: a sign-up that waited on SMTP would take at least that long.
        stack.mail_worker(name="blackholed", MAIL_SERVER="127.0.0.1", MAIL_PORT=blackhole.port,
                          MAIL_TIMEOUT=3, MAIL_RETRY_BASE_SECONDS=1)
        outage = _latencies(server.port, "outage", 12)

        def retried():
            return [
                m for m in _messages(stack) if m.status == MailStatus.RETRYING and m.attempts >= 2
            ]

        stack.wait_for(retried, timeout=40, what="a second attempt after the timeout")
    finally:
        smtp.stop()
        blackhole.stop()

    assert max(outage) < 2.0, outage
    assert statistics.median(outage) <= 3 * statistics.median(baseline) + 0.05, (baseline, outage)
    pending = [m for m in _messages(stack) if m.status != MailStatus.SENT]
    assert len(pending) == 24  # 12 sign-ups × (confirmation + staff notice), none lost
    assert all(
        m.status in (MailStatus.RETRYING, MailStatus.SENDING, MailStatus.QUEUED) for m in pending
    )
    errors = {m.last_error for m in pending if m.last_error}
    assert errors and all("timed out" in e.lower() or "timeout" in e.lower() for e in errors), (
        errors
    )


def test_421_and_451_three_times_then_250_delivers_exactly_one_copy(stack):
    smtp = SmtpServer()
    smtp.handler.data_replies = ["421 4.3.0 Try again later", "451 4.3.0 Temporary failure",
                                 "451 4.7.1 Greylisted"]
    smtp.start()
    try:
        server = stack.gunicorn(workers=1, STAFF_NOTIFY_ENABLED=False)
        assert sign_up(server.port, navn="Grete", email="grete@example.dk").status == 303
        stack.mail_worker(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_RETRY_BASE_SECONDS=0.2,
                          STAFF_NOTIFY_ENABLED=False)
        stack.wait_for(
            lambda: [m for m in _messages(stack) if m.status == MailStatus.SENT], what="delivery"
        )
    finally:
        smtp.stop()

    [message] = _messages(stack)
    assert message.status == MailStatus.SENT and message.attempts == 4
    assert smtp.handler.data_replies == []
    assert Counter(m["Message-ID"] for m in smtp.messages) == {message.message_id: 1}
    assert smtp.messages[0]["To"] == "grete@example.dk"


def test_550_marks_the_mail_failed_for_staff_and_keeps_the_sign_up(stack):
    smtp = SmtpServer()
    smtp.handler.data_replies = ["550 5.7.1 Message rejected as spam"]
    smtp.start()
    try:
        server = stack.gunicorn(workers=1, STAFF_NOTIFY_ENABLED=False)
        response = sign_up(server.port, navn="Hans", email="hans@example.dk")
        assert response.status == 303
        stack.mail_worker(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
        stack.wait_for(
            lambda: [m for m in _messages(stack) if m.status == MailStatus.FAILED], what="failure"
        )
    finally:
        smtp.stop()

    [message] = _messages(stack)
    assert message.status == MailStatus.FAILED and message.attempts == 1
    assert "550" in message.last_error and "spam" in message.last_error
    assert smtp.messages == []
    assert stack.scalar(sa.select(sa.func.count()).select_from(Signup)) == 1
    assert stack.scalar(sa.select(Booking.status)) == BookingStatus.CONFIRMED

    create_staff(stack.app)
    staff = stack.app.test_client()
    assert log_in(staff).status_code == 303
    page = staff.get("/staff/post/?status=failed")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "hans@example.dk" in html
    detail = staff.get(f"/staff/post/{message.id}").get_data(as_text=True)
    assert "550" in detail and "spam" in detail
