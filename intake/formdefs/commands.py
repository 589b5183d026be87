"""`flask forms check`: the same checks as start-up, for staff editing a file."""

import click
from flask import current_app
from flask.cli import AppGroup

from intake.formdefs.registry import FormRegistry

forms_cli = AppGroup("forms", help="Formulardefinitioner i forms/.")


@forms_cli.command("check")
@click.argument("directory", required=False)
def check_command(directory: str | None) -> None:
    """Tjek alle formularer og vis alle fejl på én gang."""
    definitions, problems = FormRegistry.check_dir(directory or current_app.config["FORMS_DIR"])
    for problem in problems:
        click.echo(f"FEJL  {problem}", err=True)
    if problems:
        raise SystemExit(1)
    for definition in definitions.values():
        click.echo(f"OK    {definition.slug} (version {definition.version}): {definition.title.da}")
