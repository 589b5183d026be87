"""The staff group pages, used as staff would (GET the page, post the rendered form back):
the four groups, members, "Kræv godkendelse", approve and decline (with the reason's Danish
error), ending a membership (confirm first, the waiting list moves up), adding a member by
hand, the roster page and its workbook (opened with openpyxl: values and types)."""

from __future__ import annotations

import io
import re
from datetime import datetime

import openpyxl
import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.signups.models import Booking, BookingStatus, Signup
from tests.staff.conftest import post_confirmed, post_form
from tests.support.htmlform import RenderedForm
from tests.support.signups import (
    GROUP,
    NOW,
    field_errors,
    group_form,
    mails_to,
    seats,
    sign_up,
    statuses,
    text_of,
    text_part,
)

SLUG, BUCKET = "samarbejdsgruppe", "option:erhvervsliv"
PAGE = "/staff/grupper/erhvervsliv/"


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def booking_id(app, reference: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Booking.id).join(Signup)
                                 .where(Signup.reference == reference))


def status_of(app, reference: str) -> BookingStatus:
    with app.app_context():
        return db.session.scalar(sa.select(Booking.status).join(Signup)
                                 .where(Signup.reference == reference))


def form_in(html: str, action: str) -> RenderedForm:
    for index in range(html.count("<form")):
        form = RenderedForm(html, form_index=index)
        if form.action == action:
            return form
    raise AssertionError(f"no form posting to {action}")


def require_approval(staff_client) -> None:
    response = post_form(staff_client, PAGE, "/staff/grupper/erhvervsliv/godkendelse",
                         is_required="y")
    assert response.status_code == 303


def test_the_section_lists_the_four_groups(app, client, staff_client):
    sign_up(client, GROUP, group_form(client, 1))
    html = staff_client.get("/staff/").get_data(as_text=True)
    assert 'href="/staff/grupper/"' in html and "Samarbejdsgrupper" in html
    page = text_of(staff_client.get("/staff/grupper/"))
    for label in ("Det gode arbejdsliv", "Det gode erhvervsliv", "Det bæredygtige",
                  "De gode rammer"):
        assert label in page
    assert "1/12" in page and "0/12" in page
    assert staff_client.get("/staff/grupper/ukendt/").status_code == 404


def test_members_and_ending_a_membership(app, client, staff_client, smtp_server, deliver):
    seats(app, SLUG, BUCKET, 1)
    first = sign_up(client, GROUP, group_form(client, 1, navn="Anna Holm"))
    second = sign_up(client, GROUP, group_form(client, 2))
    page = text_of(staff_client.get(PAGE))
    assert "Anna Holm" in page and "Firma 1 ApS" in page and "Erhverv" in page
    assert "Byggeri" in page and "1 på venteliste" in page
    action = f"/staff/grupper/erhvervsliv/afslut/{booking_id(app, first)}"
    preview = post_form(staff_client, PAGE, action)
    assert preview.status_code == 200 and "Anna Holm" in text_of(preview)
    assert status_of(app, first) == BookingStatus.CONFIRMED  # nothing happened yet
    done = post_confirmed(staff_client, PAGE, action)
    assert done.status_code == 303
    assert status_of(app, first) == BookingStatus.CANCELLED
    assert status_of(app, second) == BookingStatus.CONFIRMED  # moved up
    deliver()
    mail = mails_to(smtp_server, "person1@firma1.dk")[-1]
    assert "har afmeldt din tilmelding" in text_part(mail)
    assert "Du har fået en plads" in mails_to(smtp_server, "person2@firma2.dk")[-1]["Subject"]
    log = text_of(staff_client.get("/staff/log/"))
    assert "Afsluttede medlemskab" in log


def test_approve_and_decline_from_the_group_page(app, client, staff_client, smtp_server,
                                                 deliver):
    require_approval(staff_client)
    assert "Nye tilmeldinger skal nu godkendes" in text_of(staff_client.get(PAGE))
    first = sign_up(client, GROUP, group_form(client, 1, sektor="kommune", cvr="",
                                              rolle="erhvervsliv-vaekst-klima"))
    second = sign_up(client, GROUP, group_form(client, 2))
    assert statuses(app, SLUG, BUCKET)["pending"] == 2
    page = staff_client.get(PAGE).get_data(as_text=True)
    pending = page[page.index('id="godkendelse"'):]
    assert "Person 1" in pending and "Kommune" in pending and "Erhverv" in pending
    detail = staff_client.get(f"/staff/t/{first}").get_data(as_text=True)
    assert "Afventer godkendelse" in detail
    assert 'href="/staff/grupper/erhvervsliv/#godkendelse"' in detail

    approve = f"/staff/grupper/erhvervsliv/godkend/{booking_id(app, first)}"
    assert post_form(staff_client, PAGE, approve).status_code == 303
    assert status_of(app, first) == BookingStatus.CONFIRMED

    decline = f"/staff/grupper/erhvervsliv/afvis/{booking_id(app, second)}"
    refused = post_form(staff_client, PAGE, decline)
    assert refused.status_code == 400
    prefix = f"decline-{booking_id(app, second)}-reason"
    assert field_errors(refused)[prefix] == (
        "Skriv en begrundelse. Den står i mailen til personen.")
    assert 'id="error-summary"' in refused.get_data(as_text=True)
    assert status_of(app, second) == BookingStatus.PENDING
    form = form_in(refused.get_data(as_text=True), decline)
    form.set(prefix, "Gruppen har nok fra Erhverv i år.")
    assert staff_client.post(decline, data=form.data()).status_code == 303
    assert status_of(app, second) == BookingStatus.CANCELLED

    deliver()
    assert mails_to(smtp_server, "person1@firma1.dk")[-1]["Subject"].startswith(
        "Tilmelding godkendt")
    declined = mails_to(smtp_server, "person2@firma2.dk")[-1]
    assert "Gruppen har nok fra Erhverv i år." in text_part(declined)
    log = text_of(staff_client.get("/staff/log/"))
    assert "Godkendte tilmelding" in log and "Afviste tilmelding" in log
    assert "Slog godkendelse af nye tilmeldinger til" in log


