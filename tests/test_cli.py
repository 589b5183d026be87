"""The command line: `flask mail deliver`, `flask mail worker`, `flask forms check`, `flask serve`.

Each command runs through Flask's CLI runner against a real SMTP server.
"""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from intake.outbox.models import MailStatus
from tests.support.signups import GROUP, NOW, group_form, outbox, sign_up


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


@pytest.fixture
def app(make_app):
    return make_app(MAIL_WORKER_INTERVAL=0.1)


def test_mail_deliver_sends_what_is_due_and_stops(client, app, runner, smtp_server):
    sign_up(client, GROUP, group_form(client))
    result = runner.invoke(args=["mail", "deliver"])
    assert result.exit_code == 0, result.output
    assert "2 beskeder forsøgt leveret." in result.output
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages) == [
        "erhverv@hedensted.dk",
        "person1@firma1.dk",
    ]
    again = runner.invoke(args=["mail", "deliver"])
    assert "0 beskeder forsøgt leveret." in again.output
    assert len(smtp_server.messages) == 2


def test_mail_deliver_with_smtp_down_keeps_the_mail(client, app, runner, smtp_server):
    smtp_server.stop()
    sign_up(client, GROUP, group_form(client))
    result = runner.invoke(args=["mail", "deliver"])
    assert result.exit_code == 0
    statuses = [m.status for m in outbox(app)]
    assert (
        len(statuses) == 2 and MailStatus.SENT not in statuses and MailStatus.RETRYING in statuses
    )


def test_mail_worker_delivers_until_stopped(client, app, runner, smtp_server):
    """The worker runs in the foreground until SIGTERM, as under a process supervisor."""
    sign_up(client, GROUP, group_form(client))
    previous = signal.getsignal(signal.SIGTERM)

    def stop_when_delivered() -> None:
        deadline = time.monotonic() + 30
        while len(smtp_server.messages) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)  # would a second copy go out?
        os.kill(os.getpid(), signal.SIGTERM)  # the worker installed its handler before delivering

    stopper = threading.Thread(target=stop_when_delivered)
    stopper.start()
    try:
        started = time.monotonic()
        result = runner.invoke(args=["mail", "worker"])
    finally:
        stopper.join()
        signal.signal(signal.SIGTERM, previous)
    assert result.exit_code == 0, result.output
    assert "intake mail worker kører." in result.output
    assert time.monotonic() - started < 30
    assert len(smtp_server.messages) == 2
    assert {m.status for m in outbox(app)} == {MailStatus.SENT}


def test_forms_check_command(runner):
    result = runner.invoke(args=["forms", "check"])
    assert result.exit_code == 0
    assert result.output.count("OK    ") >= 3


@pytest.mark.parametrize("command", [["serve", "--help"], ["mail", "--help"], ["forms", "--help"],
                                     ["db", "--help"]])
def test_commands_exist(runner, command):
    result = runner.invoke(args=command)
    assert result.exit_code == 0, result.output


def test_serve_help_explains_itself(runner):
    result = runner.invoke(args=["serve", "--help"])
    assert "--host" in result.output and "--port" in result.output
    assert "Opgradér databasen" in result.output


def test_serve_upgrades_the_database_delivers_mail_and_serves(tmp_path):
    """The Quick start command, as a person runs it: a fresh SQLite file gets its schema, the
    site answers over HTTP, and a sign-up's mail lands as an .eml file."""
    import os
    import subprocess
    import sys
    import time
    import urllib.parse
    import urllib.request
    from pathlib import Path

    from tests.support.htmlform import RenderedForm
    from tests.support.smtp import free_port

    root = Path(__file__).resolve().parent.parent
    port = free_port()
    env = {
        **os.environ,
        "INTAKE_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "INTAKE_SECRET_KEY": "serve-test-secret-key-0123",
        "INTAKE_MAIL_FILE_DIR": str(tmp_path / "mail"),
        "INTAKE_MAIL_WORKER_INTERVAL": "0.2",
    }
    env.pop("INTAKE_MAIL_SERVER", None)
    flask = Path(sys.executable).with_name("flask")
    proc = subprocess.Popen(
        [str(flask), "--app", "wsgi", "serve", "--port", str(port)],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, (
                    proc.stdout.read() if proc.poll() else "timeout"
                )
                time.sleep(0.2)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(base + "/f/ivaerksaetterfredag") as response:
            form = RenderedForm(response.read().decode())
        date = form.options("datoer")[0]
        form.fill(datoer=[date], navn="Ida Iværksætter", virksomhed="Ida IVS", har_cvr="nej",
                  email="ida@example.dk", telefon="20 30 40 50")
        body = "&".join(
            f"{urllib.parse.quote(k)}={urllib.parse.quote(v)}"
            for k, v in form.data().items(multi=True)
        )
        with opener.open(base + "/f/ivaerksaetterfredag", data=body.encode()) as response:
            assert "/kvittering/" in response.url
        deadline = time.monotonic() + 15
        while not list((tmp_path / "mail").glob("*.eml")) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert any("ida@example.dk" in p.read_text() for p in (tmp_path / "mail").glob("*.eml"))
    finally:
        proc.terminate()
        proc.wait(10)
