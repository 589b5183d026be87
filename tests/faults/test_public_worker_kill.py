"""Drill 1: `kill -9` of gunicorn workers in the middle of a sign-up load.

Every sign-up answered with 303 is in the database, no sign-up is half written (each has
its booking and its mails), and the seats still add up: 20 confirmed, the rest waiting.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
import sqlalchemy as sa

from intake.outbox.models import OutboxMessage
from intake.signups.models import Booking, BookingStatus, Signup
from tests.support.drills import Load

pytestmark = pytest.mark.slow
SEATS = 20  # tests/faults/forms/drill.yaml


def _wait_for_answers(load: Load, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while load.statuses[303] < count:
        assert time.monotonic() < deadline, (
            f"only {load.statuses[303]} sign-ups answered: {load.errors[:3]}"
        )
        time.sleep(0.05)


def test_kill_9_of_web_workers_during_sign_ups_loses_nothing(stack):
    server = stack.gunicorn(workers=2)
    load = Load(server.port, threads=8, prefix="kill").start()
    killed = []
    try:
        _wait_for_answers(load, 15)
        for pid in server.worker_pids():  # both workers, one after the other, mid-load
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
            _wait_for_answers(load, load.statuses[303] + 10)
        _wait_for_answers(load, load.statuses[303] + 15)  # the respawned workers serve on
    finally:
        load.stop()

    assert len(killed) == 2
    assert not set(killed) & set(server.worker_pids()), "gunicorn replaced the killed workers"
    assert set(load.statuses) == {303}, (load.statuses, load.bodies)

    signups = stack.rows(sa.select(Signup.id, Signup.reference, Signup.email))
    stored = {reference for _, reference, _ in signups}
    answered = set(load.references)
    assert answered <= stored, f"answered with 303 but not stored: {answered - stored}"
    assert len({email for *_, email in signups}) == len(signups), "no sign-up stored twice"

    # Nothing half-written: one booking and one confirmation per sign-up, in the same commit.
    bookings = dict(
        stack.rows(sa.select(Booking.signup_id, sa.func.count()).group_by(Booking.signup_id))
    )
    receipts = dict(stack.rows(
        sa.select(OutboxMessage.signup_id, sa.func.count())
        .where(OutboxMessage.kind == "signup_received").group_by(OutboxMessage.signup_id)
    ))
    for signup_id, *_ in signups:
        assert bookings.get(signup_id) == 1, (
            f"sign-up {signup_id} has {bookings.get(signup_id)} bookings"
        )
        assert receipts.get(signup_id) == 1, (
            f"sign-up {signup_id} has {receipts.get(signup_id)} confirmations"
        )
    assert stack.scalar(sa.select(sa.func.count()).select_from(Booking)) == len(signups)

    # Capacity holds: exactly the seats are taken, the rest wait, first come first served.
    statuses = stack.rows(
        sa.select(Booking.status, Booking.seats).order_by(Booking.created_at, Booking.id)
    )
    confirmed = sum(seats for status, seats in statuses if status == BookingStatus.CONFIRMED)
    assert confirmed == SEATS
    assert all(status == BookingStatus.CONFIRMED for status, _ in statuses[:SEATS])
    assert all(status == BookingStatus.WAITLISTED for status, _ in statuses[SEATS:])
    print(f"kill drill: {len(answered)} answered 303, {len(stored)} stored, "
          f"{len(load.errors)} connections cut by the kills")
