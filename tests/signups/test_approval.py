"""Approval (issue 13 §1): a bucket that requires it gives new sign-ups PENDING ("afventer
godkendelse", no seat); staff approve (a seat if free and nobody waits, else the waiting
list) or decline with a reason; the mails say which. Two approvals of the last seat at once
give it to exactly one. The staff pages are tested in tests/groups/test_group_pages.py."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.formdefs.registry import current_registry
from intake.signups import approval, availability
from intake.signups import service as signups
from intake.signups.models import Booking, BookingStatus, Signup
from intake.transactions import unit_of_work
from tests.support.signups import (
    GROUP,
    NOW,
    group_form,
    mails_to,
    seats,
    sign_up,
    statuses,
    text_of,
    text_part,
)

SLUG, BUCKET = "samarbejdsgruppe", "option:erhvervsliv"


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def require_approval(app, bucket: str = BUCKET) -> None:
    with app.app_context(), unit_of_work(write=True):
        approval.set_required(current_registry().get(SLUG), bucket, True)


def booking_of(app, reference: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Booking.id).join(Signup)
                                 .where(Signup.reference == reference))


def act(app, action, booking_id: int, *args):
    with app.app_context(), unit_of_work(write=True):
        booking = db.session.get(Booking, booking_id)
        change = action(current_registry().get(SLUG), booking, *args)
        return change.ok, change.reason, booking.status


def test_a_sign_up_waits_for_approval_and_holds_no_seat(app, client, smtp_server, deliver):
    require_approval(app)
    form = group_form(client, 1)
    response = client.post(GROUP, data=form.data(), follow_redirects=True)
    assert "Din tilmelding afventer godkendelse." in text_of(response)
    assert statuses(app, SLUG, BUCKET)["pending"] == 1
    with app.app_context():
        row = availability.read(current_registry().get(SLUG), [BUCKET], waiting=True)[BUCKET]
        assert (row.taken, row.pending, row.waiting) == (0, 1, 0)
    deliver()
    [mail] = mails_to(smtp_server, "person1@firma1.dk")
    assert mail["Subject"].startswith("Afventer godkendelse: Det gode erhvervsliv")
    assert "Din tilmelding afventer godkendelse." in text_part(mail)
    [staff] = mails_to(smtp_server, "erhverv@hedensted.dk")
    assert "afventer godkendelse" in staff["Subject"]


def test_the_english_confirmation_says_it_awaits_approval(app, smtp_server, deliver):
    require_approval(app)
    with app.app_context(), unit_of_work(write=True):
        definition = current_registry().get(SLUG)
        answers = {"gruppe": "erhvervsliv", "sektor": "erhverv", "rolle": "erhvervsliv-byggeri",
                   "navn": "Eve", "stilling": "CEO", "organisation": "Eve Ltd",
                   "cvr": "13748136", "email": "eve@example.dk", "telefon": "20304050",
                   "motivation": "x"}
        assert signups.submit(definition, answers, "k" * 32, locale="en").status == "created"
    deliver()
    [mail] = mails_to(smtp_server, "eve@example.dk")
    assert mail["Subject"].startswith("Awaiting approval: The good business life")
    assert "Your registration awaits approval." in text_part(mail)


def test_approve_gives_a_free_seat_and_says_so(app, client, smtp_server, deliver):
    require_approval(app)
    reference = sign_up(client, GROUP, group_form(client, 1))
    assert act(app, approval.approve, booking_of(app, reference)) == (
        True, None, BookingStatus.CONFIRMED)
    assert act(app, approval.approve, booking_of(app, reference))[:2] == (False, "not_pending")
    deliver()
    mail = mails_to(smtp_server, "person1@firma1.dk")[-1]
    assert mail["Subject"].startswith("Tilmelding godkendt: ")
    assert "du har fået en plads på Det gode erhvervsliv" in text_part(mail)


def test_approval_never_jumps_the_waiting_list(app, client, smtp_server, deliver):
    seats(app, SLUG, BUCKET, 1)
    sign_up(client, GROUP, group_form(client, 1))
    sign_up(client, GROUP, group_form(client, 2))  # waits
    require_approval(app)
    pending = sign_up(client, GROUP, group_form(client, 3))
    assert statuses(app, SLUG, BUCKET) == {
        "confirmed": 1, "waitlisted": 1, "cancelled": 0, "pending": 1}
    seats(app, SLUG, BUCKET, 2)  # a seat frees, but person 2 waits first (no promotion run)
    assert act(app, approval.approve, booking_of(app, pending))[2] == BookingStatus.WAITLISTED
    with app.app_context():
        queue = db.session.scalars(sa.select(Signup.reference).join(Booking).where(
            Booking.status == BookingStatus.WAITLISTED).order_by(Booking.created_at)).all()
    assert queue[-1] == pending
    deliver()
    mail = mails_to(smtp_server, "person3@firma3.dk")[-1]
    assert mail["Subject"].startswith("Tilmelding godkendt, du er på ventelisten")
    assert "du står på ventelisten" in text_part(mail)


def test_decline_cancels_with_the_reason(app, client, smtp_server, deliver):
    require_approval(app)
    reference = sign_up(client, GROUP, group_form(client, 1))
    booking = booking_of(app, reference)
    with pytest.raises(ValueError):
        act(app, approval.decline, booking, "   ")
    assert act(app, approval.decline, booking, "Gruppen har nok fra Erhverv.") == (
        True, None, BookingStatus.CANCELLED)
    with app.app_context():
        assert db.session.get(Booking, booking).signup.is_cancelled
    deliver()
    mail = mails_to(smtp_server, "person1@firma1.dk")[-1]
    assert mail["Subject"].startswith("Tilmelding ikke godkendt")
    assert "Gruppen har nok fra Erhverv." in text_part(mail)


def test_staff_made_sign_ups_need_no_approval(app):
    require_approval(app)
    with app.app_context(), unit_of_work(write=True):
        definition = current_registry().get(SLUG)
        answers = {"gruppe": "erhvervsliv", "sektor": "kommune", "rolle": "andet",
                   "rolle_andet": "Sekretær", "navn": "Ib", "stilling": "x",
                   "organisation": "Hedensted Kommune", "email": "ib@hedensted.dk",
                   "telefon": "20304050", "motivation": "x"}
        outcome = signups.submit(definition, answers, "s" * 32, source="staff")
        assert outcome.signup.bookings[0].status == BookingStatus.CONFIRMED


def test_two_approvals_of_the_last_seat_at_once_confirm_exactly_one(app, client):
    seats(app, SLUG, BUCKET, 3)
    sign_up(client, GROUP, group_form(client, 1))
    sign_up(client, GROUP, group_form(client, 2))
    require_approval(app)
    bookings = [booking_of(app, sign_up(client, GROUP, group_form(client, n))) for n in (3, 4)]
    start = threading.Barrier(2)
    results, errors = [], []

    def approve(booking_id: int) -> None:
        try:
            start.wait()
            results.append(act(app, approval.approve, booking_id))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=approve, args=(b,)) for b in bookings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(status.value for _ok, _reason, status in results) == [
        "confirmed", "waitlisted"]
    assert statuses(app, SLUG, BUCKET) == {"confirmed": 3, "waitlisted": 1, "cancelled": 0}
