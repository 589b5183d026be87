"""Requests that read and then write never fail under concurrent writers (issue 8, part 2).

Real gunicorn workers and a real mail worker on one database file: staff download the
workbook and CSV and open staff pages (each download writes an audit entry after reading
the session; staff sessions are aged by the test so that pages touch them too), visitors
sign up, goal owners exchange their personal link and open the questionnaire, a mail
worker delivers and scrubs links, and the test process itself keeps committing. Before the
fix, a good share of the downloads answered 503 ("database is locked") on SQLite, because a
read snapshot cannot be turned into a write once someone else has committed.
"""

from __future__ import annotations

import shutil
import threading
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from intake.clock import now
from intake.extensions import db
from intake.outbox.models import MailStatus, OutboxMessage
from intake.rounds.models import Invitation
from intake.staff.models import AuditEntry, StaffSession
from tests.staff.conftest import STAFF_EMAIL, STAFF_PASSWORD, create_staff
from tests.support import goals as goal_support
from tests.support.drills import BASE_URL, DRILL_FORMS, SECRET, Load, Stack
from tests.support.processes import Client

pytestmark = pytest.mark.slow

ROUNDS = 25  # per staff and owner thread; with the sign-ups, several hundred requests
LIMITS = {"FOLLOWUP_TOKEN_RATE_LIMIT": "100000 per minute",
          "STAFF_LOGIN_MAX_PER_IP": 1000, "STAFF_LOGIN_MAX_PER_ACCOUNT": 1000}


@pytest.fixture
def busy_stack(make_app, tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    shutil.copy(DRILL_FORMS / "drill.yaml", forms / "drill.yaml")
    shutil.copy(goal_support.FOLLOWUP_FORM, forms / goal_support.FOLLOWUP_FORM.name)
    app = make_app(FORMS_DIR=str(forms), SECRET_KEY=SECRET, PUBLIC_BASE_URL=BASE_URL, **LIMITS)
    stack = Stack(app, tmp_path)
    stack.forms = forms
    yield stack
    stack.stop()


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        self.failures: list[str] = []

    def check(self, what: str, response, expected: tuple[int, ...]) -> None:
        with self.lock:
            self.statuses[response.status] += 1
            if response.status not in expected:
                self.failures.append(f"{what}: {response.status} {response.text[:200]!r}")

    def crash(self, what: str, error: Exception) -> None:
        with self.lock:
            self.failures.append(f"{what}: {type(error).__name__}: {error}")


def _log_in(port: int) -> Client:
    client = Client(port, timeout=30)
    form = client.open_form("/staff/login")
    form.fill(email=STAFF_EMAIL, password=STAFF_PASSWORD)
    response = client.post_form("/staff/login", form.data())
    assert response.status == 303, response.text[:500]
    return client


def _staff(port: int, tally: Tally) -> None:
    try:
        client = _log_in(port)
        for n in range(ROUNDS):
            tally.check("xlsx", client.get("/staff/f/drill/eksport.xlsx"), (200,))
            path = ("/staff/f/drill/eksport.csv", "/staff/f/drill/tilmeldinger", "/staff/",
                    "/staff/f/drill/tilmeldinger?q=person")[n % 4]
            tally.check(path, client.get(path), (200,))
    except Exception as error:  # a dropped connection is a failure too
        tally.crash("staff", error)


def _owner(port: int, token: str, tally: Tally) -> None:
    try:
        client = Client(port, timeout=30)
        for _ in range(ROUNDS):
            page = client.open_form(f"/opfoelgning/{token}")
            exchanged = client.post_form(page.action, page.data())
            tally.check("exchange", exchanged, (303,))
            tally.check("questionnaire", client.get("/opfoelgning/svar"), (200,))
    except Exception as error:
        tally.crash("owner", error)


def _age_staff_sessions(stack: Stack, stop: threading.Event) -> None:
    """Another writer, and it makes every staff request after it touch its session."""
    while not stop.wait(0.05):
        with stack.app.app_context():
            db.session.execute(sa.update(StaffSession).values(
                last_seen_at=now() - timedelta(minutes=2)))
            db.session.commit()
            db.session.remove()


def test_read_then_write_requests_never_fail_under_concurrent_writers(busy_stack):
    stack = busy_stack
    app = stack.app
    create_staff(app)
    goal_support.seed(app)
    goal_support.make_round(app)
    owners = ["anne@example.dk", "bo@example.dk", "carl@example.dk"]
    tokens = [goal_support.issue_token(app, email) for email in owners]

    settings = {"FORMS_DIR": str(stack.forms), **LIMITS}
    web = stack.gunicorn(workers=3, **settings)
    stack.mail_worker(**settings)
    tally, stop = Tally(), threading.Event()
    load = Load(web.port, threads=3, limit=150).start()
    threads = [threading.Thread(target=_staff, args=(web.port, tally)) for _ in range(2)]
    threads += [threading.Thread(target=_owner, args=(web.port, token, tally)) for token in tokens]
    threads.append(threading.Thread(target=_age_staff_sessions, args=(stack, stop)))
    for thread in threads:
        thread.start()
    for thread in threads[:-1]:
        thread.join(300)
    load.join(300)
    stop.set()
    threads[-1].join(30)

    requests = sum(tally.statuses.values()) + sum(load.statuses.values())
    assert requests >= 400, (tally.statuses, load.statuses)
    assert tally.failures == [], f"{tally.failures[:10]}\n{stack.process_logs()}"
    assert load.errors == [] and set(load.statuses) == {303}, (load.statuses, load.bodies)
    assert "database is locked" not in stack.process_logs()

    exports = stack.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                           .where(AuditEntry.action.in_(["export.xlsx", "export.csv"])))
    assert exports == 2 * ROUNDS + 2 * ((ROUNDS + 3) // 4), "every download was audited"
    opened = stack.scalar(sa.select(sa.func.count()).select_from(Invitation)
                          .where(Invitation.last_opened_at.is_not(None)))
    assert opened == len(owners)
    stack.wait_for(lambda: stack.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.status != MailStatus.SENT)) == 0, what="every mail delivered")
