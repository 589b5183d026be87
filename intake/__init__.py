"""intake: the sign-up and follow-up service of Hedensted Erhverv.

`create_app` is the only place that builds a Flask app; everything else
(CLI, wsgi, tests, benchmarks) goes through it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    from intake import settings

    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_relative_config=True,
    )
    from intake.uploads.request import UploadRequest

    # Every typed value arrives in NFC (intake.matching); file parts are bounded (the module).
    app.request_class = UploadRequest
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    settings.load(app, config)
    register_extensions(app)
    register_forms(app)
    register_blueprints(app)
    register_commands(app)
    register_errorhandlers(app)
    register_request_hooks(app)
    register_transactions(app)  # last: its after_request hook must run first (see the module)
    return app


def register_extensions(app: Flask) -> None:
    import intake.consents.models  # noqa: F401  (consents given on forms, issue 14)
    import intake.files.models  # noqa: F401  (files attached to answers)
    import intake.formdefs.store_models  # noqa: F401  (form definitions and their versions)
    import intake.gdpr.models  # noqa: F401
    import intake.goals.models  # noqa: F401
    import intake.inspiration.models  # noqa: F401  (inspiration sheets, issue 14)
    import intake.invitations.models  # noqa: F401  (the one invitation engine)
    import intake.jobs.models  # noqa: F401  (queued look-ups: lost link, resend)
    import intake.mails.calendar_events  # noqa: F401  (the calendar_events table)
    import intake.meetings.models  # noqa: F401  (meetings and their RSVPs, issue 13)
    import intake.outbox.models  # noqa: F401  (models must be known to Alembic)
    import intake.publishing.models  # noqa: F401  (published rounds, issue 14)
    import intake.rounds.models  # noqa: F401  (follow-up rounds)
    import intake.signups.models  # noqa: F401
    import intake.signups.version_models  # noqa: F401  (earlier answers, issue 13)
    import intake.staff.models  # noqa: F401
    from intake import database, i18n
    from intake.extensions import babel, csrf, db, limiter, mail, migrate
    from intake.staff import auth as staff_auth

    db.init_app(app)
    database.configure_engines(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    mail.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    limiter.init_app(app)
    i18n.register_template_helpers(app)
    staff_auth.init_app(app)


def register_forms(app: Flask) -> None:
    """Load every form definition once, at start-up, so a bad file stops the app here."""
    from intake.formdefs.registry import FormRegistry
    from intake.formdefs.types import templates as field_templates

    app.extensions["intake.forms"] = FormRegistry.load(app.config["FORMS_DIR"])
    field_templates.install(app)  # each field type's macro, as fieldtypes/<type>.html


def register_blueprints(app: Flask) -> None:
    from intake import invitations, rounds
    from intake.followup import bp as followup_bp
    from intake.public import bp as public_bp
    from intake.staff import bp as staff_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(followup_bp)
    invitations.init_app(app)  # the engine's worker task (reminders, link scrub) and GDPR
    from intake import meetings

    meetings.init_app(app)  # the meeting reminder policy and GDPR provider
    rounds.init_app(app)  # after the blueprints: its GDPR section and worker task come last


def register_commands(app: Flask) -> None:
    from intake.backup import backup_command
    from intake.cli import serve_command
    from intake.files.commands import files_cli
    from intake.formdefs.commands import forms_cli
    from intake.gdpr.commands import gdpr_cli
    from intake.outbox.commands import mail_cli
    from intake.staff.commands import staff_cli

    app.cli.add_command(forms_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(serve_command)
    app.cli.add_command(staff_cli)
    app.cli.add_command(gdpr_cli)
    app.cli.add_command(files_cli)
    app.cli.add_command(backup_command)


def register_errorhandlers(app: Flask) -> None:
    from intake import errors

    errors.register(app)


def register_request_hooks(app: Flask) -> None:
    from intake import branding, proxy, security

    security.register(app)
    proxy.configure(app)
    branding.register(app)


def register_transactions(app: Flask) -> None:
    """One commit per request, and the mail worker woken after it (intake/transactions.py)."""
    from intake import transactions

    transactions.register(app)
