"""Cancel one Friday of several and keep the others, from the mail's link and on the staff
page; the cancel page and the receipt in the person's language (issue 8, sections 4 and 7).
Every page is read and its rendered form posted back."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.formdefs.registry import current_registry
from intake.signups import changes
from intake.signups.models import Signup
from tests.mails.calendar_support import calendar_events, day
from tests.support.htmlform import RenderedForm
from tests.support.signups import (
    FRIDAY,
    NOW,
    cancel_link,
    field_errors,
    friday_form,
    mails_to,
    outbox,
    post,
    seats,
    sign_up,
    signups,
    statuses,
    text_of,
    text_part,
)

DATES = ["2026-12-04", "2027-02-05", "2027-03-05"]  # 1 January is a holiday: not offered


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def _link_path(smtp_server, address: str) -> str:
    return cancel_link(mails_to(smtp_server, address)[0]).removeprefix("https://intake.example.dk")


def _standing(app) -> list[str]:
    [signup] = [s for s in signups(app) if s.email == "ivaerk1@start1.dk"]
    return sorted(b.occasion_key for b in signup.bookings if b.status.value != "cancelled")


def test_one_date_from_the_mail_link_keeps_the_others(client, app, smtp_server, deliver):
    seats(app, "ivaerksaetterfredag", "occasion:2027-02-05", 1)
    sign_up(client, FRIDAY, friday_form(client, dates=DATES))
    waiting = app.test_client()
    sign_up(waiting, FRIDAY, friday_form(waiting, 2, dates=["2027-02-05"]))
    deliver()
    confirmation = mails_to(smtp_server, "ivaerk1@start1.dk")[0]
    sent = {day(e): e for e in calendar_events(confirmation)}
    path = _link_path(smtp_server, "ivaerk1@start1.dk")

    stranger = app.test_client()  # the link opened in another browser: no session, no cookie
    page = stranger.get(path)
    assert page.status_code == 200
    for text in ("fredag 4. december 2026", "fredag 5. februar 2027", "fredag 5. marts 2027"):
        assert text in text_of(page)
    form = RenderedForm(page.get_data(as_text=True))
    assert form.options("hvad") == [*DATES, "alle"] and "hvad" not in form.values  # nothing chosen
    assert _standing(app) == DATES  # a GET changes nothing

    refused = stranger.post(path, data=form.data())  # no choice: a Danish message at the field
    assert refused.status_code == 400
    assert "Vælg den dato, du vil afmelde" in field_errors(refused)["hvad"]
    assert _standing(app) == DATES

    response = stranger.post(
        path, data=form.set("hvad", "2027-02-05").data(), follow_redirects=True
    )
    assert "Du er afmeldt fredag 5. februar 2027" in text_of(response)
    assert _standing(app) == ["2026-12-04", "2027-03-05"]
    assert statuses(app, "ivaerksaetterfredag", "occasion:2027-02-05") == {
        "confirmed": 1,
        "waitlisted": 0,
        "cancelled": 1,
    }  # the waiting person moved up
    left = RenderedForm(response.get_data(as_text=True))
    assert left.options("hvad") == ["2026-12-04", "2027-03-05", "alle"]

    deliver()
    mail = mails_to(smtp_server, "ivaerk1@start1.dk")[-1]
    assert (
        outbox(app)[-2].kind == "signup_dates_cancelled"
        or outbox(app)[-1].kind == "signup_dates_cancelled"
    )
    assert "afmeldt dig denne dato" in text_part(mail) and "5. februar 2027" in text_part(mail)
    [cancel] = calendar_events(mail)
    assert (cancel.method, cancel.uid, cancel.sequence, day(cancel)) == (
        "CANCEL",
        sent["2027-02-05"].uid,
        1,
        "2027-02-05",
    )
    [promoted] = calendar_events(mails_to(smtp_server, "ivaerk2@start2.dk")[-1])
    assert (promoted.method, day(promoted)) == ("REQUEST", "2027-02-05")


def test_a_choice_not_offered_changes_nothing(client, app, smtp_server, deliver):
    sign_up(client, FRIDAY, friday_form(client, dates=DATES[:2]))
    deliver()
    path = _link_path(smtp_server, "ivaerk1@start1.dk")
    form = RenderedForm(client.get(path).get_data(as_text=True))
    form.values["hvad"] = ["2027-03-05"]  # a date the sign-up does not hold
    assert client.post(path, data=form.data()).status_code == 400
    assert _standing(app) == DATES[:2]


def test_the_last_date_left_cancels_the_whole_sign_up(client, app, smtp_server, deliver):
    sign_up(client, FRIDAY, friday_form(client, dates=DATES[:2]))
    deliver()
    path = _link_path(smtp_server, "ivaerk1@start1.dk")
    client.post(
        path,
        data=RenderedForm(client.get(path).get_data(as_text=True)).set("hvad", DATES[0]).data(),
    )
    page = client.get(path)
    form = RenderedForm(page.get_data(as_text=True))
    assert "hvad" not in form.names and "Ja, afmeld mig" in text_of(
        page
    )  # one date left: one button
    client.post(path, data=form.data())
    assert signups(app)[0].is_cancelled


def test_the_cancel_page_speaks_the_sign_ups_language(client, app, smtp_server, deliver):
    client.get("/sprog/en")
    response = post(client, FRIDAY, friday_form(client, dates=DATES[:2]), follow=True)
    assert "Dates" in text_of(response) and "Datoer" not in text_of(response)  # the receipt's label
    deliver()
    path = _link_path(smtp_server, "ivaerk1@start1.dk")
    stranger = app.test_client()
    page = text_of(stranger.get(path))
    assert "You are registered for these dates" in page and "Friday 4 December 2026" in page
    assert "Afmeld" not in page and "Tilmelding" not in page
    form = RenderedForm(stranger.get(path).get_data(as_text=True))
    refused = stranger.post(path, data=form.data())
    assert "Choose the date you want to cancel" in field_errors(refused)["hvad"]
    done = stranger.post(path, data=form.set("hvad", DATES[0]).data(), follow_redirects=True)
    assert "You are no longer registered for Friday 4 December 2026" in text_of(done)
    deliver()
    mail = mails_to(smtp_server, "ivaerk1@start1.dk")[-1]
    assert mail["Subject"].startswith("Date cancelled: Network Friday")
    assert "We have registered that you cancelled this date" in text_part(mail)
    [cancel] = calendar_events(mail)
    assert cancel.summary == "Network Friday for entrepreneurs at Rugekassen"


def test_a_danish_visitor_who_picked_english_on_the_page_keeps_it(
    client, app, smtp_server, deliver
):
    sign_up(client, FRIDAY, friday_form(client))
    deliver()
    path = _link_path(smtp_server, "ivaerk1@start1.dk")
    other = app.test_client()
    assert "Ja, afmeld mig" in text_of(other.get(path))
    other.get("/sprog/en")
    assert "Yes, cancel" in text_of(other.get(path))


def test_receipt_label_is_singular_for_one_date(client, app):
    response = post(client, FRIDAY, friday_form(client), follow=True)
    assert "Dato" in text_of(response) and "Datoer" not in text_of(response)
    other = app.test_client()
    response = post(other, FRIDAY, friday_form(other, 2, dates=DATES[:2]), follow=True)
    assert "Datoer" in text_of(response)


def test_staff_cancel_one_date_after_confirming(app, staff_client, smtp_server, deliver):
    client = app.test_client()
    reference = sign_up(client, FRIDAY, friday_form(client, dates=DATES[:2]))
    deliver()
    sent = {day(e): e for e in calendar_events(mails_to(smtp_server, "ivaerk1@start1.dk")[0])}
    page = staff_client.get(f"/staff/t/{reference}").get_data(as_text=True)
    [booking_id] = [b.id for b in signups(app)[0].bookings if b.occasion_key == DATES[1]]
    action = f"/staff/t/{reference}/b/{booking_id}/afmeld"
    index = [i for i in range(page.count("<form")) if RenderedForm(page, i).action == action]
    assert index, "the sign-up page offers to cancel that date"
    confirm = staff_client.post(action, data=RenderedForm(page, index[0]).data())
    assert confirm.status_code == 200 and _standing(app) == DATES[:2]  # asks first
    assert "Besked om afmeldt dato" in text_of(confirm) and "ivaerk1@start1.dk" in text_of(confirm)
    confirm_form = RenderedForm(confirm.get_data(as_text=True), _confirm_index(confirm))
    done = staff_client.post(action, data=confirm_form.data())
    assert done.status_code == 303 and _standing(app) == DATES[:1]
    deliver()
    mail = mails_to(smtp_server, "ivaerk1@start1.dk")[-1]
    assert "Hedensted Erhverv har afmeldt dig denne dato" in text_part(mail)
    assert "erhverv@hedensted.dk" in text_part(mail)
    [cancel] = calendar_events(mail)
    assert (cancel.method, cancel.uid, cancel.sequence) == ("CANCEL", sent[DATES[1]].uid, 1)


def _confirm_index(response) -> int:
    html = response.get_data(as_text=True)
    return next(i for i in range(html.count("<form")) if "confirm" in RenderedForm(html, i).names)


@pytest.mark.parametrize("by_staff", [True, False])
def test_the_last_date_cancelled_says_who_cancelled(app, smtp_server, deliver, by_staff):
    """Cancelling every standing date is a whole cancellation (service.cancel); when staff
    did it, the mail says so, as the staff page's own cancel does."""

    client = app.test_client()
    sign_up(client, FRIDAY, friday_form(client, dates=DATES[:2]))
    deliver()
    with app.test_request_context():
        signup = db.session.scalar(sa.select(Signup))
        form = current_registry().get("ivaerksaetterfredag")
        assert changes.cancel_dates(form, signup, DATES[:2], by_staff=by_staff).ok
        db.session.commit()
    deliver()
    mail = mails_to(smtp_server, "ivaerk1@start1.dk")[-1]
    staff_made = "Hedensted Erhverv har afmeldt din tilmelding" in text_part(mail)
    assert staff_made is by_staff, (mail["Subject"], text_part(mail))
    assert mail["Subject"].startswith(
        "Din tilmelding er afmeldt" if by_staff else "Afmelding bekræftet"
    )
    assert signups(app)[0].is_cancelled
