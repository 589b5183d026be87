"""Pages and mails say what people need (issue 8 §7): when and where the fair is, Friday
dates that skip public holidays, a way forward from "already signed up", mails that fit their
cause, and Danish messages for an empty date choice."""

from __future__ import annotations

from datetime import datetime

import pytest

from intake.clock import LOCAL
from intake.extensions import db
from intake.formdefs import occasions
from intake.formdefs.loader import load_file
from intake.jobs.models import Job
from tests.formdefs.test_loader import write
from tests.support.forms_on_page import form_posting_to
from tests.support.htmlform import RenderedForm
from tests.support.signups import (
    FAIR,
    FRIDAY,
    GROUP,
    NOW,
    field_errors,
    friday_form,
    group_form,
    mails_to,
    outbox,
    post,
    sign_up,
    text_of,
    text_part,
)
from tests.support.timing import same_time

RESEND = "/f/samarbejdsgruppe/send-bekraeftelse"


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


# -- the fair says when and where, on / and on its page --------------------------------------

def test_fair_card_and_page_say_date_time_and_place(client):
    for url in ("/", FAIR):
        page = text_of(client.get(url))
        assert "Tid og sted" in page
        assert "fredag 8. oktober 2027 kl. 09.00–15.00, Hedensted Centeret, Hedensted" in page, url


def test_fair_card_in_english(client):
    client.get("/sprog/en")
    page = text_of(client.get("/"))
    assert "Friday 8 October 2027" in page and "Hedensted Centeret" in page


def test_a_monthly_form_has_no_single_date_on_its_card(client):
    page = text_of(client.get(FRIDAY))
    assert "Tid og sted" not in page


# -- public holidays -------------------------------------------------------------------------

def test_friday_form_does_not_offer_new_years_day(client):
    page = client.get(FRIDAY).get_data(as_text=True)
    assert 'value="2027-01-01"' not in page
    assert 'value="2027-02-05"' in page


def test_a_form_may_keep_holidays(tmp_path):
    path = write(
        tmp_path,
        "slug: t1\ntitle: T\noccasions:\n  every_month: {weekday: fredag, nth: 1,"
        " start: '08:30', end: '10:00', count: 2, place: Her, skip_holidays: false}\n"
        "fields: [{key: dato, type: occasion, label: Dato}]\n",
    )
    form, problems = load_file(path)
    assert problems == []
    made = occasions.generate(form.occasion_rule, datetime(2026, 12, 5, tzinfo=LOCAL))
    assert [o.key for o in made] == ["2027-01-01", "2027-02-05"]


