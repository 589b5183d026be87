"""Whether an address is known does not show in the time the answer takes (issue 9 §5).

The lost-link request only queues a job; the look-up and the mail happen in the mail worker.
Timing is compared as a ratio of medians from the same run, never as an absolute time.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from intake.extensions import db
from intake.jobs.models import Job
from tests.conftest import open_form
from tests.support.goals import DEADLINE, forms_dir, make_round, seed
from tests.support.timing import same_time


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(
        FORMS_DIR=str(forms_dir(tmp_path)),
        FOLLOWUP_LOST_LINK_RATE_LIMIT="10000 per hour",
        FOLLOWUP_LOST_LINK_EMAIL_LIMIT="10000 per day",
    )


def test_known_and_unknown_addresses_take_the_same_time(app, frozen_clock, smtp_server, deliver):
    seed(app)
    frozen_clock(DEADLINE - timedelta(days=5))
    make_round(app)
    deliver()
    client = app.test_client()
    form = open_form(client, "/opfoelgning/mistet-link")

    def ask(email: str):
        form.fill(email=email)
        assert client.post("/opfoelgning/mistet-link", data=form.data()).status_code == 200

    timing = same_time(lambda: ask("bo@example.dk"), lambda: ask("nobody@example.dk"))
    assert timing.within, f"known/unknown: {timing}"
    # The work was queued for every request, known or not; the worker mails only the owner.
    with app.app_context():
        assert db.session.query(Job).count() == 2 * timing.calls_per_side
    before = len(smtp_server.messages)
    deliver()
    assert {m["To"] for m in smtp_server.messages[before:]} == {"bo@example.dk"}
    with app.app_context():
        assert db.session.query(Job).count() == 0  # the addresses are not kept