def test_a_member_added_by_hand_takes_a_seat(app, staff_client):
    require_approval(staff_client)
    url = f"/staff/f/{SLUG}/ny"
    form = form_in(staff_client.get(url).get_data(as_text=True), url)
    for name, value in {"gruppe": "erhvervsliv", "sektor": "andre", "rolle": "andet",
                        "rolle_andet": "Formand", "navn": "Bo By", "stilling": "Formand",
                        "organisation": "Erhvervsforeningen", "email": "bo@by.dk",
                        "telefon": "20304050", "motivation": "Ringede ind."}.items():
        form.set(name, value)
    assert staff_client.post(url, data=form.data()).status_code == 303
    page = text_of(staff_client.get(PAGE))
    assert "Bo By" in page and "Formand" in page and "Andre aktører" in page
    assert statuses(app, SLUG, BUCKET)["confirmed"] == 1


def test_roster_page_and_workbook(app, client, staff_client):
    from tests.meetings.conftest import invite, make_meeting

    sign_up(client, GROUP, group_form(client, 1, navn="Bent Ager", telefon="20 30 40 50"))
    sign_up(client, GROUP, group_form(client, 2, navn="Anne Ø", sektor="andre",
                                      rolle="andet", rolle_andet="Rådgiver"))
    meeting = make_meeting(app)
    assert invite(app, lambda at: None, meeting) == 2
    with app.app_context():
        from intake.meetings import service
        from intake.meetings.models import Meeting

        found = db.session.get(Meeting, meeting)
        ids = {i.id for i in found.invitations if i.email == "person1@firma1.dk"}
        service.set_attendance(found, ids)
        db.session.commit()

    page = text_of(staff_client.get("/staff/grupper/erhvervsliv/deltagerliste"))
    assert re.search(r"Anne Ø.*Bent Ager", page)
    assert "Rådgiver" in page and "20. nov. 2026" in page

    response = staff_client.get("/staff/grupper/erhvervsliv/deltagerliste.xlsx")
    assert response.status_code == 200
    assert "deltagerliste-erhvervsliv.xlsx" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Navn", "Organisation", "Sektor", "Rolle", "E-mail", "Telefon",
                       "Medlem siden", "Møder deltaget")
    assert rows[1][:6] == ("Anne Ø", "Firma 2 ApS", "Andre aktører", "Rådgiver",
                           "person2@firma2.dk", "+4520304050")
    assert rows[2][:4] == ("Bent Ager", "Firma 1 ApS", "Erhverv", "Byggeri")
    assert rows[1][6] == datetime(2026, 11, 20) and isinstance(rows[1][6], datetime)
    assert sheet.cell(row=2, column=7).is_date
    assert (rows[1][7], rows[2][7]) == (0, 1) and isinstance(rows[2][7], int)


def test_the_seat_map_counts_pending_members_by_sector(app, client, staff_client):
    sign_up(client, GROUP, group_form(client, 1))
    require_approval(staff_client)
    sign_up(client, GROUP, group_form(client, 2, sektor="kommune", cvr="",
                                      rolle="erhvervsliv-vaekst-klima"))
    sign_up(client, GROUP, group_form(client, 3))
    html = staff_client.get(f"/staff/f/{SLUG}/grupper").get_data(as_text=True)
    section = html[html.index(">Det gode erhvervsliv</h2>"):]
    section = text_of_html(section[:section.index("</section>")])
    assert "1 af 12 pladser optaget. 2 afventer godkendelse." in section
    assert "Afventer godkendelse: Kommune 1, Erhverv 1, Andre aktører 0." in section
    overview = text_of(staff_client.get(f"/staff/f/{SLUG}/"))
    assert re.search(r"<strong>2</strong>\s*afventer godkendelse", overview)
    listed = text_of(staff_client.get(f"/staff/f/{SLUG}/tilmeldinger?status=pending"))
    assert "2 tilmeldinger" in listed and "Person 2" in listed and "Person 1" not in listed


def text_of_html(html: str) -> str:
    import html as entities

    return entities.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).replace(
        " .", ".").replace(" ,", ",")


def test_the_form_workbook_says_awaiting_approval(app, client, staff_client):
    require_approval(staff_client)
    reference = sign_up(client, GROUP, group_form(client, 1))
    response = staff_client.get(f"/staff/f/{SLUG}/eksport.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data))["Tilmeldinger"]
    assert (sheet["A2"].value, sheet["C2"].value) == (reference, "Afventer godkendelse")