def test_skip_holidays_must_be_true_or_false(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(
        "slug: t1\ntitle: T\noccasions:\n  every_month: {weekday: fredag, nth: 1, start: '08:30',"
        " end: '10:00', count: 2, place: Her, skip_holidays: måske}\n"
        "fields: [{key: dato, type: occasion, label: Dato}]\n", encoding="utf-8")
    _form, problems = load_file(path)
    assert any("skip_holidays" in p and "true eller false" in p for p in problems), problems


def test_holidays_across_the_year_are_skipped():
    # Ascension Day 2027 is Thursday 6 May; Good Friday 26 March 2027.
    assert occasions.is_public_holiday(datetime(2027, 5, 6).date())
    assert occasions.is_public_holiday(datetime(2027, 3, 26).date())
    assert not occasions.is_public_holiday(datetime(2027, 3, 5).date())


# -- an empty date choice ----------------------------------------------------------------------

def test_empty_date_choice_says_what_to_do_in_danish(client, app):
    form = friday_form(client, dates=())
    response = post(client, FRIDAY, form)
    assert response.status_code == 200
    message = field_errors(response)["datoer"]
    assert "Vælg en dato" in message
    assert "This field is required" not in text_of(response)
    assert "Udfyld venligst" not in message


# -- already signed up: a way forward ------------------------------------------------------

def test_already_signed_up_offers_to_send_the_confirmation_again(client, app, smtp_server, deliver):
    reference = sign_up(client, GROUP, group_form(client, 1))
    deliver()
    other = app.test_client()
    response = post(other, GROUP, group_form(other, 2, email="person1@firma1.dk"))
    assert "knappen nederst på siden" in field_errors(response)["email"]
    html = response.get_data(as_text=True)
    assert "erhverv@hedensted.dk" in text_of(response)
    button = form_posting_to(html, RESEND)
    assert button.values["email"] == ["person1@firma1.dk"]
    before = len(mails_to(smtp_server, "person1@firma1.dk"))
    sent = other.post(RESEND, data=button.data())
    assert sent.status_code == 200
    deliver()
    again = mails_to(smtp_server, "person1@firma1.dk")[before:]
    assert len(again) == 1 and reference in text_part(again[0])


def _resend_page(client, email):
    form = form_posting_to(client.get(RESEND).get_data(as_text=True), RESEND)
    form.fill(email=email)
    return client.post(RESEND, data=form.data())


def test_resend_answers_the_same_for_known_and_unknown(client, app, smtp_server, deliver):
    sign_up(client, GROUP, group_form(client, 1))
    deliver()
    known = _resend_page(app.test_client(), "person1@firma1.dk")
    unknown = _resend_page(app.test_client(), "nobody@firma9.dk")
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    assert "erhverv@hedensted.dk" in text_of(known)
    before = len(smtp_server.messages)
    deliver()
    assert [m["To"] for m in smtp_server.messages[before:]] == ["person1@firma1.dk"]


def test_resend_refuses_a_bad_address_in_danish(client):
    response = _resend_page(client, "ikke en adresse")
    assert "Skriv en gyldig e-mailadresse" in text_of(response)


@pytest.fixture
def roomy_app(make_app):
    return make_app(
        SIGNUP_RESEND_RATE_LIMIT="10000 per hour", SIGNUP_RESEND_EMAIL_LIMIT="10000 per day"
    )


def test_resend_takes_the_same_time_for_known_and_unknown(roomy_app, deliver):
    app = roomy_app
    client = app.test_client()
    sign_up(client, GROUP, group_form(client, 1))
    form = form_posting_to(client.get(RESEND).get_data(as_text=True), RESEND)

    def ask(email: str):
        form.fill(email=email)
        assert client.post(RESEND, data=form.data()).status_code == 200

    timing = same_time(lambda: ask("person1@firma1.dk"), lambda: ask("nobody@firma9.dk"))
    assert timing.within, f"known/unknown: {timing}"
    with app.app_context():
        assert db.session.query(Job).count() == 2 * timing.calls_per_side  # same work queued


# -- mails that fit their cause -----------------------------------------------------------------

def test_staff_notification_links_to_the_sign_up_in_the_back_office(client, app):
    reference = sign_up(client, GROUP, group_form(client, 1))
    staff = [m for m in outbox(app) if m.kind == "staff_notified"]
    assert staff, "the seed form notifies staff"
    url = f"https://intake.example.dk/staff/t/{reference}"
    assert url in staff[0].body_text and url in staff[0].body_html
    # Each fact on its own line (an inline {% endif %} used to swallow the newline).
    assert "Status: bekræftet\nSe tilmeldingen i administrationen: " in staff[0].body_text


def test_reference_appears_once_in_the_confirmation_body(client, app):
    reference = sign_up(client, GROUP, group_form(client, 1))
    [mail] = [m for m in outbox(app) if m.kind == "signup_received"]
    assert mail.body_text.count(reference) == 1, mail.body_text
    assert mail.body_html.count(reference) == 1


def test_staff_cancellation_says_who_cancelled_and_whom_to_contact(client, app, staff_client):
    from tests.support.confirm import confirm

    reference = sign_up(client, GROUP, group_form(client, 1))
    url = f"/staff/t/{reference}/afmeld"
    page = staff_client.get(f"/staff/t/{reference}").get_data(as_text=True)
    response = staff_client.post(url, data=form_posting_to(page, url).data())
    if response.status_code == 200:  # a confirmation step first
        response = confirm(staff_client, response)
    [mail] = [m for m in outbox(app) if m.kind == "signup_cancelled"]
    assert "Vi har registreret din afmelding" not in mail.body_text
    assert "Hedensted Erhverv har afmeldt din tilmelding" in mail.body_text
    assert "erhverv@hedensted.dk" in mail.body_text


def test_own_cancellation_keeps_its_wording(client, app):
    sign_up(client, GROUP, group_form(client, 1))
    [received] = [m for m in outbox(app) if m.kind == "signup_received"]
    link = next(w for w in received.body_text.split() if "/min-tilmelding/" in w)
    path = link.split("intake.example.dk", 1)[1]
    form = RenderedForm(client.get(path).get_data(as_text=True))
    assert client.post(path, data=form.data()).status_code == 303
    [mail] = [m for m in outbox(app) if m.kind == "signup_cancelled"]
    assert "Vi har registreret din afmelding" in mail.body_text
