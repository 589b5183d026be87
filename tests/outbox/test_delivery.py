"""Mail that is never lost: SMTP down, temporary and permanent refusals, a silent server,
crashed workers, several workers at once, and header injection. A real aiosmtpd server.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest

from intake.extensions import db
from intake.outbox.delivery import claim, deliver_due
from intake.outbox.models import MailStatus, OutboxMessage
from intake.outbox.service import enqueue
from intake.signups import service
from tests.support.signups import (
    FAIR,
    GROUP,
    NOW,
    fair_form,
    group_form,
    outbox,
    post,
    sign_up,
    signups,
)
from tests.support.smtp import BlackholeServer, SmtpServer


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


@pytest.fixture
def app(make_app):
    # One mail per sign-up (no staff copy) keeps the counting plain.
    return make_app(STAFF_NOTIFY_ENABLED=False)


@pytest.fixture
def allow_smtp(request):
    """Lets the test's own extra SMTP port through the conftest guard."""
    conftest = next(p for p in request.config.pluginmanager.get_plugins()
                    if str(getattr(p, "__file__", "")).endswith("tests/conftest.py"))
    added = []

    def allow(port: int) -> None:
        conftest.ALLOWED_SMTP.add(("127.0.0.1", port))
        added.append(port)

    yield allow
    for port in added:
        conftest.ALLOWED_SMTP.discard(("127.0.0.1", port))


def later(frozen_clock, **delta) -> None:
    from intake import clock

    frozen_clock(clock.now() + timedelta(**delta))


def one_message(app) -> OutboxMessage:
    [message] = outbox(app)
    return message


def test_smtp_down_then_back_delivers_exactly_once(client, app, smtp_server, deliver, frozen_clock):
    smtp_server.stop()
    started = time.monotonic()
    reference = sign_up(client, GROUP, group_form(client))
    assert time.monotonic() - started < 2  # no request waits on mail
    assert client.get(f"{GROUP}/kvittering/{reference}").status_code == 200

    assert deliver() == 1
    message = one_message(app)
    assert message.status == MailStatus.RETRYING
    assert "Connection" in message.last_error or "refused" in message.last_error.lower()
    assert message.attempts == 1
    assert deliver() == 0  # not due yet: back-off

    smtp_server.start()
    later(frozen_clock, seconds=29)
    assert deliver() == 0
    later(frozen_clock, seconds=2)
    assert deliver() == 1
    assert deliver() == 0
    message = one_message(app)
    assert (
        message.status == MailStatus.SENT and message.last_error is None and message.attempts == 2
    )
    [mail] = smtp_server.messages
    assert mail["Message-ID"] == message.message_id
    assert mail["X-Envelope-To"] == "person1@firma1.dk"


def test_smtp_down_with_several_messages_marks_none_sent(make_app, smtp_server, frozen_clock):
    app = make_app()  # with the staff copy: two messages in one delivery run
    client = app.test_client()
    smtp_server.stop()
    sign_up(client, GROUP, group_form(client))
    with app.app_context():
        assert deliver_due() == 2
    statuses = [m.status for m in outbox(app)]
    assert statuses[0] == MailStatus.RETRYING and MailStatus.SENT not in statuses
    assert smtp_server.messages == []
    smtp_server.start()
    later(frozen_clock, minutes=1)
    with app.app_context():
        assert deliver_due() == 2
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages) == [
        "erhverv@hedensted.dk",
        "person1@firma1.dk",
    ]


def test_back_off_grows_and_is_capped(client, app, smtp_server, deliver, frozen_clock):
    smtp_server.stop()
    sign_up(client, GROUP, group_form(client))
    waits, previous = [], NOW
    for _ in range(9):
        deliver()
        message = one_message(app)
        waits.append(int((message.next_attempt_at - previous).total_seconds()))
        previous = message.next_attempt_at
        frozen_clock(message.next_attempt_at)
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert one_message(app).status == MailStatus.RETRYING


def test_gives_up_after_the_configured_time(client, app, smtp_server, deliver, frozen_clock):
    smtp_server.stop()
    sign_up(client, GROUP, group_form(client))
    deliver()
    later(frozen_clock, days=3, seconds=1)
    deliver()
    message = one_message(app)
    assert message.status == MailStatus.FAILED and message.last_error
    assert len(signups(app)) == 1


def test_451_three_times_then_250_gives_one_copy(client, app, smtp_server, deliver, frozen_clock):
    smtp_server.handler.data_replies = ["451 4.3.0 Try again later"] * 3
    sign_up(client, GROUP, group_form(client))
    for attempt in range(1, 4):
        assert deliver() == 1
        message = one_message(app)
        assert message.status == MailStatus.RETRYING and message.attempts == attempt
        assert message.last_error.startswith("451")
        later(frozen_clock, hours=1)
    assert deliver() == 1
    message = one_message(app)
    assert message.status == MailStatus.SENT and message.attempts == 4
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["Message-ID"] == message.message_id


def test_permanent_5xx_is_failed_with_the_reason(client, app, smtp_server, deliver, frozen_clock):
    smtp_server.handler.data_replies = ["550 5.7.1 Message rejected as spam"]
    reference = sign_up(client, GROUP, group_form(client))
    deliver()
    message = one_message(app)
    assert message.status == MailStatus.FAILED
    assert message.last_error == "550 5.7.1 Message rejected as spam"
    later(frozen_clock, days=1)
    assert deliver() == 0  # failed stays failed, for staff to see
    [signup] = signups(app)
    assert signup.reference == reference and not signup.is_cancelled


