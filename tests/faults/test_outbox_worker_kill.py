"""Drill 2: `kill -9` of the mail worker between claiming a message and recording its send.

(a) Killed after the claim, before anything reached the server: after a restart the
    claim expires (MAIL_CLAIM_TIMEOUT) and every message is delivered exactly once.
(b) Killed after the server took the message but before the worker recorded it: the
    message is sent again, so at most one duplicate, with the same Message-ID.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
import sqlalchemy as sa

from intake.outbox.models import MailStatus, OutboxMessage
from tests.conftest import open_form
from tests.support.smtp import BlackholeServer, Handler, SmtpServer

pytestmark = pytest.mark.slow


class SlowHandler(Handler):
    """Keeps the message, then waits before answering 250: the window for the kill."""

    def __init__(self, delay: float):
        super().__init__()
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        if self.delay:
            await asyncio.sleep(self.delay)
        return reply


def _sign_up(stack, number: int) -> None:
    client = stack.app.test_client()
    form = open_form(client, "/f/drill")
    form.fill(navn=f"Person {number}", email=f"mail-{number}@example.dk")
    assert client.post("/f/drill", data=form.data()).status_code == 303


def _outbox(stack) -> list[tuple]:
    return stack.rows(
        sa.select(OutboxMessage.message_id, OutboxMessage.status, OutboxMessage.attempts).order_by(
            OutboxMessage.id
        )
    )


def test_worker_killed_after_claiming_delivers_everything_once_after_restart(stack):
    for number in range(2):
        _sign_up(stack, number)  # 4 messages: 2 confirmations, 2 staff notices
    blackhole = BlackholeServer()
    smtp = SmtpServer()
    smtp.start()
    try:
        hung = stack.mail_worker(
            name="hung", MAIL_SERVER="127.0.0.1", MAIL_PORT=blackhole.port, MAIL_TIMEOUT=60
        )
        stack.wait_for(lambda: all(s == MailStatus.SENDING for _, s, _ in _outbox(stack)),
                       what="the worker to claim every message")
        stack.wait_for(
            lambda: blackhole.connections, what="the worker to connect to the silent server"
        )
        hung.kill9()
        assert {s for _, s, _ in _outbox(stack)} == {MailStatus.SENDING}  # claimed, never sent

        stack.mail_worker(
            name="restarted", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_CLAIM_TIMEOUT=1
        )
        stack.wait_for(lambda: all(s == MailStatus.SENT for _, s, _ in _outbox(stack)),
                       what="the restarted worker to deliver the stale claims")
    finally:
        smtp.stop()
        blackhole.stop()

    expected = {message_id for message_id, _, _ in _outbox(stack)}
    delivered = Counter(m["Message-ID"] for m in smtp.messages)
    assert set(delivered) == expected
    assert set(delivered.values()) == {1}, delivered
    assert all(attempts == 2 for _, _, attempts in _outbox(stack))


def test_worker_killed_after_the_server_took_the_message_sends_at_most_one_duplicate(stack):
    _sign_up(stack, 1)  # 2 messages
    smtp = SmtpServer()
    smtp.handler = SlowHandler(delay=30)
    smtp.start()
    try:
        doomed = stack.mail_worker(
            name="doomed", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_TIMEOUT=60
        )
        stack.wait_for(lambda: smtp.messages, what="the server to receive the first message")
        doomed.kill9()  # the server has it; the worker never heard the 250
        first = smtp.messages[0]["Message-ID"]

        smtp.handler.delay = 0
        stack.mail_worker(
            name="restarted", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_CLAIM_TIMEOUT=1
        )
        stack.wait_for(lambda: all(s == MailStatus.SENT for _, s, _ in _outbox(stack)),
                       what="the restarted worker to deliver")
    finally:
        smtp.stop()

    expected = {message_id for message_id, _, _ in _outbox(stack)}
    delivered = Counter(m["Message-ID"] for m in smtp.messages)
    assert set(delivered) == expected  # everything arrived
    assert delivered[first] == 2  # the one in flight came twice, recognisable by its Message-ID
    assert all(count == 1 for message_id, count in delivered.items() if message_id != first)
    bodies = [
        m.get_body(("plain",)).get_content() for m in smtp.messages if m["Message-ID"] == first
    ]
    assert bodies[0] == bodies[1], "the duplicate is the same message"
