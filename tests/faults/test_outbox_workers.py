"""Several mail workers on one outbox: every message is delivered exactly once.

Three `flask mail worker` processes claim from the same table (FOR UPDATE SKIP LOCKED on
PostgreSQL, BEGIN IMMEDIATE on SQLite) while sign-ups keep arriving through gunicorn.
"""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from intake.outbox.models import MailStatus, OutboxMessage
from tests.support.drills import Load
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.slow


def test_three_mail_workers_deliver_every_message_exactly_once(stack):
    smtp = SmtpServer()
    smtp.start()
    try:
        server = stack.gunicorn(workers=2)
        for number in range(3):
            stack.mail_worker(name=f"mail-{number}", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port,
                              MAIL_BATCH_SIZE=5)
        load = Load(server.port, threads=4, prefix="outbox", limit=40).start().join(120)
        assert load.statuses == {303: 40}, (load.statuses, load.errors[:3])
        stack.wait_for(
            lambda: (
                len(smtp.messages) >= 80
                and stack.scalar(
                    sa.select(sa.func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.status != MailStatus.SENT)
                )
                == 0
            ),
            timeout=60,
            what="all 80 messages sent",
        )
    finally:
        smtp.stop()

    expected = {m for (m,) in stack.rows(sa.select(OutboxMessage.message_id))}
    delivered = Counter(m["Message-ID"] for m in smtp.messages)
    assert len(expected) == 80
    assert set(delivered) == expected
    assert set(delivered.values()) == {1}, [m for m, n in delivered.items() if n > 1]
