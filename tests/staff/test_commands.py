"""`flask staff ...` through the CLI runner."""

from __future__ import annotations

import sqlalchemy as sa

from intake.extensions import db
from intake.staff.models import AuditEntry, StaffSession, StaffUser
from intake.staff.passwords import verify
from intake.staff.roles import Role
from tests.staff.conftest import STAFF_EMAIL, STAFF_PASSWORD, log_in

GOOD = "lang og tilfældig sætning 42"


def _user(app, email):
    with app.app_context():
        return db.session.scalar(sa.select(StaffUser).where(StaffUser.email == email))


def test_create_with_password_option(app, runner):
    result = runner.invoke(args=["staff", "create", "Ny.Kollega@Hedensted.dk", "--password", GOOD])
    assert result.exit_code == 0, result.output
    user = _user(app, "ny.kollega@hedensted.dk")
    assert user.is_active and user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert verify(user.password_hash, GOOD)
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry))
        assert (entry.actor, entry.action, entry.target) == (
            "cli",
            "staff.create",
            f"staff:{user.id}",
        )


def test_create_prompts_for_password_twice(app, runner):
    result = runner.invoke(args=["staff", "create", "a@hedensted.dk"], input=f"{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    assert "Adgangskode" in result.output and GOOD not in result.output
    assert verify(_user(app, "a@hedensted.dk").password_hash, GOOD)


def test_create_refuses_short_common_and_duplicate(app, runner):
    short = runner.invoke(args=["staff", "create", "b@hedensted.dk", "--password", "kort1234"])
    assert short.exit_code == 1 and "mindst 12 tegn" in short.output
    for common in (
        "password1234",
        "qwertyuiop123",
        "Sommer2025!!!!",
        "Hedensted2025!",
        "aaaaaaaaaaaaaa",
    ):
        result = runner.invoke(args=["staff", "create", "b@hedensted.dk", "--password", common])
        assert result.exit_code == 1 and "for almindelig" in result.output, common
    assert _user(app, "b@hedensted.dk") is None
    assert (
        runner.invoke(args=["staff", "create", "b@hedensted.dk", "--password", GOOD]).exit_code == 0
    )
    again = runner.invoke(args=["staff", "create", "B@hedensted.dk", "--password", GOOD])
    assert again.exit_code == 1 and "findes allerede" in again.output


def test_create_refuses_invalid_email(runner):
    result = runner.invoke(args=["staff", "create", "ikke-en-mail", "--password", GOOD])
    assert result.exit_code == 1 and "Ugyldig e-mailadresse" in result.output


def test_list(app, runner, staff_user):
    runner.invoke(args=["staff", "create", "anden@hedensted.dk", "--password", GOOD])
    runner.invoke(args=["staff", "disable", "anden@hedensted.dk"])
    result = runner.invoke(args=["staff", "list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("anden@hedensted.dk\tdeaktiveret")
    assert lines[1].startswith(f"{STAFF_EMAIL}\taktiv\tsidst logget ind: aldrig")


def test_list_when_empty(runner):
    assert "ingen medarbejderkonti" in runner.invoke(args=["staff", "list"]).output


def test_disable_logs_out_and_blocks_login(app, runner, staff_client):
    assert staff_client.get("/staff/").status_code == 200
    result = runner.invoke(args=["staff", "disable", STAFF_EMAIL])
    assert result.exit_code == 0, result.output
    assert staff_client.get("/staff/").status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(StaffSession.token_hash))) == 0
    response = log_in(app.test_client())
    assert (
        response.status_code == 200
        and "E-mail eller adgangskode er forkert" in response.get_data(as_text=True)
    )
    assert runner.invoke(args=["staff", "enable", STAFF_EMAIL]).exit_code == 0
    assert log_in(app.test_client()).status_code == 303


def test_set_password_ends_sessions(app, runner, staff_client):
    result = runner.invoke(args=["staff", "set-password", STAFF_EMAIL], input=f"{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    assert staff_client.get("/staff/").status_code == 302
    assert log_in(app.test_client()).status_code == 200
    assert log_in(app.test_client(), password=GOOD).status_code == 303
    bad = runner.invoke(args=["staff", "set-password", STAFF_EMAIL, "--password", "123456789012"])
    assert bad.exit_code == 1
    assert verify(_user(app, STAFF_EMAIL).password_hash, GOOD)


def test_unknown_account(runner):
    for command in ("disable", "enable", "set-password"):
        result = runner.invoke(
            args=[
                "staff",
                command,
                "ingen@hedensted.dk",
                *(["--password", GOOD] if command == "set-password" else []),
            ]
        )
        assert result.exit_code == 1 and "Der findes ingen medarbejderkonto" in result.output


def test_password_of_fixture_is_not_refused():
    from intake.staff.passwords import problems

    assert problems(STAFF_PASSWORD) == []
    assert problems("medarbejder-hemmelig-123", "medarbejder@hedensted.dk")


def test_create_without_role_gives_every_role(app, runner):
    result = runner.invoke(args=["staff", "create", "alle@hedensted.dk", "--password", GOOD])
    assert result.exit_code == 0, result.output
    assert _user(app, "alle@hedensted.dk").roles == set(Role)
    assert "admin, forms, gdpr, goals, signups" in result.output


def test_create_with_roles(app, runner):
    result = runner.invoke(args=[
        "staff", "create", "form@hedensted.dk", "--password", GOOD, "--role", "forms",
        "--role", "gdpr", "--name", "Frida Form",
    ])
    assert result.exit_code == 0, result.output
    user = _user(app, "form@hedensted.dk")
    assert user.roles == {Role.FORMS, Role.GDPR} and user.name == "Frida Form"
    listed = runner.invoke(args=["staff", "list"]).output
    assert "form@hedensted.dk\taktiv\tsidst logget ind: aldrig\troller: forms,gdpr" in listed


def test_create_refuses_an_unknown_role_and_lists_the_valid_ones(app, runner):
    result = runner.invoke(args=[
        "staff", "create", "x@hedensted.dk", "--password", GOOD, "--role", "forms",
        "--role", "redaktør",
    ])
    assert result.exit_code == 1
    assert "Ukendt rolle: redaktør. Gyldige roller er: admin, forms, signups, gdpr, goals." in (
        result.output)
    assert _user(app, "x@hedensted.dk") is None
