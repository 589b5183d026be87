"""`flask gdpr purge` deletes the outbox's stored copies: sent mails OUTBOX_RETENTION_DAYS
days after sending, failed ones the same number of days after their last attempt; mails
still waiting (queued, claimed) are never touched. One deletion log entry, no addresses or
text. A real SMTP server (aiosmtpd) delivers; an address intake cannot send to fails."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from intake.clock import LOCAL
from intake.extensions import db
from intake.gdpr.models import DeletionLog, DeletionReason
from intake.outbox.delivery import claim, deliver_due
from intake.outbox.models import MailStatus, OutboxMessage
from intake.outbox.service import enqueue, requeue
from intake.settings import StartupError

SENT_AT = datetime(2026, 8, 1, 10, 0, tzinfo=LOCAL)
RESENT_AT = SENT_AT + timedelta(days=60)
NOW = datetime(2026, 10, 30, 10, 30, tzinfo=LOCAL)  # 90 Copenhagen days and 30 minutes later
UNDELIVERABLE = "søren@example.dk"  # valid, but intake cannot send non-ASCII before the @
PERSONAL = ("example.dk", "søren", "Hemmelig", "Kære")


@pytest.fixture
def app(make_app, smtp_server):
    return make_app(STAFF_NOTIFY_ENABLED=False)


def _queue(app, name: str, to: str = "anne@example.dk") -> str:
    with app.app_context():
        message = enqueue("signup_received", [to], f"Hemmelig {name}", f"Kære {name}, …")
        db.session.commit()
        return message.message_id


def _history(app, deliver, frozen_clock) -> dict[str, str]:
    """Message-IDs by name: sent_old and failed_old (both on SENT_AT), claimed (a month
    before) and pending (queued on SENT_AT), both never finished, resent (failed on SENT_AT,
    resent by staff and failed again 60 days later) and sent_new (sent 60 days later)."""
    frozen_clock(SENT_AT)
    made = {
        "sent_old": _queue(app, "sent_old"),
        "failed_old": _queue(app, "failed_old", UNDELIVERABLE),
        "resent": _queue(app, "resent", UNDELIVERABLE),
    }
    deliver()
    frozen_clock(RESENT_AT)
    with app.app_context():
        message = db.session.scalar(
            sa.select(OutboxMessage).where(OutboxMessage.message_id == made["resent"]))
        assert requeue(message)
        db.session.commit()
    made["sent_new"] = _queue(app, "sent_new")
    deliver()
    frozen_clock(SENT_AT - timedelta(days=30))
    made["claimed"] = _queue(app, "claimed")
    with app.app_context():
        assert len(claim(10)) == 1  # a worker took it and died: SENDING, claimed long ago
    frozen_clock(SENT_AT)
    made["pending"] = _queue(app, "pending")  # due since SENT_AT; the worker has not run
    return made


def _states(app) -> dict[str, MailStatus]:
    with app.app_context():
        return dict(db.session.execute(
            sa.select(OutboxMessage.message_id, OutboxMessage.status)).all())


def test_dry_run_then_purge_deletes_old_sent_and_failed_mail_only(
    app, runner, deliver, frozen_clock
):
    made = _history(app, deliver, frozen_clock)
    by_id = {v: k for k, v in made.items()}
    assert {by_id[k]: v for k, v in _states(app).items()} == {
        "claimed": MailStatus.SENDING, "pending": MailStatus.QUEUED,
        "sent_old": MailStatus.SENT, "failed_old": MailStatus.FAILED,
        "resent": MailStatus.FAILED, "sent_new": MailStatus.SENT,
    }
    frozen_clock(NOW)

    dry = runner.invoke(args=["gdpr", "purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert ("post: 1 sendte mails, sendt for mere end 90 dage siden (ældste sendt 01-08-2026), "
            "slettes") in dry.output
    assert ("post: 1 mails, der ikke kunne sendes, med sidste forsøg for mere end 90 dage "
            "siden (ældste 01-08-2026), slettes") in dry.output
    assert "Prøvekørsel: 0 tilmeldinger og 2 mails ville blive slettet." in dry.output
    assert len(_states(app)) == 6
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(DeletionLog.id))) == 0

    result = runner.invoke(args=["gdpr", "purge"])
    assert result.exit_code == 0, result.output
    assert "post: 1 sendte mails" in result.output
    assert "Slettet: 0 tilmeldinger og 2 mails." in result.output
    assert set(_states(app)) == {made[k] for k in ("claimed", "pending", "resent", "sent_new")}
    with app.app_context():
        [entry] = db.session.scalars(sa.select(DeletionLog)).all()
        assert (entry.reason, entry.actor) == (DeletionReason.RETENTION, "cli")
        assert entry.counts == {"outbox": 2}
        assert entry.payload == {"outbox": {
            "message_ids": [made["sent_old"], made["failed_old"]],
            "sent": 1, "failed": 1, "retention_days": 90,
        }}
        stored = json.dumps([entry.counts, entry.payload], ensure_ascii=False)
    for text in PERSONAL:
        assert text not in stored

    again = runner.invoke(args=["gdpr", "purge"])
    assert again.exit_code == 0 and "Intet at slette." in again.output, again.output
    # The payload is the outbox provider's: a restored backup loses the two mails again.
    reapplied = runner.invoke(args=["gdpr", "reapply-deletions"])
    assert reapplied.exit_code == 0, reapplied.output
    assert "outbox: 0" in reapplied.output


def test_the_setting_shortens_the_time_and_is_checked(make_app, smtp_server, frozen_clock):
    app = make_app(STAFF_NOTIFY_ENABLED=False, OUTBOX_RETENTION_DAYS=30)
    frozen_clock(SENT_AT)
    sent = _queue(app, "sent")
    with app.app_context():
        assert deliver_due() == 1
    frozen_clock(SENT_AT + timedelta(days=30, hours=1))
    result = app.test_cli_runner().invoke(args=["gdpr", "purge"])
    assert result.exit_code == 0, result.output
    assert "post: 1 sendte mails, sendt for mere end 30 dage siden" in result.output
    assert "post: 0 mails, der ikke kunne sendes" in result.output
    assert sent not in _states(app)
    for wrong in (0, "90 dage"):
        with pytest.raises(StartupError) as raised:
            make_app(OUTBOX_RETENTION_DAYS=wrong)
        assert "OUTBOX_RETENTION_DAYS skal være" in str(raised.value)
