"""Settings: working defaults with no configuration, INTAKE_* variables, and a readable report
(never a traceback) when a setting or a form definition is wrong.
"""

from __future__ import annotations

import email.policy
import os
import runpy
import stat
import subprocess
import sys
from email import message_from_bytes
from pathlib import Path

import pytest

from intake import create_app
from intake.extensions import db
from intake.settings import StartupError
from tests.support.signups import GROUP, NOW, group_form, sign_up

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ROOT / "tests" / "forms_fixtures" / "fields"
ENV = {
    "INTAKE_SECRET_KEY": "a-long-production-secret-from-the-environment",
    "INTAKE_MAIL_SERVER": "smtp.hedensted.dk",
    "INTAKE_MAIL_PORT": "587",
    "INTAKE_MAIL_USE_TLS": "true",
    "INTAKE_MAIL_USERNAME": "intake",
    "INTAKE_MAIL_PASSWORD": "hemmeligt",
    "INTAKE_MAIL_DEFAULT_SENDER": "Hedensted Erhverv <noreply@hedensted.dk>",
    "INTAKE_PUBLIC_BASE_URL": "https://tilmelding.hedensted.dk",
}


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    for name in list(os.environ):
        if name.startswith("INTAKE_") and name != "INTAKE_TEST_DATABASE_URL":
            monkeypatch.delenv(name)


def test_defaults_with_no_configuration(tmp_path, frozen_clock):
    instance = tmp_path / "instance"
    app = create_app({"INSTANCE_PATH": str(instance)})
    config = app.config
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'intake.sqlite3'}"
    key_file = instance / "secret_key"
    assert config["SECRET_KEY"] == key_file.read_text().strip() and len(config["SECRET_KEY"]) >= 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert config["MAIL_BACKEND"] == "file" and config["MAIL_FILE_DIR"] == str(instance / "mail")
    assert config["SESSION_COOKIE_SECURE"] is False  # http://127.0.0.1:5000 by default
    assert config["BABEL_DEFAULT_LOCALE"] == "da" and config["MAX_CONTENT_LENGTH"] == 1024 * 1024

    again = create_app({"INSTANCE_PATH": str(instance)})
    assert again.config["SECRET_KEY"] == config["SECRET_KEY"]  # generated once, then kept

    # A sign-up on the default setup; `flask mail deliver` leaves the mail as .eml files.
    with app.app_context():
        db.create_all()
    frozen_clock(NOW)
    client = app.test_client()
    reference = sign_up(client, GROUP, group_form(client))
    result = app.test_cli_runner().invoke(args=["mail", "deliver"])
    assert result.exit_code == 0 and "2 beskeder forsøgt leveret." in result.output
    files = sorted((instance / "mail").glob("*.eml"))
    assert len(files) == 2
    mail = message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert reference in mail["Subject"] and mail["To"] == "person1@firma1.dk"
    assert "http://127.0.0.1:5000/min-tilmelding/" in mail.get_body(("plain",)).get_content()
    with app.app_context():
        db.engine.dispose()


def test_a_mapping_ignores_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("INTAKE_MAIL_SERVER", "smtp.should-not-be-used.example")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k" * 32})
    assert app.config["MAIL_SERVER"] is None and app.config["MAIL_BACKEND"] == "file"


def test_settings_from_intake_variables(tmp_path, monkeypatch):
    database = tmp_path / "prod.sqlite3"
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("INTAKE_SQLALCHEMY_DATABASE_URI", f"sqlite:///{database}")
    monkeypatch.setenv("INTAKE_FORMS_DIR", str(FIELDS))
    monkeypatch.setenv("INTAKE_MAIL_CLAIM_TIMEOUT", "120")
    app = create_app()
    config = app.config
    assert config["SECRET_KEY"] == ENV["INTAKE_SECRET_KEY"]
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{database}"
    assert (config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_USE_TLS"]) == (
        "smtp.hedensted.dk",
        587,
        True,
    )
    assert (config["MAIL_USERNAME"], config["MAIL_PASSWORD"]) == ("intake", "hemmeligt")
    assert config["MAIL_DEFAULT_SENDER"] == "Hedensted Erhverv <noreply@hedensted.dk>"
    assert config["MAIL_BACKEND"] == "smtp" and config["SESSION_COOKIE_SECURE"] is True
    assert config["MAIL_CLAIM_TIMEOUT"].total_seconds() == 120
    mail = app.extensions["mail"]
    assert (mail.server, mail.port, mail.use_tls, mail.username) == (
        "smtp.hedensted.dk",
        587,
        True,
        "intake",
    )
    assert list(app.extensions["intake.forms"].files) == ["felter"]  # FORMS_DIR, checked
    with app.app_context():
        from intake.links import public_url

        assert public_url("public.cancel", token="abc") == "https://tilmelding.hedensted.dk/afmeld/abc"
        db.engine.dispose()


