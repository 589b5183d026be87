"""`flask forms check|export|import`: files and the stored definitions (issue 12 §1).

`check` checks files (as start-up does). `export` writes a stored definition as YAML and
`import` makes a file the draft of its form (and, with --publish, its next version): an
export imported and exported again gives the same text.
"""

from __future__ import annotations

from pathlib import Path

import click
import yaml
from flask import current_app
from flask.cli import AppGroup

from intake.formdefs import store
from intake.formdefs.loader import read_yaml
from intake.formdefs.registry import FormRegistry, current_registry
from intake.formdefs.values import Problems
from intake.transactions import unit_of_work

forms_cli = AppGroup("forms", help="Formulardefinitioner: filer i forms/ og dem i databasen.")


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


@forms_cli.command("export")
@click.argument("slug")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Filen der skrives (ellers skærmen).",
)
@click.option("--draft", is_flag=True, help="Kladden i stedet for den seneste udgivne version.")
def export_command(slug: str, output: Path | None, draft: bool) -> None:
    """Skriv en formular fra databasen som YAML."""
    _shipped_first()
    with unit_of_work():
        try:
            if draft:
                mapping = store.get_draft(slug).mapping
            else:
                published = store.versions(slug)
                if not published:
                    _fail(f"{slug} er ikke udgivet endnu; brug --draft for kladden")
                mapping = store.version_mapping(slug, published[0].version)
        except store.UnknownForm:
            _fail(f"der er ingen formular med slug '{slug}'")
    text = mapping_yaml(mapping)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"OK    {slug} skrevet til {output}")


@forms_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--publish", is_flag=True, help="Udgiv kladden som ny version med det samme.")
@click.option(
    "--by",
    default="flask forms import",
    show_default=True,
    help="Hvem ændringen står på (fx en e-mailadresse).",
)
def import_command(path: Path, publish: bool, by: str) -> None:
    """Gør en YAML-fil til kladden for dens formular (ny formular, hvis slug er ny)."""
    problems = Problems(path)
    mapping = read_yaml(path, problems)
    if not isinstance(mapping, dict):
        for problem in problems.items or [f"{path.name}: filen skal indeholde en formular"]:
            click.echo(f"FEJL  {problem}", err=True)
        raise SystemExit(1)
    slug = str(mapping.get("slug", ""))
    _shipped_first()  # a shipped form is stored before a file replaces its draft
    with unit_of_work(write=True):
        draft = _save(slug, mapping, by)
        if publish:
            try:
                info = store.publish(slug, expected_revision=draft.revision, by=by)
            except store.NotPublishable as refused:
                _fail(*[p.text for p in refused.problems], prefix=f"{path.name}: ")
            click.echo(f"OK    {slug} udgivet som version {info.version}")
            return
    for problem in store.check(draft.mapping):
        click.echo(f"ADVARSEL  {path.name}: {problem.text}", err=True)
    click.echo(f"OK    {slug}: kladden er gemt (revision {draft.revision})")


def _shipped_first() -> None:
    """Shipped files not stored yet are imported (and committed) on their own."""
    with unit_of_work():
        current_registry().current()


def _save(slug: str, mapping: dict, by: str) -> store.Draft:
    try:
        current = store.get_draft(slug)
    except store.UnknownForm:
        try:
            return store.create_form(mapping, by=by)
        except store.BadSlug as bad:
            _fail(*[p.text for p in bad.problems])
    return store.save_draft(slug, mapping, expected_revision=current.revision, by=by)


def _fail(*lines: str, prefix: str = "") -> None:
    for line in lines:
        click.echo(f"FEJL  {prefix}{line}", err=True)
    raise SystemExit(1)


class _Dumper(yaml.SafeDumper):
    """Texts of several lines as `|` blocks, as people write them in forms/*.yaml."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def mapping_yaml(mapping: dict) -> str:
    """A definition mapping as YAML text that reads back as the same mapping."""
    return yaml.dump(
        mapping,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
