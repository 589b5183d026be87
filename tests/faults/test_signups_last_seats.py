"""Drill 5: many concurrent sign-ups for the last seats while people cancel, on PostgreSQL with
two gunicorn workers.

The seats never go over capacity, and every freed seat goes to exactly one person: the
first in line. After the storm, ordered by sign-up time, the first 20 live bookings are
confirmed and everyone after them waits; each promotion was announced by exactly one mail.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
import sqlalchemy as sa

from intake.outbox.models import OutboxMessage
from intake.signups.models import Booking, BookingStatus, Signup
from tests.conftest import open_form
from tests.support.drills import sign_up
from tests.support.htmlform import RenderedForm
from tests.support.processes import Client

pytestmark = [pytest.mark.slow, pytest.mark.postgres_only]
SEATS = 20


def _cancel_tokens(stack, references: list[str]) -> list[str]:
    from intake.signups.service import cancel_token, find_by_reference

    with stack.app.app_context():
        return [cancel_token(find_by_reference(reference)) for reference in references]


def _cancel(port: int, token: str) -> int:
    client = Client(port)
    page = client.get(f"/min-tilmelding/{token}")
    assert page.status == 200, page.status
    form = RenderedForm(page.text)
    return client.post_form(f"/min-tilmelding/{token}", form.data()).status


def run_last_seats_drill(stack, newcomers: int = 40, cancellations: int = 6) -> None:
    client = stack.app.test_client()
    references = []
    for number in range(SEATS - 2):  # 18 of 20 seats taken before the rush
        form = open_form(client, "/f/drill")
        form.fill(navn=f"Early {number}", email=f"early-{number}@example.dk")
        response = client.post("/f/drill", data=form.data())
        assert response.status_code == 303
        references.append(response.headers["Location"].rsplit("/", 1)[-1])
    tokens = _cancel_tokens(stack, references[:cancellations])

    server = stack.gunicorn(workers=2)
    statuses: Counter = Counter()
    lock = threading.Lock()
    start = threading.Barrier(8 + cancellations)

    def newcomer(first: int) -> None:
        start.wait()
        for number in range(first, newcomers, 8):
            status = sign_up(
                server.port, navn=f"Rush {number}", email=f"rush-{number}@example.dk"
            ).status
            with lock:
                statuses[("signup", status)] += 1

    def canceller(token: str) -> None:
        start.wait()
        status = _cancel(server.port, token)
        with lock:
            statuses[("cancel", status)] += 1

    threads = [threading.Thread(target=newcomer, args=(i,)) for i in range(8)]
    threads += [threading.Thread(target=canceller, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert statuses == {("signup", 303): newcomers, ("cancel", 303): cancellations}, statuses

    bookings = stack.rows(sa.select(Booking.id, Booking.signup_id, Booking.status, Booking.seats,
                                    Booking.created_at, Booking.confirmed_at)
                          .order_by(Booking.created_at, Booking.id))
    live = [b for b in bookings if b.status != BookingStatus.CANCELLED]
    assert sum(b.status == BookingStatus.CANCELLED for b in bookings) == cancellations
    # never more, none lost
    assert sum(b.seats for b in live if b.status == BookingStatus.CONFIRMED) == SEATS
    assert [b.status for b in live] == [BookingStatus.CONFIRMED] * SEATS + \
        [BookingStatus.WAITLISTED] * (len(live) - SEATS), "first come, first served"

    promoted_mails = Counter(signup_id for (signup_id,) in stack.rows(
        sa.select(OutboxMessage.signup_id).where(OutboxMessage.kind == "signup_promoted")))
    assert set(promoted_mails.values()) <= {1}, "nobody was promoted twice"
    confirmed_signups = {b.signup_id for b in live if b.status == BookingStatus.CONFIRMED}
    assert set(promoted_mails) <= confirmed_signups
    # A freed seat went either to the first waiting person (with a promotion mail) or, while
    # nobody waited yet, to the next newcomer directly; either way one seat, one person.
    rush_confirmed = stack.scalar(
        sa.select(sa.func.count())
        .select_from(Booking)
        .join(Signup)
        .where(Signup.email.like("rush-%"), Booking.status == BookingStatus.CONFIRMED)
    )
    assert rush_confirmed == 2 + cancellations
    assert len(promoted_mails) <= cancellations


def test_last_seats_with_cancellations_on_two_web_processes(stack):
    run_last_seats_drill(stack)
