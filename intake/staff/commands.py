"""`flask staff ...`: staff accounts from the command line (there is no sign-up page for staff).

create and set-password prompt for the password (typed twice, not echoed); `--password` is
for scripts. `create --role forms --role gdpr` chooses the roles (intake/staff/roles.py);
without --role the account gets every role, so scripts from before roles keep working.
Every change is written to the audit log with the actor "cli".
"""

from __future__ import annotations

import click
import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask.cli import AppGroup
from flask_babel import force_locale

from intake.clock import now
from intake.extensions import db
from intake.outbox.addresses import UndeliverableAddress, deliverable
from intake.staff import audit, passwords
from intake.staff.auth import end_all_sessions
from intake.staff.models import StaffUser
from intake.staff.roles import ALL_ROLES, Role, parse_roles
from intake.transactions import unit_of_work

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
        password = click.prompt(
            "Adgangskode", hide_input=True, confirmation_prompt="Gentag adgangskoden"
        )
    with force_locale("da"):  # no request here, so no locale selector to ask
        found = passwords.problems(password, email)
    if found:
        raise click.ClickException("Adgangskoden kan ikke bruges: " + " ".join(found))
    return password


ROLE_HELP = ("En rolle til kontoen; gentag for flere: " + ", ".join(Role)
             + ". Uden --role får kontoen alle roller.")


def _roles(values: tuple[str, ...]) -> frozenset[Role]:
    """The --role values; without any, every role (as before roles existed)."""
    if not values:
        return ALL_ROLES
    try:
        return parse_roles(values)
    except ValueError as error:
        raise click.ClickException(
            f"Ukendt rolle: {error}. Gyldige roller er: {', '.join(Role)}.") from error


@staff_cli.command("create")
@click.argument("email")
@click.option("--password", help=OPTION_HELP)
@click.option("--role", "role_names", multiple=True, metavar="ROLLE", help=ROLE_HELP)
@click.option("--name", default="", help="Medarbejderens navn.")
def create(email: str, password: str | None, role_names: tuple[str, ...], name: str) -> None:
    """Opret en medarbejderkonto."""
    roles = _roles(role_names)  # a wrong role is said before anything else is asked
    email = _normalise(email)
    try:  # a staff address gets mail too (notifications, links): only one intake can send to
        deliverable(email)
    except UndeliverableAddress as error:
        raise click.ClickException(f"Ugyldig e-mailadresse: {error}") from error
    _refuse_taken(email)  # said before the password is asked for
    db.session.rollback()  # no transaction stays open while a person types
    password_hash = passwords.hash_password(_checked_password(password, email))
    with unit_of_work(write=True) as session:
        _refuse_taken(email)
        user = StaffUser(email=email, name=name.strip(), password_hash=password_hash,
                         is_active=True, created_at=now(), password_changed_at=now())
        user.roles = roles
        session.add(user)
        session.flush()
        audit.record("staff.create", f"staff:{user.id}", {"roles": sorted(roles)}, actor="cli")
    click.echo(f"Kontoen {email} er oprettet med rollerne: {', '.join(sorted(roles))}.")


def _refuse_taken(email: str) -> None:
    if db.session.scalar(sa.select(StaffUser.id).where(StaffUser.email == email)) is not None:
        raise click.ClickException(f"Der findes allerede en konto med e-mailen {email}.")


@staff_cli.command("list")
def list_accounts() -> None:
    """Vis alle medarbejderkonti."""
    with unit_of_work() as session:
        users = session.scalars(sa.select(StaffUser).order_by(StaffUser.email)).all()
        lines = [(user.email, "aktiv" if user.is_active else "deaktiveret",
                  user.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if user.last_login_at
                  else "aldrig", ",".join(sorted(user.roles)) or "ingen roller")
                 for user in users]
    if not lines:
        click.echo("Der er ingen medarbejderkonti endnu. Opret en med: flask staff create EMAIL")
    for email, state, last, roles in lines:
        click.echo(f"{email}\t{state}\tsidst logget ind: {last}\troller: {roles}")


@staff_cli.command("disable")
@click.argument("email")
def disable(email: str) -> None:
    """Deaktivér en konto; den logges ud med det samme."""
    with unit_of_work(write=True):
        user = _find(email)
        user.is_active = False
        end_all_sessions(user)
        audit.record("staff.disable", f"staff:{user.id}", actor="cli")
        address = user.email
    click.echo(f"Kontoen {address} er deaktiveret og logget ud.")


@staff_cli.command("enable")
@click.argument("email")
def enable(email: str) -> None:
    """Genaktivér en deaktiveret konto."""
    with unit_of_work(write=True):
        user = _find(email)
        user.is_active = True
        audit.record("staff.enable", f"staff:{user.id}", actor="cli")
        address = user.email
    click.echo(f"Kontoen {address} er aktiv igen.")


@staff_cli.command("set-password")
@click.argument("email")
@click.option("--password", help=OPTION_HELP)
def set_password(email: str, password: str | None) -> None:
    """Giv en konto en ny adgangskode; alle dens sessioner logges ud."""
    address = _find(email).email  # an unknown account is said before the password is asked
    db.session.rollback()  # no transaction stays open while a person types
    password_hash = passwords.hash_password(_checked_password(password, address))
    with unit_of_work(write=True):
        user = _find(email)
        user.password_hash = password_hash
        user.password_changed_at = now()
        end_all_sessions(user)
        audit.record("staff.set_password", f"staff:{user.id}", actor="cli")
    click.echo(f"Kontoen {address} har fået en ny adgangskode.")
