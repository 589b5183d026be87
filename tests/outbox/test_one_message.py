"""One message can never stop the mail (issue 8 §1): a message that cannot be built or sent
fails alone, with a reason staff see, and the real worker loop delivers every other one.
A real aiosmtpd server, a real database (SQLite file, or PostgreSQL when configured).
"""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.outbox.delivery import deliver_due, run_worker
from intake.outbox.models import MailStatus, OutboxMessage
from intake.outbox.service import enqueue
from tests.support.signups import GROUP, NOW, group_form, outbox, sign_up

LEGACY = "søren@firma1.dk"  # stored before the field refused it: valid, but needs SMTPUTF8


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


@pytest.fixture
def app(make_app, smtp_server):
    return make_app(STAFF_NOTIFY_ENABLED=False, MAIL_BATCH_SIZE=3, MAIL_WORKER_INTERVAL=0.05)


def _queue(app, to: str, kind: str = "test", **extra) -> int:
    with app.app_context():
        message = enqueue(kind, [to], f"Besked til {to}", "Tekst", **extra)
        db.session.commit()
        return message.id


def _queue_mixed(app, client) -> dict[str, int]:
    """Good sign-ups and direct messages, with the two broken ones in between."""
    ids = {}
    sign_up(client, GROUP, group_form(client, 1))
    ids["good-1"] = _queue(app, "god1@firma.dk")
    ids["bad-address"] = _queue(app, LEGACY)
    ids["good-2"] = _queue(app, "god2@firma.dk")
    # An attachment that cannot be built (its data is missing): a bug's worth of message.
    no_data = {"filename": "x.ics", "content_type": "text/calendar"}
    ids["bad-attachment"] = _queue(app, "vedhaeft@firma.dk", attachments=[no_data])
    ids["good-3"] = _queue(app, "god3@firma.dk")
    sign_up(client, GROUP, group_form(client, 2))
    return ids


def _row(app, message_id: int) -> OutboxMessage:
    with app.app_context():
        row = db.session.get(OutboxMessage, message_id)
        db.session.expunge(row)
        return row


def _settled(app) -> bool:
    with app.app_context():
        open_states = [MailStatus.QUEUED, MailStatus.SENDING, MailStatus.RETRYING]
        count = db.session.scalar(
            sa.select(sa.func.count()).select_from(OutboxMessage)
            .where(OutboxMessage.status.in_(open_states)))
        db.session.remove()
        return count == 0


def _wait_until_settled(app, thread: threading.Thread, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while not _settled(app):
        assert thread.is_alive(), "the mail worker thread died"
        assert time.monotonic() < deadline, "mail still waiting after the worker had ample time"
        time.sleep(0.05)


def _assert_outcome(app, smtp_server, ids: dict[str, int]) -> None:
    rows = {m.id: m for m in outbox(app)}
    good = [m for m in rows.values() if m.id not in (ids["bad-address"], ids["bad-attachment"])]
    assert {m.status for m in good} == {MailStatus.SENT}
    received = [m["X-Envelope-To"] for m in smtp_server.messages]
    expected = sorted(r for m in good for r in m.recipients)
    assert sorted(received) == expected  # every good one, once
    assert len({m["Message-ID"] for m in smtp_server.messages}) == len(good)

    bad = rows[ids["bad-address"]]
    assert bad.status == MailStatus.FAILED
    assert "Adressen kan ikke modtage mail fra intake" in bad.last_error
    assert LEGACY in bad.last_error
    assert "SMTPUTF8" in bad.last_error
    broken = rows[ids["bad-attachment"]]
    assert broken.status == MailStatus.FAILED
    assert broken.last_error.startswith("Mailen kunne ikke bygges eller sendes")
    assert "KeyError" in broken.last_error


def test_the_worker_thread_survives_a_bad_message_and_delivers_the_rest(app, smtp_server, caplog):
    client = app.test_client()
    ids = _queue_mixed(app, client)
    stop = threading.Event()
    thread = threading.Thread(target=run_worker, args=(app, stop), daemon=True)
    thread.start()
    try:
        _wait_until_settled(app, thread)
        # Still running: mail queued after the bad ones goes out too.
        late = _queue(app, "senere@firma.dk")
        _wait_until_settled(app, thread)
        assert thread.is_alive()
    finally:
        stop.set()
        thread.join(10)
    ids["late"] = late
    _assert_outcome(app, smtp_server, ids)
    assert _row(app, late).status == MailStatus.SENT
    logged = [r.getMessage() for r in caplog.records
              if r.name == "intake.outbox.delivery" and r.exc_info]
    for bad in ("bad-address", "bad-attachment"):  # logged with the message id, and a traceback
        assert any(line.startswith(f"mail {ids[bad]} ") for line in logged), logged


def test_deliver_due_fails_only_the_bad_message_and_it_stays_failed(app, smtp_server):
    client = app.test_client()
    ids = _queue_mixed(app, client)
    with app.app_context():
        while deliver_due():
            pass
    _assert_outcome(app, smtp_server, ids)
    with app.app_context():
        assert deliver_due() == 0  # not picked up again: a restart does not meet it again
    assert len(smtp_server.messages) == 5


def test_staff_see_the_reason_in_the_mail_log(app, smtp_server, staff_client):
    bad = _queue(app, LEGACY)
    with app.app_context():
        deliver_due()
    page = staff_client.get("/staff/post/?status=failed").get_data(as_text=True)
    assert "Adressen kan ikke modtage mail fra intake" in page
    detail = staff_client.get(f"/staff/post/{bad}").get_data(as_text=True)
    assert "Sidste fejl" in detail and "SMTPUTF8" in detail


def test_an_unusable_mail_directory_is_retried_not_left_claimed(make_app, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    app = make_app(MAIL_BACKEND="file", MAIL_FILE_DIR=str(blocker / "mail"),
                   STAFF_NOTIFY_ENABLED=False)
    first, second = _queue(app, "a@firma.dk"), _queue(app, "b@firma.dk")
    with app.app_context():
        deliver_due()
    assert (_row(app, first).status, _row(app, first).attempts) == (MailStatus.RETRYING, 1)
    # The rest of the batch is given back untried, not left SENDING until a claim times out.
    assert (_row(app, second).status, _row(app, second).attempts) == (MailStatus.QUEUED, 0)
