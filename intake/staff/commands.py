"""`flask staff ...`: staff accounts from the command line (there is no sign-up page for staff).

create and set-password prompt for the password (typed twice, not echoed); `--password` is
for scripts. Every change is written to the audit log with the actor "cli".
"""

from __future__ import annotations

import click
import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask.cli import AppGroup
from flask_babel import force_locale

from intake.clock import now
from intake.database import begin_write
from intake.extensions import db
from intake.outbox.addresses import UndeliverableAddress, deliverable
from intake.staff import audit, passwords
from intake.staff.auth import end_all_sessions
from intake.staff.models import StaffUser

staff_cli = AppGroup("staff", help="Medarbejderkonti: opret, vis, deaktivér, ny adgangskode.")

OPTION_HELP = "Adgangskoden (til scripts); uden den bliver du spurgt."


def _normalise(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise click.ClickException(f"Ugyldig e-mailadresse: {email!r} ({error})") from error


def _find(email: str) -> StaffUser:
    user = db.session.scalar(sa.select(StaffUser).where(StaffUser.email == _normalise(email)))
    if user is None:
        raise click.ClickException(f"Der findes ingen medarbejderkonto med e-mailen {email}.")
    return user


def _checked_password(password: str | None, email: str) -> str:
    if password is None:
        password = click.prompt("Adgangskode", hide_input=True, confirmation_prompt="Gentag adgangskoden")
    with force_locale("da"):  # no request here, so no locale selector to ask
        found = passwords.problems(password, email)
    if found:
        raise click.ClickException("Adgangskoden kan ikke bruges: " + " ".join(found))
    return password


@staff_cli.command("create")
@click.argument("email")
@click.option("--password", help=OPTION_HELP)
def create(email: str, password: str | None) -> None:
    """Opret en medarbejderkonto."""
    email = _normalise(email)
    try:  # a staff address gets mail too (notifications, links): only one intake can send to
        deliverable(email)
    except UndeliverableAddress as error:
        raise click.ClickException(f"Ugyldig e-mailadresse: {error}") from error
    begin_write(db.session)
    if db.session.scalar(sa.select(StaffUser.id).where(StaffUser.email == email)) is not None:
        raise click.ClickException(f"Der findes allerede en konto med e-mailen {email}.")
    password = _checked_password(password, email)
    user = StaffUser(email=email, password_hash=passwords.hash_password(password), is_active=True,
                     created_at=now(), password_changed_at=now())
    db.session.add(user)
    db.session.flush()
    audit.record("staff.create", f"staff:{user.id}", actor="cli")
    db.session.commit()
    click.echo(f"Kontoen {email} er oprettet.")


@staff_cli.command("list")
def list_accounts() -> None:
    """Vis alle medarbejderkonti."""
    users = db.session.scalars(sa.select(StaffUser).order_by(StaffUser.email)).all()
    if not users:
        click.echo("Der er ingen medarbejderkonti endnu. Opret en med: flask staff create EMAIL")
    for user in users:
        state = "aktiv" if user.is_active else "deaktiveret"
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if user.last_login_at else "aldrig"
        click.echo(f"{user.email}\t{state}\tsidst logget ind: {last}")


@staff_cli.command("disable")
@click.argument("email")
def disable(email: str) -> None:
    """Deaktivér en konto; den logges ud med det samme."""
    begin_write(db.session)
    user = _find(email)
    user.is_active = False
    end_all_sessions(user)
    audit.record("staff.disable", f"staff:{user.id}", actor="cli")
    db.session.commit()
    click.echo(f"Kontoen {user.email} er deaktiveret og logget ud.")


@staff_cli.command("enable")
@click.argument("email")
def enable(email: str) -> None:
    """Genaktivér en deaktiveret konto."""
    begin_write(db.session)
    user = _find(email)
    user.is_active = True
    audit.record("staff.enable", f"staff:{user.id}", actor="cli")
    db.session.commit()
    click.echo(f"Kontoen {user.email} er aktiv igen.")


@staff_cli.command("set-password")
@click.argument("email")
@click.option("--password", help=OPTION_HELP)
def set_password(email: str, password: str | None) -> None:
    """Giv en konto en ny adgangskode; alle dens sessioner logges ud."""
    begin_write(db.session)
    user = _find(email)
    password = _checked_password(password, user.email)
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = now()
    end_all_sessions(user)
    audit.record("staff.set_password", f"staff:{user.id}", actor="cli")
    db.session.commit()
    click.echo(f"Kontoen {user.email} har fået en ny adgangskode.")
