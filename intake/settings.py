"""Settings: defaults, then instance/config.py, then INTAKE_* variables, or a test mapping.

A mapping from a caller (the tests) replaces the instance file and the environment
entirely, so a developer's shell can never leak into a test run.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, MutableMapping
from datetime import timedelta
from email.utils import formataddr
from pathlib import Path
from typing import Any

from flask import Flask

from intake import PROJECT_ROOT, setting_kinds


class StartupError(SystemExit):
    """Raised with a readable report; being a SystemExit, the CLI prints it without a traceback."""

    def __init__(self, title: str, problems: list[str]):
        self.problems = problems
        report = "\n".join([title, *(f"  - {p}" for p in problems)])
        super().__init__(report)


DEFAULTS: dict[str, Any] = {
    "SQLALCHEMY_DATABASE_URI": None,  # filled in with instance/intake.sqlite3
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "MAX_FORM_PARTS": 600,
    # The body a page with file fields may send (MB): a file over its field's limit is cut off
    # while the body is read and refused next to its field; above this, the 413 page.
    "UPLOAD_REQUEST_CEILING_MB": 100,
    "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # None: derived from PUBLIC_BASE_URL (Flask's own default is False)
    "SESSION_COOKIE_SECURE": None,
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
    "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
    "FORMS_DIR": str(PROJECT_ROOT / "forms"),
    "GROUPS_FORM": "samarbejdsgruppe",  # the sign-up form whose options are the four groups
    "TIMEZONE": "Europe/Copenhagen",
    "BABEL_DEFAULT_LOCALE": "da",
    "LANGUAGES": ["da", "en"],
    "MAIL_SERVER": None,
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_DEFAULT_SENDER": None,  # None: BRAND_NAME <BRAND_CONTACT_EMAIL>
    "MAIL_SUPPRESS_SEND": False,
    "MAIL_TIMEOUT": 10.0,
    "MAIL_BATCH_SIZE": 50,
    "MAIL_RETRY_BASE_SECONDS": 30,
    "MAIL_RETRY_MAX_SECONDS": 3600,
    "MAIL_GIVE_UP_AFTER": timedelta(days=3),
    "MAIL_CLAIM_TIMEOUT": timedelta(minutes=5),
    "MAIL_WORKER_INTERVAL": 2.0,
    # `flask gdpr purge` deletes sent mails this many days after sending, and failed ones
    # this many days after their last attempt (intake/outbox/retention.py).
    "OUTBOX_RETENTION_DAYS": 90,
    "RATELIMIT_STORAGE_URI": "memory://",
    # How many reverse proxies in front may set X-Forwarded-For / -Proto (0: trust none).
    "PROXY_FIX_X_FOR": 0,
    "PROXY_FIX_X_PROTO": 0,
    "RATELIMIT_HEADERS_ENABLED": False,
    # Public sign-up forms (README "Settings"): accepted sign-ups per client address and form,
    # accepted sign-ups per e-mail address, and every POST (failed ones too) per address.
    "SIGNUP_RATE_LIMIT": "40 per 5 minutes;150 per hour",
    "SIGNUP_EMAIL_RATE_LIMIT": "5 per hour;20 per day",
    "SIGNUP_POST_RATE_LIMIT": "120 per minute",
    # Follow-up links: failed token lookups per IP; "lost link" requests per IP and per address.
    "FOLLOWUP_TOKEN_RATE_LIMIT": "10 per minute;50 per hour",
    "FOLLOWUP_LOST_LINK_RATE_LIMIT": "5 per hour",
    "FOLLOWUP_LOST_LINK_EMAIL_LIMIT": "3 per day",
    "MINE_LOST_LINK_RATE_LIMIT": "10 per hour",  # "Har du mistet din bekræftelse?" per IP
    "MINE_LOST_LINK_EMAIL_LIMIT": "3 per day",  # … and per address
    "FOLLOWUP_SESSION_IDLE_MINUTES": 180,
    "FOLLOWUP_REMINDER_CHECK_SECONDS": 60,
    "STAFF_NOTIFY_ENABLED": True,
    # Staff sessions (timedelta, or seconds from INTAKE_* variables) and failed-login limits.
    "STAFF_IDLE_TIMEOUT": timedelta(minutes=30),
    "STAFF_SESSION_MAX_AGE": timedelta(hours=12),
    "STAFF_LOGIN_WINDOW": timedelta(minutes=15),
    "STAFF_LOGIN_MAX_PER_ACCOUNT": 5,
    "STAFF_LOGIN_MAX_PER_IP": 20,
    # How a writing request starts its SQLite transaction; IMMEDIATE is what makes the
    # capacity decision atomic. Only the race control test changes it.
    "SQLITE_WRITE_BEGIN": "IMMEDIATE",
    # Branding (README "Branding"): header, footer, mails and the stylesheet's colour.
    "BRAND_NAME": "Hedensted Erhverv",
    "BRAND_AUTHORITY": "Hedensted Kommune",
    "BRAND_PRIMARY_COLOUR": "#0059b3",  # DKFDS's virk.dk theme
    "BRAND_CONTACT_EMAIL": "erhverv@hedensted.dk",
    "BRAND_CONTACT_PHONE": None,
    "BRAND_CONTACT_ADDRESS": None,
    "BRAND_LOGO": None,  # a file in instance/, .svg or .png; None: a text mark with the name
    "BRAND_ACCESSIBILITY_URL": None,  # None: intake's own statement at /tilgaengelighed
}


def load(app: Flask, mapping: Mapping[str, Any] | None) -> None:
    app.config.from_mapping(DEFAULTS)
    if mapping is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("INTAKE")
    else:
        app.config.from_mapping(mapping)
        if mapping.get("INSTANCE_PATH"):
            app.instance_path = str(mapping["INSTANCE_PATH"])
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _fill_derived(app)
    problems = _check(app.config)
    if problems:
        raise StartupError("intake kan ikke starte: indstillingerne er ugyldige.", problems)


def _fill_derived(app: Flask) -> None:
    config = app.config
    instance = Path(app.instance_path)
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'intake.sqlite3'}"
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _instance_secret(instance / "secret_key")
    if config.get("SESSION_COOKIE_SECURE") is None:
        config["SESSION_COOKIE_SECURE"] = str(config["PUBLIC_BASE_URL"]).startswith("https://")
    for key in (
        "MAIL_CLAIM_TIMEOUT",
        "MAIL_GIVE_UP_AFTER",
    ):  # INTAKE_MAIL_CLAIM_TIMEOUT=300 (seconds)
        if isinstance(config.get(key), int | float):
            config[key] = timedelta(seconds=config[key])
    config.setdefault("MAIL_BACKEND", "smtp" if config.get("MAIL_SERVER") else "file")
    config.setdefault("MAIL_FILE_DIR", str(instance / "mail"))
    config.setdefault("DELETION_LOG_PATH", str(instance / "deletion-log.jsonl"))
    config.setdefault("UPLOADS_DIR", str(instance / "uploads"))  # files attached to answers
    logo = config.get("BRAND_LOGO")
    if logo and not Path(str(logo)).is_absolute():
        config["BRAND_LOGO"] = str(instance / str(logo))


def _instance_secret(path: Path) -> str:
    """Generated once and kept beside the database, so sessions survive restarts."""
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _check(config: MutableMapping[str, Any]) -> list[str]:
    problems: list[str] = []
    uri = str(config.get("SQLALCHEMY_DATABASE_URI"))
    scheme = uri.split(":", 1)[0]
    if not (scheme.startswith("sqlite") or scheme.startswith("postgresql")):
        problems.append(
            "SQLALCHEMY_DATABASE_URI skal være sqlite:/// eller postgresql+psycopg://, "
            f"ikke {scheme!r}."
        )
    if scheme in ("postgresql", "postgres", "postgresql+psycopg2"):
        problems.append("Brug driveren psycopg 3: postgresql+psycopg://bruger@vært/database.")
    if len(str(config.get("SECRET_KEY", ""))) < 16:
        problems.append("SECRET_KEY skal være mindst 16 tegn lang.")
    if config.get("MAIL_BACKEND") not in ("smtp", "file"):
        problems.append("MAIL_BACKEND skal være 'smtp' eller 'file'.")
    # Numbers, durations, flags, rate limits, the sender and the base URL: each by the
    # parser whose value the code then reads (intake/setting_kinds.py).
    problems += setting_kinds.normalise(config)
    if not problems and config.get("MAIL_DEFAULT_SENDER") is None:  # the brand signs mail too
        try:
            config["MAIL_DEFAULT_SENDER"] = setting_kinds.mailbox(
                formataddr((config["BRAND_NAME"], config["BRAND_CONTACT_EMAIL"])))
        except setting_kinds.Invalid as error:
            problems.append(f"MAIL_DEFAULT_SENDER (af BRAND_NAME og BRAND_CONTACT_EMAIL) {error}.")
    return problems
