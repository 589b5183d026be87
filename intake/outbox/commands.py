"""`flask mail worker` for production, `flask mail deliver` for a one-off flush."""

import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup

from intake.outbox.delivery import deliver_due, run_worker

mail_cli = AppGroup("mail", help="Udgående post (outbox).")


@mail_cli.command("worker")
def worker_command() -> None:
    """Lever post fra outboxen løbende (stop med Ctrl-C eller SIGTERM)."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    click.echo("intake mail worker kører.")
    try:
        run_worker(current_app._get_current_object(), stop)
    except KeyboardInterrupt:
        stop.set()


@mail_cli.command("deliver")
def deliver_command() -> None:
    """Lever det, der er klar nu, og stop."""
    total = 0
    while True:
        attempted = deliver_due()
        total += attempted
        if not attempted:
            break
    click.echo(f"{total} beskeder forsøgt leveret.")
