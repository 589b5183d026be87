"""Invitation benchmark: start a follow-up round of 1,000 goal owners against a local aiosmtpd
and time until every invitation is delivered, against plain smtplib sending the same 1,000
messages over one reused connection, in the same run.

    /work/venv/bin/python bench/invitations.py              # 1,000 owners, best of 3
    /work/venv/bin/python bench/invitations.py -n 200 -r 1  # quicker

- **invitations**: `intake.rounds.service.start` (one personal token, one rendered mail
  in Danish text + HTML, one outbox row each, in one transaction), commit, `wake()`, and the
  in-process mail worker (`run_worker`, the same loop `flask serve` and `flask mail worker`
  run) delivering through Flask-Mail over SMTP until the server has accepted all N.
- **smtplib**: the same N messages (recipient, subject, text and HTML bodies taken from the
  outbox beforehand) each built as an `email.message.EmailMessage` (text + HTML
  alternative) and sent with `smtplib.SMTP.send_message` over one reused connection: what
  a bare script that mails 1,000 people does, with no database, templates or tokens.

The SMTP server (aiosmtpd, accepting and counting) runs in its own process, so it does not
share the interpreter lock with the code being timed. The phases alternate `--repeat` times
and the best run of each counts; each invitation run uses a fresh round in the same SQLite
file. The last line is `ratio invitations <invitations s / smtplib s>`; goal ≤ 2.
"""

from __future__ import annotations

import argparse
import multiprocessing
import smtplib
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/ holds public.py, which would shadow the `public` package aiosmtpd imports.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))


# -- the SMTP server, in its own process ------------------------------------------


class CountingHandler:
    def __init__(self, counter):
        self.counter = counter

    async def handle_DATA(self, server, session, envelope):
        with self.counter.get_lock():
            self.counter.value += 1
        return "250 Message accepted"


