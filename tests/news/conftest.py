"""Fixtures of the news tests: an app with the seed forms and a real SMTP server, consents
made directly (or through a real sign-up), and a staff member sending through the rendered
pages, confirming the preview as a person would."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from intake.consents.models import Consent, WithdrawnVia
from intake.extensions import db
from intake.news.models import NewsInvitation, NewsSending
from intake.outbox.models import OutboxMessage
from tests.staff.conftest import copy_seed_forms
from tests.support.confirm import confirmation_form
from tests.support.htmlform import RenderedForm
from tests.support.signups import NOW

NEW = "/staff/nyheder/ny"
UNSUBSCRIBE = re.compile(r"https://intake\.example\.dk(/nyheder/afmeld/[A-Za-z0-9_-]{43})")


@pytest.fixture
def app(make_app, tmp_path, smtp_server):
    return make_app(FORMS_DIR=str(copy_seed_forms(tmp_path)), STAFF_NOTIFY_ENABLED=False)


@pytest.fixture(autouse=True)
def now(frozen_clock):
    frozen_clock(NOW)
    return NOW


def add_consent(app, email: str, areas=(), trade: str = "Byggeri", name: str = "",
                lang: str = "da", withdrawn: bool = False, days_ago: int = 10,
                friday: bool = False) -> int:
    """A real sign-up on the fair (or the Friday form) with "Ja tak, send mig nyt" ticked, so
    H3's service records the consent; then what a form asking focus areas would have given
    (`areas`), and its time and language, set on the row. Returns the consent's id."""
    from intake.consents import service as consents
    from tests.support.signups import FAIR, FRIDAY, fair_form, friday_form, sign_up

    client = app.test_client()
    if friday:
        form = friday_form(client, email=email)
    else:
        form = fair_form(client, kontakt_email=email, branche=trade,
                         firmanavn=name or f"Firma {email}")
    form.set("nyheder", form.options("nyheder")[0])
    sign_up(client, FRIDAY if friday else FAIR, form)
    with app.app_context():
        row = db.session.scalars(sa.select(Consent).where(Consent.email == email)
                                 .order_by(Consent.id.desc())).first()
        assert row is not None and row.withdrawn_at is None
        row.focus_areas, row.lang = list(areas), lang
        row.given_at = NOW - timedelta(days=days_ago)
        if withdrawn:
            consents._withdraw(row, WithdrawnVia.ANSWER)
        db.session.commit()
        return row.id


def form_with(html: str, name: str) -> RenderedForm:
    """The page's form that has a field `name` (staff pages also carry a log-out form)."""
    for index in range(html.count("<form")):
        form = RenderedForm(html, form_index=index)
        if name in form.names:
            return form
    raise AssertionError(f"no form with {name!r} on the page")


def new_form(client) -> RenderedForm:
    response = client.get(NEW)
    assert response.status_code == 200, response.status_code
    return form_with(response.get_data(as_text=True), "subject")


def preview(client, subject="Nytårskur 2027", body="Kære alle\n\nVelkommen til Nytårskuren.",
            **values):
    """Fill the new-sending page and post it: the preview (or the form with its errors)."""
    form = new_form(client).fill(subject=subject, body=body, **values)
    return client.post(NEW, data=form.data())


def send(client, **values):
    """Preview, then press "Ja"; returns the confirmed POST's response."""
    shown = preview(client, **values)
    form = confirmation_form(shown)
    return client.post(form.action, data=form.data())


def sendings(app) -> list[NewsSending]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(NewsSending).order_by(NewsSending.id)))
        db.session.expunge_all()
        return rows


def invitations(app) -> list[NewsInvitation]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(NewsInvitation).order_by(NewsInvitation.id)))
        db.session.expunge_all()
        return rows


def news_mails(app) -> list[OutboxMessage]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(OutboxMessage).where(
            OutboxMessage.kind == "news_message").order_by(OutboxMessage.id)))
        db.session.expunge_all()
        return rows


def consent_row(app, consent_id: int) -> Consent:
    with app.app_context():
        row = db.session.get(Consent, consent_id)
        db.session.expunge(row)
        return row


def received(smtp_server) -> list:
    """The news mails the server got (the sign-ups' confirmations left out)."""
    return [m for m in smtp_server.messages if m["List-Unsubscribe"]]


def received_to(smtp_server, address: str) -> list:
    return [m for m in received(smtp_server) if address in m["X-Envelope-To"]]
