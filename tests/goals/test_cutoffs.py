"""Staff cut-offs keep what was typed (issue 9 §3) and error pages fit who sees them (§6):
an idle staff session, an expired page (CSRF), and an upload over the size limit."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from intake.extensions import db
from intake.rounds.models import Round
from tests.staff.conftest import STAFF_EMAIL, STAFF_PASSWORD
from tests.support.goals import STAFF_NOW as NOW
from tests.support.goals import find_form, page_form

NEW_ROUND = "/staff/maal/perioder/2027/runder/ny"
TITLE = "Forårsrunden – skrevet i lang tid"


def _round_form(staff):
    form = page_form(staff, NEW_ROUND, field="title")
    return form.fill(title=TITLE, deadline_date="01-10-2027", deadline_time="12:00")


def _rounds(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Round.title)))


def test_an_idle_staff_post_is_sent_on_after_logging_in_again(app, staff, seeded, frozen_clock):
    form = _round_form(staff)
    frozen_clock(NOW + timedelta(minutes=31))  # STAFF_IDLE_TIMEOUT is 30 minutes
    response = staff.post(NEW_ROUND, data=form.data())
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Du blev logget ud, fordi du ikke havde brugt backoffice" in html
    assert _rounds(app) == []

    login = find_form(html, field="password")
    login.fill(email=STAFF_EMAIL, password=STAFF_PASSWORD)
    after = staff.post(login.action, data=login.data())
    page = after.get_data(as_text=True)
    assert after.status_code == 200
    assert "Du er logget ind igen" in page and TITLE in page

    resend = find_form(page, action=NEW_ROUND)
    created = staff.post(resend.action, data=resend.data())
    assert created.status_code == 303
    assert _rounds(app) == [TITLE]


def test_a_wrong_password_on_the_way_back_keeps_what_was_carried(app, staff, seeded, frozen_clock):
    form = _round_form(staff)
    frozen_clock(NOW + timedelta(minutes=31))
    login = find_form(
        staff.post(NEW_ROUND, data=form.data()).get_data(as_text=True), field="password"
    )
    login.fill(email=STAFF_EMAIL, password="forkert-kode")
    again = staff.post(login.action, data=login.data())
    assert "E-mail eller adgangskode er forkert." in again.get_data(as_text=True)
    login = find_form(again.get_data(as_text=True), field="password")
    login.fill(email=STAFF_EMAIL, password=STAFF_PASSWORD)
    page = staff.post(login.action, data=login.data()).get_data(as_text=True)
    resend = find_form(page, action=NEW_ROUND)
    assert staff.post(resend.action, data=resend.data()).status_code == 303
    assert _rounds(app) == [TITLE]


def _expired_token(app, client) -> str:
    """A real CSRF token of this browser's session, signed two days ago (expired after 8 h)."""
    with client.session_transaction() as session:
        raw = session["csrf_token"]

    class TwoDaysAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return super().get_timestamp() - 2 * 24 * 3600

    return URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token",
                                  signer=TwoDaysAgo).dumps(raw)


def test_an_expired_staff_page_gives_back_what_was_typed_and_sends_it_again(app, staff, seeded):
    form = _round_form(staff)
    form.values["csrf_token"] = [_expired_token(app, staff)]
    response = staff.post(NEW_ROUND, data=form.data())
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Siden var udløbet" in html and TITLE in html
    resend = find_form(html, action=NEW_ROUND)
    assert staff.post(resend.action, data=resend.data()).status_code == 303
    assert _rounds(app) == [TITLE]


def test_a_token_from_elsewhere_shows_what_was_sent_but_offers_no_resend(app, staff, seeded):
    form = _round_form(staff)
    form.values["csrf_token"] = ["forfalsket"]
    html = staff.post(NEW_ROUND, data=form.data()).get_data(as_text=True)
    assert TITLE in html and "Send igen" not in html
    assert _rounds(app) == []


@pytest.mark.parametrize("url", ["/staff/maal/perioder/2027/import", "/staff/skemaer/regneark"])
def test_a_staff_workbook_over_its_limit_is_refused_next_to_the_field(app, staff, seeded, url):
    """A workbook page takes a body up to UPLOAD_REQUEST_CEILING_MB (allow_upload), so a
    file over the 2 MB a workbook may be is refused by the reader, not by the 413 page."""
    form = page_form(staff, url, field="file")
    payload = form.data().to_dict()
    payload["file"] = (io.BytesIO(b"PK" + b"x" * (3 * 1024 * 1024)), "maal.xlsx")
    response = staff.post(url, data=payload, content_type="multipart/form-data")
    assert response.status_code in (200, 400)
    assert "Filen er for stor (højst 2 MB)." in response.get_data(as_text=True)


def test_a_staff_post_over_the_limit_gets_a_staff_message(app, staff, seeded):
    form = page_form(staff, "/staff/maal/perioder/2027/import", field="file")
    payload = form.data().to_dict()
    payload["note"] = "x" * (1024 * 1024 + 10)  # not multipart: MAX_CONTENT_LENGTH applies
    response = staff.post("/staff/maal/perioder/2027/import", data=payload)
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Filen eller formularen er for stor" in html and "1 MB" in html
    assert "svar" not in html.split("<main", 1)[1]  # not the public page's "shorten your answers"
    assert "/staff/" in html.split("<main", 1)[1]  # the way back is the back office


def test_an_owner_over_the_limit_is_told_about_answers(client):
    response = client.post("/opfoelgning/svar", data={"g1-gjort": "x" * (1024 * 1024 + 10)})
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Dine svar fylder for meget" in html
    assert "/opfoelgning/mistet-link" in html.split("<main", 1)[1]
