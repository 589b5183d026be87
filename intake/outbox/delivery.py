"""Delivering the outbox: claim due messages, send them, record the outcome.

A claim is committed before anything is sent, and each outcome is committed right after
its send, so a crash can at worst repeat one message, with the same Message-ID. These short
commits are the worker's units of work, the one deliberate exception to "one commit per
request, command or task" (intake/transactions.py): claim and outcome must not share a
transaction with the SMTP conversation between them (see deliver_due).
"""

from __future__ import annotations

import logging
import smtplib
import threading
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from intake.clock import now
from intake.database import begin_write
from intake.extensions import db
from intake.outbox.addresses import UndeliverableAddress
from intake.outbox.models import MailStatus, OutboxMessage
from intake.outbox.transport import open_transport

log = logging.getLogger(__name__)
_wake = threading.Event()


class PermanentFailure(Exception):
    pass


def wake() -> None:
    """Tell an in-process worker that new mail was committed, so it need not wait its interval.
    Called by the transaction boundary after a commit that queued mail or a job
    (intake/transactions.py), never before."""
    _wake.set()


def claim(batch: int) -> list[OutboxMessage]:
    """Mark due messages SENDING and hand them back detached, so sending needs no query."""
    session = db.session
    begin_write(session)
    moment = now()
    stale = moment - current_app.config["MAIL_CLAIM_TIMEOUT"]
    query = (
        sa.select(OutboxMessage)
        .where(sa.or_(
            sa.and_(OutboxMessage.status.in_([MailStatus.QUEUED, MailStatus.RETRYING]),
                    OutboxMessage.next_attempt_at <= moment),
            sa.and_(OutboxMessage.status == MailStatus.SENDING, OutboxMessage.claimed_at < stale),
        ))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    rows = session.scalars(query).all()
    for row in rows:
        row.status = MailStatus.SENDING
        row.claimed_at = moment
        row.attempts += 1
    session.flush()
    for row in rows:
        session.expunge(row)  # keeps the loaded values; nothing is read again while SMTP talks
    session.commit()
    return rows


def classify(error: Exception) -> bool:
    """True when the failure is permanent (5xx, refused recipient), False to retry later."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{addr}: {code} {msg.decode(errors='replace')}"
                         for addr, (code, msg) in error.recipients.items())
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        text = text.decode(errors="replace") if isinstance(text, bytes) else text
        return f"{error.smtp_code} {text}"
    if isinstance(error, UndeliverableAddress):
        return f"Adressen kan ikke modtage mail fra intake: {error}"
    return f"{type(error).__name__}: {error}"


def _describe_broken(error: Exception) -> str:
    """For staff in the mail log: what went wrong with this message, in Danish."""
    if isinstance(error, UndeliverableAddress):
        return _describe(error)
    return f"Mailen kunne ikke bygges eller sendes (fejl i intake, se loggen): {_describe(error)}"


def _record_failure(row: OutboxMessage, error: Exception) -> None:
    config = current_app.config
    row.last_error = _describe(error)[:2000]
    row.claimed_at = None
    too_old = now() - row.created_at > config["MAIL_GIVE_UP_AFTER"]
    if classify(error) or too_old:
        row.status = MailStatus.FAILED
        return
    delay = min(config["MAIL_RETRY_BASE_SECONDS"] * 2 ** max(row.attempts - 1, 0),
                config["MAIL_RETRY_MAX_SECONDS"])
    row.status = MailStatus.RETRYING
    row.next_attempt_at = now() + timedelta(seconds=delay)


def deliver_due(batch: int | None = None) -> int:
    """Deliver what is due; returns how many messages were attempted.

    No transaction stays open while SMTP talks: it would hold locks for up to MAIL_TIMEOUT,
    and on SQLite a read snapshot cannot be turned into a write once another worker has
    committed ("database is locked"), which would leave a sent mail marked SENDING, to be
    reclaimed and sent again. Each outcome is then one short write of its own.
    """
    claimed = claim(batch or current_app.config["MAIL_BATCH_SIZE"])
    if not claimed:
        return 0
    session = db.session
    ids = [message.id for message in claimed]
    with open_transport() as transport:
        for position, message in enumerate(claimed):
            try:
                transport.send(message)
            except (smtplib.SMTPException, OSError) as failure:
                log.warning("mail %s not delivered: %s", message.id, _describe(failure))
                begin_write(session)
                row = session.get(OutboxMessage, message.id)  # None if erased meanwhile (GDPR)
                if row is not None:
                    _record_failure(row, failure)
                if _unreachable(failure):
                    _give_back(ids[position + 1:], row)
                    session.commit()
                    break
                session.commit()
                continue
            except Exception as failure:  # noqa: BLE001 - one message can never stop the mail
                # Building or sending this one message broke (an address the transport cannot
                # encode, an attachment, a bug): the same content would break again, so it
                # fails for good, with the reason for staff, and the batch goes on.
                log.exception("mail %s failed while being built or sent", message.id)
                _mark_failed(message.id, _describe_broken(failure))
                continue
            begin_write(session)
            session.execute(
                sa.update(OutboxMessage).where(OutboxMessage.id == message.id)
                .values(status=MailStatus.SENT, sent_at=now(), last_error=None)
                .execution_options(synchronize_session=False)
            )
            session.commit()
    return len(claimed)


def _mark_failed(message_id: int, reason: str) -> None:
    session = db.session
    begin_write(session)
    session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.id == message_id)
        .values(status=MailStatus.FAILED, claimed_at=None, last_error=reason[:2000])
        .execution_options(synchronize_session=False)
    )
    session.commit()


def _unreachable(error: Exception) -> bool:
    """The server could not be talked to at all: refused, silent (timeout) or hung up."""
    return isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError) or (
        isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException))


def _give_back(ids: list[int], failed: OutboxMessage | None) -> None:
    """Return the untried rest of a batch when the server is unreachable.

    Otherwise every message would wait MAIL_TIMEOUT in turn, a batch could outlast
    MAIL_CLAIM_TIMEOUT and another worker would take the same messages while this one
    still holds them. The rest waits as long as the message that failed, and is not
    counted as attempted.
    """
    if not ids:
        return
    waiting = failed is not None and failed.status == MailStatus.RETRYING
    retry_at = failed.next_attempt_at if waiting else now()
    for status, tried_before in ((MailStatus.RETRYING, OutboxMessage.attempts > 1),
                                 (MailStatus.QUEUED, OutboxMessage.attempts <= 1)):
        db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.status == MailStatus.SENDING,
                   tried_before)
            .values(status=status, claimed_at=None, next_attempt_at=retry_at,
                    attempts=OutboxMessage.attempts - 1)
        )


def add_worker_task(app, task) -> None:
    """Run `task()` (in an app context) on every loop of the mail worker, before delivery.

    Follow-up reminders use this: they go out from the process that already delivers mail,
    so nothing else (no cron) has to be set up. A task keeps its own pace and must be safe
    to run from several workers at once.
    """
    tasks = app.extensions.setdefault("intake.worker_tasks", [])
    if task not in tasks:
        tasks.append(task)


def run_worker_tasks(app) -> None:
    for task in app.extensions.get("intake.worker_tasks", ()):
        try:
            task()
        except sa.exc.SQLAlchemyError:
            db.session.rollback()
            raise
        except Exception:  # one broken task must not stop mail delivery
            log.exception("mail worker: task %s failed", getattr(task, "__name__", task))
            db.session.rollback()


def run_worker(app, stop: threading.Event, once: bool = False) -> None:
    """The delivery loop; survives a database or mail outage, and any bug, and keeps going."""
    interval = float(app.config["MAIL_WORKER_INTERVAL"])
    while not stop.is_set():
        attempted = 0
        try:
            with app.app_context():
                run_worker_tasks(app)
                attempted = deliver_due()
        except sa.exc.SQLAlchemyError:
            log.exception("mail worker: database unavailable, trying again")
        except Exception:  # noqa: BLE001 - the worker thread must outlive any one fault
            log.exception("mail worker: unexpected error, trying again")
        if once:
            return
        if not attempted:
            _wake.wait(interval)
            _wake.clear()


def start_background_worker(app) -> threading.Event:
    stop = threading.Event()
    thread = threading.Thread(target=run_worker, args=(app, stop), name="intake-mail", daemon=True)
    thread.start()
    return stop