def serve(port, counter, ready, stop) -> None:
    from aiosmtpd.controller import Controller

    controller = Controller(CountingHandler(counter), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(counter, target: int, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while counter.value < target:
        if time.monotonic() > deadline:
            raise SystemExit(f"only {counter.value} of {target} messages arrived")
        time.sleep(0.001)


# -- the application ----------------------------------------------------------------


def make_app(directory: Path, port: int):
    from intake import create_app
    from intake.extensions import db

    forms = directory / "forms"
    forms.mkdir()
    (forms / "opfoelgning.yaml").write_text(
        (ROOT / "forms" / "opfoelgning.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    app = create_app({
        "SECRET_KEY": "bench-secret-key-0123456789",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory / 'bench.sqlite3'}",
        "INSTANCE_PATH": str(directory),
        "FORMS_DIR": str(forms),
        "PUBLIC_BASE_URL": "https://intake.example.dk",
        "MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port,
        "MAIL_WORKER_INTERVAL": 0.5,
    })
    with app.app_context():
        db.create_all()
    return app


def seed(app, owners: int) -> None:
    """N owners, four to a goal, spread over the four focus areas."""
    from intake.extensions import db
    from intake.goals import service
    from intake.goals.models import FocusArea, Goal, Owner, Period, Sector

    areas, sectors = list(FocusArea), list(Sector)
    with app.app_context():
        period = Period(year=2027)
        db.session.add(period)
        goal = None
        for n in range(owners):
            if n % 4 == 0:
                goal = Goal(
                    period=period,
                    focus_area=areas[(n // 4) % 4],
                    title=f"Mål nr. {n // 4 + 1} for erhvervslivet",
                    description="Flere lokale lærepladser",
                    indicator="Antal",
                    target="20",
                )
                db.session.add(goal)
            goal.owners.append(Owner(name=f"Målejer {n}", email=f"ejer{n}@firma{n % 97}.dk",
                                     organisation=f"Firma {n % 97} ApS", sector=sectors[n % 3]))
        db.session.commit()
        assert len(service.owners_of(period)) == owners


def new_round(app, number: int) -> int:
    from intake.clock import LOCAL, now
    from intake.extensions import db
    from intake.goals import service
    from intake.rounds import service as rounds

    with app.app_context():
        deadline = max(
            now().astimezone(LOCAL) + timedelta(days=30), datetime(2027, 1, 1, 12, 0, tzinfo=LOCAL)
        )
        round_ = rounds.create_round(service.period_for_year(2027), rounds.RoundData(
            title=f"Opfølgning nr. {number}", form_slug="opfoelgning", deadline_at=deadline))
        db.session.commit()
        return round_.id


def run_invitations(app, counter, owners: int, number: int) -> tuple[float, float]:
    """Press "start": invitations written, then the in-process worker delivers them."""
    from intake.extensions import db
    from intake.outbox.delivery import run_worker, wake
    from intake.rounds import service as rounds
    from intake.rounds.models import Round

    round_id = new_round(app, number)
    stop = threading.Event()
    worker = threading.Thread(target=run_worker, args=(app, stop), daemon=True)
    worker.start()
    time.sleep(0.6)  # the worker is idle, waiting for work, as in `flask serve`
    start_count = counter.value
    started, cpu = time.perf_counter(), time.process_time()
    with app.test_request_context():
        assert rounds.start(db.session.get(Round, round_id)) == owners
        db.session.commit()
        wake()
    wait_for(counter, start_count + owners)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    stop.set()
    wake()
    worker.join(timeout=10)
    return elapsed, cpu


def baseline_messages(app, owners: int) -> list[tuple[str, str, str, str, str]]:
    """The invitations as they were sent: (from, to, subject, text, html) from the outbox."""
    import sqlalchemy as sa

    from intake.extensions import db
    from intake.outbox.models import OutboxMessage

    sender = app.config["MAIL_DEFAULT_SENDER"]
    with app.app_context():
        rows = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.kind == "followup_invitation")
            .order_by(OutboxMessage.id.desc()).limit(owners)
        ).all()
        return [
            (sender, row.recipients[0], row.subject, row.body_text, row.body_html) for row in rows
        ]


def run_smtplib(
    port: int, counter, messages: list[tuple[str, str, str, str, str]]
) -> tuple[float, float]:
    start_count = counter.value
    started, cpu = time.perf_counter(), time.process_time()
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as connection:
        for sender, to, subject, text, html in messages:
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = sender, to, subject
            message.set_content(text)
            message.add_alternative(html, subtype="html")
            connection.send_message(message)
    wait_for(counter, start_count + len(messages))
    return time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--owners", type=int, default=1000)
    parser.add_argument("-r", "--repeat", type=int, default=3)
    args = parser.parse_args()

    port = free_port()
    counter, ready, stop = (
        multiprocessing.Value("i", 0),
        multiprocessing.Event(),
        multiprocessing.Event(),
    )
    server = multiprocessing.Process(target=serve, args=(port, counter, ready, stop), daemon=True)
    server.start()
    if not ready.wait(10):
        raise SystemExit("the SMTP server did not start")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            app = make_app(Path(tmp), port)
            seed(app, args.owners)
            # Warm-up: templates compiled, connections and caches made, outside the timing.
            run_invitations(app, counter, args.owners, 0)
            messages = baseline_messages(app, args.owners)
            assert len(messages) == args.owners
            invitations, plain = [], []
            for number in range(1, args.repeat + 1):
                plain.append(run_smtplib(port, counter, messages))
                invitations.append(run_invitations(app, counter, args.owners, number))
                print(
                    f"run {number}: invitations {invitations[-1][0]:.2f} s wall "
                    f"({invitations[-1][1]:.2f} s CPU), "
                    f"smtplib {plain[-1][0]:.2f} s wall ({plain[-1][1]:.2f} s CPU)",
                    flush=True,
                )
    finally:
        stop.set()
        server.join(timeout=10)
    best_invitations, best_plain = min(invitations), min(plain)
    cpu_invitations, cpu_plain = min(c for _, c in invitations), min(c for _, c in plain)
    print(f"owners {args.owners}")
    print(
        f"invitations_s {best_invitations[0]:.3f}  "
        f"({args.owners / best_invitations[0]:.0f} per second)"
    )
    print(f"smtplib_s {best_plain[0]:.3f}  ({args.owners / best_plain[0]:.0f} per second)")
    print(
        f"cpu_ratio {cpu_invitations / cpu_plain:.2f}  "
        "(this process only; the SMTP server runs apart)"
    )
    print(f"ratio invitations {best_invitations[0] / best_plain[0]:.2f}")


if __name__ == "__main__":
    main()
