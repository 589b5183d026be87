"""Helpers of the form-invitation tests (tests/invitations/test_form_*.py): an app with the
three seed sign-up forms, a staff member sending the Friday form through the real pages, and
the personal links read from the mails that went out."""

from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
import sqlalchemy as sa
import xlsxwriter

from intake.clock import LOCAL
from intake.extensions import db
from intake.invitations.form_models import FormInvitation, FormSending
from intake.outbox.models import OutboxMessage
from tests.staff.conftest import copy_seed_forms
from tests.support.confirm import confirm
from tests.support.htmlform import RenderedForm

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=LOCAL)  # inside every seed form's window
SLUG = "ivaerksaetterfredag"
NEW = f"/staff/f/{SLUG}/invitationer/ny"
LINK = re.compile(r"https://intake\.example\.dk/inviteret/([A-Za-z0-9_-]{43})")


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(FORMS_DIR=str(copy_seed_forms(tmp_path)))


@pytest.fixture
def now(frozen_clock):
    frozen_clock(NOW)
    return NOW


def form_with(html: str, name: str) -> RenderedForm:
    """The page's form that has a field `name` (staff pages also carry a log-out form)."""
    for index in range(html.count("<form")):
        form = RenderedForm(html, form_index=index)
        if name in form.names:
            return form
    raise AssertionError(f"no form with {name!r} on the page")


def send_page(client) -> RenderedForm:
    response = client.get(NEW)
    assert response.status_code == 200, response.status_code
    return form_with(response.get_data(as_text=True), "pasted")


def post_send(client, form: RenderedForm, upload: bytes | None = None, **values):
    for name, value in values.items():
        form.set(name, value)
    data = form.data()
    if upload is not None:
        data["file"] = (io.BytesIO(upload), "liste.xlsx")
    return client.post(NEW, data=data, content_type="multipart/form-data")


def send(client, pasted: str = "", upload: bytes | None = None, **values):
    """Fill the page (deadline 4 Dec 2026 12.00 unless given), see the preview, confirm;
    returns the response to the confirmation."""
    values = {"deadline_date": "2026-12-04", "deadline_time": "12:00", **values}
    preview = post_send(client, send_page(client), upload, pasted=pasted, **values)
    assert preview.status_code == 200, preview.get_data(as_text=True)[:2000]
    return confirm(client, preview)


def workbook(rows: list[list], header=("Navn", "E-mail")) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Liste")
    sheet.write_row(0, 0, list(header))
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, row)
    book.close()
    return buffer.getvalue()


def invitations(app) -> list[FormInvitation]:
    with app.app_context():
        rows = db.session.scalars(sa.select(FormInvitation).order_by(FormInvitation.id)).all()
        for row in rows:
            _ = row.person, row.sending, row.signup, row.tokens
        db.session.expunge_all()
        return rows


def sendings(app) -> list[FormSending]:
    with app.app_context():
        rows = db.session.scalars(sa.select(FormSending).order_by(FormSending.id)).all()
        db.session.expunge_all()
        return rows


def mails(app, kind: str) -> list[OutboxMessage]:
    with app.app_context():
        rows = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
        ).all()
        db.session.expunge_all()
        return rows


def links_by_address(app, kind: str = "form_invited") -> dict[str, str]:
    """Recipient → path of their personal link, from the queued mails (before scrubbing)."""
    found = {}
    for message in mails(app, kind):
        match = LINK.search(message.body_text)
        assert match, message.body_text
        found[message.recipients[0]] = f"/inviteret/{match.group(1)}"
    return found
