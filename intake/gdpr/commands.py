"""`flask gdpr purge [--dry-run]` and `flask gdpr reapply-deletions`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from intake import clock
from intake.extensions import db
from intake.gdpr import logfile, service
from intake.invitations.models import InvitationKind
from intake.transactions import unit_of_work

gdpr_cli = AppGroup("gdpr", help="GDPR: sletning efter opbevaringsperiode og efter gendannelse.")


def _day(moment) -> str:
    return clock.to_local(moment).strftime("%d-%m-%Y")


# What `gdpr purge` says per kind of invitation (intake/invitations/retention.py); the rule
# behind each is the kind's `Policy.expired`.
INVITATION_LINES = {
    InvitationKind.MEETING: "invitationer: {n} mødeinvitationer til møder, der begyndte for mere "
    "end 2 år siden (ældste møde {day}), slettes med svar, links og påmindelser",
    InvitationKind.FORM: "invitationer: {n} invitationer til skemaer, sendt før skemaets "
    "opbevaringsperiode (ældste {day}), slettes med links og påmindelser",
    InvitationKind.NEWS: "invitationer: {n} modtagere af nyhedsmails, hvis afmeldingslink er "
    "udløbet (ældste sendt {day}), slettes",
}


@gdpr_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Vis kun, hvad der ville blive slettet.")
@click.option(
    "--list", "show_references", is_flag=True, help="Vis hver tilmeldings referencenummer."
)
def purge_command(dry_run: bool, show_references: bool) -> None:
    """Slet tilmeldinger, der er ældre end formularens opbevaringsperiode (retention_days), og
    afidentificér opfølgningssvar og slet målejere efter opfølgningsskemaets (standard 5 år).
    Slet invitationer til møder (2 år efter mødet), skemaer (skemaets opbevaringsperiode) og
    nyhedsmails (når afmeldingslinket er udløbet). Slet sendte mails OUTBOX_RETENTION_DAYS
    dage efter afsendelsen (standard 90) og mails, der ikke kunne sendes, lige så mange dage
    efter sidste forsøg; mails, der venter på at blive sendt, røres ikke.

    Formularer med `archive: true` bevares til arkivet og slettes aldrig her.
    """
    with unit_of_work(write=True):
        done = _purge(dry_run, show_references)
    if done:
        click.echo(done)


def _purge(dry_run: bool, show_references: bool) -> str | None:
    """The plan, said; a dry run or an empty plan rolls back. Returns what to say once the
    deletion is committed (None when nothing was deleted)."""
    plan = service.purge_plan()
    for item in plan.items:
        click.echo(
            f"{item.definition.slug}: {len(item.references)} tilmeldinger ældre end "
            f"{item.definition.retention_days} dage "
            f"(tilmeldt {_day(item.oldest)} – {_day(item.newest)}, før {_day(item.cutoff)})"
        )
        if show_references:
            for reference in item.references:
                click.echo(f"  {reference}")
    for definition, kept in plan.kept_for_archive:
        click.echo(
            f"{definition.slug}: {kept} tilmeldinger er ældre end {definition.retention_days} "
            "dage, men bevares til arkivet (archive: true)"
        )
    for slug, count in plan.unknown_forms:
        click.echo(
            f"{slug}: {count} tilmeldinger til en formular, der ikke længere findes i forms/; "
            "de slettes ikke automatisk",
            err=True,
        )
    followup = plan.followup
    if followup is not None and followup.invitations:
        click.echo(
            f"opfølgning: {len(followup.invitations)} invitationer i runder, hvis links lukkede "
            f"for mere end opbevaringsperioden siden (ældste {_day(followup.oldest_round)}), "
            "afidentificeres: links, påmindelser og kladder slettes, "
            f"{followup.versions} ældre svarversioner slettes, "
            "seneste svar bevares uden navn, e-mail og fritekst"
        )
    if followup is not None and followup.comments:
        click.echo(
            f"opfølgning: {followup.comments} offentlige kommentarer, der stadig indeholder "
            "de afidentificerede målejeres ord, tømmes og fjernes fra den offentlige side"
        )
    if followup is not None and followup.total:  # (oldest_round is None without invitations)
        click.echo(
            f"opfølgning: {len(followup.owners)} målejere uden mål eller runder i "
            "opbevaringsperioden slettes"
        )
    for kind, ids, oldest in plan.invitations:
        click.echo(INVITATION_LINES[kind].format(n=len(ids), day=_day(oldest)))
    outbox = plan.outbox
    if outbox is not None and outbox.total:
        _say_outbox(outbox)
    if plan.is_empty:
        db.session.rollback()
        click.echo("Intet at slette.")
        return None
    followup_total = followup.total if followup else 0
    extra = f" og {followup_total} poster om opfølgning" if followup_total else ""
    invitations = sum(len(ids) for _, ids, _ in plan.invitations)
    extra += f" og {invitations} invitationer" if invitations else ""
    extra += f" og {outbox.total} mails" if outbox is not None and outbox.total else ""
    if dry_run:
        db.session.rollback()
        click.echo(f"Prøvekørsel: {plan.total} tilmeldinger{extra} ville blive slettet. "
                   "Intet er slettet.")
        return None
    service.purge(plan)
    return f"Slettet: {plan.total} tilmeldinger{extra}. Sletningen står i sletteloggen."


def _say_outbox(outbox) -> None:
    """Both kinds, each with its count (0 too), so the operator sees what is kept and why."""
    oldest_sent = f" (ældste sendt {_day(outbox.oldest_sent)})" if outbox.sent else ""
    click.echo(
        f"post: {len(outbox.sent)} sendte mails, sendt for mere end {outbox.days} dage siden"
        f"{oldest_sent}, slettes"
    )
    oldest_failed = f" (ældste {_day(outbox.oldest_failed)})" if outbox.failed else ""
    click.echo(
        f"post: {len(outbox.failed)} mails, der ikke kunne sendes, med sidste forsøg for mere "
        f"end {outbox.days} dage siden{oldest_failed}, slettes"
    )


@gdpr_cli.command("reapply-deletions")
@click.option("--log", "log_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Sletteloggen (standard: DELETION_LOG_PATH eller instance/deletion-log.jsonl).")
def reapply_command(log_path: Path | None) -> None:
    """Gentag alle loggede sletninger, fx efter at en backup er lagt tilbage.

    Sikker at køre flere gange: det, der allerede er slettet, springes over.
    """
    source = log_path or logfile.path()
    entries = logfile.read(source)
    if not source.exists():
        click.echo(f"Ingen slettelog-fil i {source}; bruger kun databasens slettelog.", err=True)
    with unit_of_work(write=True):
        result = service.reapply(entries)
    deleted = ", ".join(f"{key}: {n}" for key, n in sorted(result.deleted.items())) or "intet"
    click.echo(f"{result.entries} sletninger gennemgået; slettet igen: {deleted}; "
               f"{result.restored_log_rows} manglende linjer lagt tilbage i databasens slettelog.")