def test_wsgi_exposes_an_app_built_from_the_environment(tmp_path, monkeypatch):
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("INTAKE_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'w.sqlite3'}")
    monkeypatch.setenv("INTAKE_FORMS_DIR", str(FIELDS))
    app = runpy.run_path(str(ROOT / "wsgi.py"))["app"]
    assert app.config["PUBLIC_BASE_URL"] == "https://tilmelding.hedensted.dk"
    assert "public.form_page" in {rule.endpoint for rule in app.url_map.iter_rules()}


def test_bad_settings_are_all_reported(tmp_path):
    with pytest.raises(StartupError) as raised:
        create_app(
            {
                "INSTANCE_PATH": str(tmp_path),
                "SQLALCHEMY_DATABASE_URI": "mysql://intake@db/intake",
                "PUBLIC_BASE_URL": "tilmelding.hedensted.dk",
                "MAIL_PORT": "smtp",
                "SECRET_KEY": "kort",
                "MAIL_DEFAULT_SENDER": "Hedensted Erhverv",
                "MAIL_TIMEOUT": "snart",
                "MAIL_BACKEND": "due",
            }
        )
    assert isinstance(raised.value, SystemExit)
    report = str(raised.value.code)
    assert report.startswith("intake kan ikke starte: indstillingerne er ugyldige.")
    for fragment in (
        "SQLALCHEMY_DATABASE_URI skal være sqlite:/// eller postgresql+psycopg://",
        "PUBLIC_BASE_URL skal være en fuld adresse",
        "MAIL_PORT skal være et portnummer",
        "SECRET_KEY skal være mindst 16 tegn",
        "MAIL_DEFAULT_SENDER er ikke en gyldig",
        "MAIL_TIMEOUT skal være et antal sekunder",
        "MAIL_BACKEND skal være",
    ):
        assert fragment in report, fragment
    assert len(raised.value.problems) == 7


@pytest.mark.parametrize(("setting", "value", "fragment"), [
    ("SQLALCHEMY_DATABASE_URI", "postgresql://postgres@localhost/intake", "psycopg 3"),
    ("SQLALCHEMY_DATABASE_URI", "postgresql+psycopg2://postgres@localhost/intake", "psycopg 3"),
    ("MAIL_PORT", 70000, "MAIL_PORT"),
    ("MAIL_PORT", 0, "MAIL_PORT"),
    ("PUBLIC_BASE_URL", "ftp://intake.hedensted.dk", "PUBLIC_BASE_URL"),
    ("PUBLIC_BASE_URL", "https://", "PUBLIC_BASE_URL"),
])
def test_each_bad_setting(tmp_path, setting, value, fragment):
    with pytest.raises(StartupError) as raised:
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k" * 32, setting: value})
    assert len(raised.value.problems) == 1 and fragment in raised.value.problems[0]


# --- every setting is checked by the parser that will use it (issue 9 §2) ---

def test_an_unquoted_comma_in_the_sender_is_one_danish_problem(tmp_path):
    """The check used to read only what is inside <...>; every mail then went out with
    MAIL FROM:<Hedensted> and no address in From:, and was marked sent."""
    with pytest.raises(StartupError) as raised:
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k" * 32,
                    "MAIL_DEFAULT_SENDER": "Hedensted Kommune, Erhverv <erhverv@hedensted.dk>"})
    [problem] = raised.value.problems
    assert problem.startswith("MAIL_DEFAULT_SENDER er ikke en gyldig e-mailadresse")
    assert "anførselstegn" in problem and '"Hedensted Kommune, Erhverv"' in problem


def test_a_quoted_sender_with_a_comma_starts(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k" * 32,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'q.sqlite3'}",
                      "MAIL_DEFAULT_SENDER": '"Hedensted Kommune, Erhverv" <erhverv@hedensted.dk>'})
    with app.app_context():
        from intake.outbox.addresses import configured_sender

        sender = configured_sender()
        assert (sender.display_name, sender.address) == ("Hedensted Kommune, Erhverv",
                                                          "erhverv@hedensted.dk")
        db.engine.dispose()


