"""Sign-ups made through the real sign-up service, for the export and GDPR tests."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from intake import clock
from intake.extensions import db
from intake.formdefs.registry import current_registry
from intake.signups import service

FORMS = Path(__file__).resolve().parent / "forms"

FULL_ANSWERS = {
    "navn": "Søren Ærø",
    "noter": "Første linje\nanden linje",
    "email": "soeren@example.dk",
    "antal": 12,
    "startdato": "2024-02-29",
    "ja_nej": "ja",
    "sektor": "erhverv",
    "interesser": ["handel", "ost"],
    "telefon": "+4501234567",
    "cvr": "01234567",
    "postnummer": "0800",
    "deltagere": [
        {"navn": "Anna Ås", "email": "anna@example.dk", "foedt": "1990-01-02"},
        {"navn": "Bo Bæk", "email": None, "foedt": None},
    ],
}


def add_signup(
    app, slug: str, answers: dict, at: datetime | None = None, locale: str = "da"
) -> str:
    """Submit through intake.signups.service (seats, waiting list, outbox) and commit."""
    with app.test_request_context():
        form = current_registry().get(slug)
        if at is not None:
            with clock.frozen(at):
                outcome = service.submit(form, answers, uuid.uuid4().hex, locale=locale)
        else:
            outcome = service.submit(form, answers, uuid.uuid4().hex, locale=locale)
        assert outcome.status == "created", outcome.status
        reference = outcome.signup.reference
        db.session.commit()
        return reference
