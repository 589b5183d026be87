"""`flask serve`: the one command for a laptop — upgrade the database, deliver mail, serve."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from werkzeug.serving import run_simple


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def serve_command(host: str, port: int) -> None:
    """Opgradér databasen, start postudbringning og server intake lokalt."""
    from intake.formdefs.registry import current_registry
    from intake.outbox.delivery import start_background_worker
    from intake.transactions import unit_of_work

    app = current_app._get_current_object()
    upgrade()
    with unit_of_work():
        current_registry().current()  # shipped forms not in the database yet are imported
    stop = start_background_worker(app)
    if app.config["MAIL_BACKEND"] == "file":
        click.echo(f"Post gemmes som .eml-filer i {app.config['MAIL_FILE_DIR']}")
    click.echo(f"intake kører på http://{host}:{port}/")
    try:
        # Not app.run(): Flask ignores that inside a `flask` command and would return at once.
        run_simple(host, port, app, threaded=True, use_reloader=False)
    finally:
        stop.set()