@pytest.mark.parametrize(("setting", "value", "fragment"), [
    ("MAIL_DEFAULT_SENDER", "Søren <søren@hedensted.dk>", "SMTPUTF8"),
    ("MAIL_DEFAULT_SENDER", "a@hedensted.dk, b@hedensted.dk", "mere end én adresse"),
    ("SIGNUP_RATE_LIMIT", "10 om minuttet", "«10 per minute;60 per hour»"),
    ("FOLLOWUP_LOST_LINK_EMAIL_LIMIT", "0 per day", "mindst 1 gang"),
    ("STAFF_IDLE_TIMEOUT", "en halv time", "varighed i sekunder"),
    ("MAIL_GIVE_UP_AFTER", -5, "varighed"),
    ("MAIL_BATCH_SIZE", "mange", "helt tal"),
    ("MAIL_BATCH_SIZE", 0, "mindst 1"),
    ("STAFF_LOGIN_MAX_PER_IP", 2.5, "helt tal"),
    ("MAIL_WORKER_INTERVAL", "snart", "antal sekunder"),
    ("MAIL_USE_TLS", "ja", "true eller false"),
    ("STAFF_NOTIFY_ENABLED", "nej", "true eller false"),
    ("PUBLIC_BASE_URL", "https://intake.hedensted.dk:port", "fuld adresse"),
    ("PUBLIC_BASE_URL", "https://intake.hedensted.dk/?x=1", "uden ?"),
    ("TIMEZONE", "Europe/Kolding", "tidszone"),
    ("PROXY_FIX_X_FOR", -1, "mindst 0"),
    ("DELETION_LOG_PATH", "/tmp", "er en mappe"),
    ("GROUPS_FORM", "Samarbejds Gruppe", "formulars kortnavn"),
])
def test_each_kind_of_setting_is_parsed_as_it_is_used(tmp_path, setting, value, fragment):
    with pytest.raises(StartupError) as raised:
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k" * 32, setting: value})
    [problem] = raised.value.problems
    assert problem.startswith(setting) and fragment in problem, problem


def test_values_from_variables_become_what_the_code_reads(tmp_path, monkeypatch):
    from datetime import timedelta

    monkeypatch.setenv("INTAKE_SECRET_KEY", "k" * 32)
    monkeypatch.setenv("INTAKE_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'v.sqlite3'}")
    monkeypatch.setenv("INTAKE_STAFF_IDLE_TIMEOUT", "900")
    monkeypatch.setenv("INTAKE_MAIL_BATCH_SIZE", "20")
    monkeypatch.setenv("INTAKE_SIGNUP_RATE_LIMIT", "5/minute")
    monkeypatch.setenv("INTAKE_MAIL_DEFAULT_SENDER",
                       '"Hedensted Kommune, Erhverv" <erhverv@hedensted.dk>')
    config = create_app().config
    assert config["STAFF_IDLE_TIMEOUT"] == timedelta(minutes=15)
    assert config["MAIL_BATCH_SIZE"] == 20 and config["SIGNUP_RATE_LIMIT"] == "5/minute"


def test_bad_variables_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("INTAKE_SECRET_KEY", "k" * 32)
    monkeypatch.setenv("INTAKE_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    monkeypatch.setenv("INTAKE_MAIL_PORT", "to-og-tyve")
    monkeypatch.setenv("INTAKE_PUBLIC_BASE_URL", "www.hedensted.dk")
    with pytest.raises(StartupError) as raised:
        create_app()
    assert len(raised.value.problems) == 2


def run_flask(args: list[str], env: dict, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=cwd, env=clean | env,
        capture_output=True, text=True, timeout=120,
    )


def test_cli_prints_the_settings_report_not_a_traceback(tmp_path):
    result = run_flask(["forms", "check"], {
        "INTAKE_SECRET_KEY": "k" * 32, "INTAKE_SQLALCHEMY_DATABASE_URI": "mysql://x@y/z",
        "INTAKE_MAIL_PORT": "nej",
    })
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "intake kan ikke starte: indstillingerne er ugyldige." in output
    assert "SQLALCHEMY_DATABASE_URI" in output and "MAIL_PORT" in output
    assert "Traceback" not in output


def test_cli_prints_the_forms_report_not_a_traceback(tmp_path):
    result = run_flask(
        ["forms", "check"],
        {
            "INTAKE_SECRET_KEY": "k" * 32,
            "INTAKE_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}",
            "INTAKE_FORMS_DIR": str(ROOT / "tests" / "forms_fixtures" / "bad"),
        },
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "intake kan ikke starte: der er fejl i formularerne." in output
    assert "a_felter.yaml: felt 'alder': ukendt type 'tal'" in output
    assert "Traceback" not in output