def test_refused_recipient_is_failed_with_the_reason(client, app, smtp_server, deliver):
    smtp_server.handler.reject_recipients = True
    sign_up(client, GROUP, group_form(client))
    deliver()
    message = one_message(app)
    assert message.status == MailStatus.FAILED
    assert "person1@firma1.dk" in message.last_error and "550" in message.last_error
    assert len(signups(app)) == 1 and smtp_server.messages == []


def test_silent_server_times_out_and_is_retried_later(make_app, allow_smtp, frozen_clock):
    blackhole = BlackholeServer()
    allow_smtp(blackhole.port)
    app = make_app(
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=blackhole.port,
        MAIL_TIMEOUT=1,
        STAFF_NOTIFY_ENABLED=False,
    )
    client = app.test_client()
    sign_up(client, GROUP, group_form(client))
    started = time.monotonic()
    with app.app_context():
        assert deliver_due() == 1
    assert time.monotonic() - started < 5  # gave up after the 1 s timeout, did not hang
    message = one_message(app)
    assert message.status == MailStatus.RETRYING
    assert "timed out" in message.last_error.lower() or "timeout" in message.last_error.lower()

    # The server comes back to life on the same port: the mail goes out, once.
    port = blackhole.port
    blackhole.stop()
    blackhole.thread.join(5)  # its accept() holds the port until the thread ends
    server = SmtpServer()
    server.port = port
    server.start()
    try:
        later(frozen_clock, minutes=1)
        with app.app_context():
            assert deliver_due() == 1
            assert deliver_due() == 0
        assert one_message(app).status == MailStatus.SENT
        assert len(server.messages) == 1
    finally:
        server.stop()


def test_stale_claim_of_a_crashed_worker_is_reclaimed(client, app, smtp_server, frozen_clock):
    sign_up(client, GROUP, group_form(client))
    with app.app_context():
        assert len(claim(10)) == 1  # a worker claims it, then dies before sending
        assert deliver_due() == 0  # a fresh claim is left alone
    later(frozen_clock, minutes=4, seconds=59)
    with app.app_context():
        assert deliver_due() == 0
    later(frozen_clock, seconds=2)
    with app.app_context():
        assert deliver_due() == 1
        assert deliver_due() == 0
    message = one_message(app)
    assert message.status == MailStatus.SENT and message.attempts == 2
    assert len(smtp_server.messages) == 1


def test_several_workers_never_send_a_mail_twice(app, smtp_server):
    for n in range(12):
        client = app.test_client()
        sign_up(client, GROUP, group_form(client, n))
    barrier = threading.Barrier(4)
    errors = []

    def worker() -> None:
        try:
            with app.app_context():
                barrier.wait(30)
                while deliver_due(batch=2):
                    pass
                db.session.remove()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    ids = [m["Message-ID"] for m in smtp_server.messages]
    assert len(ids) == 12 and len(set(ids)) == 12
    assert {m.status for m in outbox(app)} == {MailStatus.SENT}


# --- header injection -----------------------------------------------------------------------------

INJECTION = "Firma ApS\r\nBcc: x@evil.example\r\nX-Evil: 1"


def test_line_breaks_in_a_typed_field_are_refused_by_the_form(client, app):
    response = post(client, FAIR, fair_form(client, firmanavn=INJECTION))
    assert response.status_code == 200 and signups(app) == []


def test_line_breaks_reaching_a_subject_never_add_a_recipient(app, smtp_server, deliver):
    """Answers that bypass the form (an import, a future API) still cannot add headers."""
    from intake.formdefs.registry import current_registry

    with app.test_request_context():
        form = current_registry().get("netvaerksmesse")
        answers = {
            "firmanavn": INJECTION, "cvr": "13748136", "postnummer": "8722",
            "deltagere": [{"navn": "Eva\r\nBcc: y@evil.example", "email": "eva@firma.dk"}],
            "netvaerk": [], "telefon": "+4520304050", "kontakt_email": "kontakt@firma.dk",
        }
        outcome = service.submit(form, answers, "a" * 32)
        db.session.commit()
        assert outcome.status == "created"
    deliver()
    [mail] = smtp_server.messages
    assert mail["X-Envelope-To"] == "kontakt@firma.dk"
    assert "\n" not in mail["Subject"] and "Firma ApS" in mail["Subject"]
    assert mail["Bcc"] is None and mail["X-Evil"] is None
    assert [k for k in mail if k.lower() in ("bcc", "cc", "x-evil")] == []
    assert mail["To"] == "kontakt@firma.dk"


def test_textarea_line_breaks_stay_in_the_body(client, app, smtp_server, deliver):
    sign_up(
        client,
        GROUP,
        group_form(client, motivation="Hej\r\nBcc: x@evil.example\r\n\r\nTo: y@evil.example"),
    )
    deliver()
    [mail] = smtp_server.messages
    assert mail["X-Envelope-To"] == "person1@firma1.dk"
    assert mail["Bcc"] is None and mail["To"] == "person1@firma1.dk"


@pytest.mark.parametrize(
    "recipient",
    [
        "a@firma.dk\r\nBcc: x@evil.example",
        "a@firma.dk, x@evil.example",
        "a@firma.dk\nx@evil.example",
        "not-an-address",
    ],
)
def test_enqueue_refuses_a_smuggled_recipient(app, recipient):
    with app.app_context(), pytest.raises(ValueError):
        enqueue("test", [recipient], "Emne", "Tekst")


def test_enqueue_folds_a_subject_to_one_line(app, smtp_server, deliver):
    with app.app_context():
        enqueue("test", ["a@firma.dk"], "Hej\r\nBcc: x@evil.example\x00", "Tekst")
        db.session.commit()
    deliver()
    [mail] = smtp_server.messages
    assert mail["Subject"] == "Hej Bcc: x@evil.example"
    assert mail["Bcc"] is None and mail["X-Envelope-To"] == "a@firma.dk"
