"""Erase a person: answers and mails really gone, seats handed on, a log without personal data."""

from __future__ import annotations

import json
import re

import sqlalchemy as sa

from intake.extensions import db
from intake.gdpr import logfile, service
from intake.gdpr.models import DeletionLog, DeletionReason
from intake.gdpr.person import parse
from intake.outbox.models import OutboxMessage
from intake.signups.models import Booking, BookingStatus, Signup
from tests.exports.factory import FULL_ANSWERS, add_signup

PERSONAL = (
    "soeren",
    "Søren",
    "Ærø",
    "01234567",
    "4501234567",
    "anna",
    "Anna",
    "example.dk",
    "0800",
)


def erase(app, text, staff_user_id=7):
    with app.app_context():
        entry = service.erase(parse(text), staff_user_id=staff_user_id)
        db.session.commit()
        return entry.id if entry else None


def counts(app):
    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Signup, Booking, OutboxMessage)
        }


def test_erasure_deletes_answers_seats_and_mails_and_promotes_the_waiting_list(app):
    own = add_signup(app, "eksport", FULL_ANSWERS)  # 2 people of 3 seats
    waiting = add_signup(
        app,
        "eksport",
        FULL_ANSWERS
        | {
            "navn": "Venter",
            "email": "venter@firma.dk",
            "telefon": "+4520304050",
            "deltagere": [
                {"navn": "V1", "email": None, "foedt": None},
                {"navn": "V2", "email": None, "foedt": None},
            ],
        },
    )
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(Booking.status).join(Signup).where(Signup.reference == waiting)
            )
            == BookingStatus.WAITLISTED
        )

    log_id = erase(app, "SOEREN@example.dk")

    with app.app_context():
        assert db.session.scalar(sa.select(Signup).where(Signup.reference == own)) is None
        assert (
            db.session.scalar(
                sa.select(sa.func.count(Booking.id)).join(Signup).where(Signup.reference == own)
            )
            == 0
        )
        assert not [m for m in db.session.scalars(sa.select(OutboxMessage))
                    if "soeren@example.dk" in json.dumps(m.recipients) or "Søren" in m.body_text]
        promoted = db.session.scalar(
            sa.select(Booking).join(Signup).where(Signup.reference == waiting)
        )
        assert promoted.status == BookingStatus.CONFIRMED
        kinds = [
            m.kind for m in db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id))
        ]
        assert kinds == ["signup_received", "signup_promoted"]  # the waiting person's mails only
        entry = db.session.get(DeletionLog, log_id)
        assert entry.reason == DeletionReason.ERASURE
        assert entry.staff_user_id == 7 and entry.actor == "staff"
        assert entry.counts == {"outbox": 1, "signups": 1}
        assert entry.payload["signups"]["references"] == [own]


def test_the_deletion_log_holds_no_personal_data(app):
    add_signup(app, "eksport", FULL_ANSWERS)
    log_id = erase(app, "soeren@example.dk")
    with app.app_context():
        entry = db.session.get(DeletionLog, log_id)
        stored = json.dumps(service.as_line(entry), ensure_ascii=False)
        lines = logfile.path().read_text(encoding="utf-8")
    for text in (stored, lines):
        for personal in PERSONAL:
            if personal.isdigit():  # timestamps and Message-IDs are long digit runs of their own
                assert not re.search(rf"(?<!\d){personal}(?!\d)", text), personal
            else:
                assert personal not in text, personal
    assert json.loads(lines.splitlines()[0])["entry_id"] == entry.entry_id


def test_a_person_listed_on_someone_elses_signup_loses_only_their_row(app):
    reference = add_signup(app, "eksport", FULL_ANSWERS)
    erase(app, "anna@example.dk")
    with app.app_context():
        signup = db.session.scalar(sa.select(Signup).where(Signup.reference == reference))
        assert [row["navn"] for row in signup.answers["deltagere"]] == ["Bo Bæk"]
        assert signup.answers["navn"] == "Søren Ærø"
        entry = db.session.scalar(sa.select(DeletionLog))
        assert entry.payload["signups"]["redactions"] == [
            {"reference": reference, "field": "deltagere", "rows": [0], "rows_before": 2}]
        # The signer's confirmation listed Anna, so it is gone too.
        assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_nothing_to_erase_writes_no_log(app):
    add_signup(app, "eksport", FULL_ANSWERS)
    before = counts(app)
    assert erase(app, "ukendt@example.dk") is None
    assert counts(app) == before
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(DeletionLog.id))) == 0
        assert not logfile.path().exists()


def test_a_rolled_back_erasure_is_not_in_the_log_file(app):
    add_signup(app, "eksport", FULL_ANSWERS)
    with app.app_context():
        service.erase(parse("soeren@example.dk"))
        db.session.rollback()
        assert not logfile.path().exists()
    assert counts(app)["signups"] == 1


def _queue_jobs(app, *addresses):
    from intake.jobs import service as jobs
    from intake.jobs.models import JobKind

    with app.app_context():
        for address in addresses:
            jobs.queue(JobKind.SIGNUP_RESEND, address, form="eksport")
        db.session.commit()


def test_a_queued_request_is_found_and_erased_with_the_person(app, staff_client):
    """The jobs table holds an address until the mail worker runs: find shows it, erase
    deletes it (however the address was typed), the log keeps no address."""
    from intake.jobs.models import Job
    from intake.staff.audit_text import describe
    from intake.staff.models import AuditEntry

    _queue_jobs(app, "SOEREN@example.DK", "en.anden@example.dk")
    with app.app_context():
        report = service.find(parse("soeren@example.dk"))
        [section] = [s for s in report.sections if s.title == "Ventende forespørgsler"]
        assert [row[1:] for row in section.rows] == [
            ["Send bekræftelsen igen", "SOEREN@example.DK"]
        ]
        assert ("Ventende forespørgsler slettes", 1) in service.plan(parse("soeren@example.dk"))
    entry_id = erase(app, "Soeren@Example.dk")
    with app.app_context():
        assert [j.email for j in db.session.scalars(sa.select(Job))] == ["en.anden@example.dk"]
        entry = db.session.get(DeletionLog, entry_id)
        assert entry.counts == {"jobs": 1}
        assert "soeren" not in json.dumps(entry.payload).lower()
        counts = entry.counts
    with app.test_request_context():
        sentence = describe(AuditEntry(action="gdpr.erase", details={"counts": counts}))
    assert sentence == "Slettede alt om en person: 1 ventende forespørgsel"
    log_page = staff_client.get("/staff/gdpr/sletninger").get_data(as_text=True)
    assert "ventende forespørgsler: 1" in log_page and "jobs:" not in log_page


def test_a_restored_queued_request_is_erased_again(app):
    from intake.jobs.models import Job

    _queue_jobs(app, "soeren@example.dk")
    with app.app_context():
        job = db.session.scalar(sa.select(Job))
        kept = {"id": job.id, "kind": job.kind, "email": job.email, "params": job.params,
                "created_at": job.created_at}
    entry_id = erase(app, "soeren@example.dk")
    with app.app_context():
        db.session.add(Job(**kept))  # as if a backup from before the erasure was restored
        db.session.commit()
        line = service.as_line(db.session.get(DeletionLog, entry_id))
        service.reapply([line])
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(Job.id))) == 0
