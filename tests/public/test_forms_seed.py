"""The three forms in forms/, signed up to end to end: page, post, receipt, mail, cancel.

Time is frozen inside every form's open window (tests/support/signups.py: NOW).
"""

from __future__ import annotations

import pytest

from tests.support.signups import (
    FAIR,
    FRIDAY,
    GROUP,
    NOW,
    fair_form,
    field_errors,
    friday_form,
    group_form,
    ics_events,
    mails_to,
    post,
    seats,
    sign_up,
    signups,
    statuses,
    text_of,
    text_part,
)


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


# --- samarbejdsgruppe -----------------------------------------------------------------------------

def test_group_full_flow(client, app, smtp_server, deliver):
    response = post(client, GROUP, group_form(client), follow=True)
    assert response.status_code == 200
    receipt = text_of(response)
    assert "Tak for din tilmelding" in receipt and "Din plads er bekræftet." in receipt
    [signup] = signups(app)
    assert signup.reference in receipt
    assert signup.answers["cvr"] == "13748136" and signup.answers["telefon"] == "+4520304050"
    assert statuses(app, "samarbejdsgruppe", "option:erhvervsliv")["confirmed"] == 1
    deliver()
    [mail] = mails_to(smtp_server, "person1@firma1.dk")
    assert "Tilmelding bekræftet" in mail["Subject"] and signup.reference in mail["Subject"]
    assert "Det gode erhvervsliv" in text_part(mail)
    staff = mails_to(smtp_server, "erhverv@hedensted.dk")
    assert len(staff) == 1 and signup.reference in text_part(staff[0])


def test_group_cvr_required_for_business(client, app):
    response = post(client, GROUP, group_form(client, cvr=""))
    assert response.status_code == 200
    assert "cvr" in field_errors(response)
    assert signups(app) == []


def test_group_cvr_must_be_valid(client, app):
    response = post(client, GROUP, group_form(client, cvr="24256791"))
    assert "CVR-nummeret er ikke gyldigt" in field_errors(response)["cvr"]


def test_group_cvr_not_asked_for_the_municipality(client, app):
    form = group_form(client, sektor="kommune", rolle="erhvervsliv-vaekst-klima", cvr="24256791")
    sign_up(client, GROUP, form)  # the hidden CVR field is ignored, even when invalid
    [signup] = signups(app)
    assert "cvr" not in signup.answers


def test_group_cvr_optional_for_other_actors(client, app):
    sign_up(
        client,
        GROUP,
        group_form(client, sektor="andre", rolle="andet", rolle_andet="Forening", cvr=""),
    )
    assert signups(app)[0].answers["rolle_andet"] == "Forening"


def test_group_role_must_match_group_and_sector(client, app):
    response = post(
        client, GROUP, group_form(client, sektor="kommune", rolle="erhvervsliv-byggeri")
    )
    assert "passer ikke til dine andre svar" in field_errors(response)["rolle"]
    response = post(client, GROUP, group_form(client, gruppe="rammer"))
    assert "rolle" in field_errors(response)


def test_group_other_role_must_be_described(client, app):
    response = post(client, GROUP, group_form(client, rolle="andet"))
    assert "rolle_andet" in field_errors(response)


def test_cancel_link_with_a_forged_token(client, app):
    response = client.get("/afmeld/not-a-token")
    assert response.status_code == 404
    assert "ikke gyldigt" in text_of(response) or "findes ikke" in text_of(response).lower()


# --- netvaerksmesse -------------------------------------------------------------------------------

def test_fair_full_flow_with_participants(client, app, smtp_server, deliver):
    response = post(client, FAIR, fair_form(client, people=3), follow=True)
    assert "Din plads er bekræftet." in text_of(response)
    [signup] = signups(app)
    assert [p["navn"] for p in signup.answers["deltagere"]] == [
        "Deltager 1.1",
        "Deltager 1.2",
        "Deltager 1.3",
    ]
    assert signup.answers["postnummer"] == "8722" and signup.answers["cvr"] == "13748136"
    assert signup.bookings[0].seats == 3
    deliver()
    [mail] = mails_to(smtp_server, "kontakt1@firma1.dk")
    [event] = ics_events(mail)
    assert event.decoded("dtstart").isoformat() == "2027-10-08T09:00:00+02:00"
    assert "Hedensted Centeret" in str(event["location"])


@pytest.mark.parametrize("postcode", ["8000", "7100", "8700"])
def test_fair_refuses_companies_outside_the_kommune(client, app, postcode):
    response = post(client, FAIR, fair_form(client, postnummer=postcode))
    message = field_errors(response)["postnummer"]
    assert "Netværksmessen er for virksomheder i Hedensted Kommune" in message
    assert signups(app) == []


@pytest.mark.parametrize(
    "postcode",
    ["7130", "7140", "7150", "7160", "7171", "8721", "8722", "8723", "8763", "8781", "8783"],
)
def test_fair_accepts_every_kommune_postcode(client, app, postcode):
    sign_up(client, FAIR, fair_form(client, postnummer=postcode))


def test_fair_cvr_required_and_valid(client, app):
    assert "cvr" in field_errors(post(client, FAIR, fair_form(client, cvr="")))
    assert (
        "CVR-nummeret er ikke gyldigt"
        in field_errors(post(client, FAIR, fair_form(client, cvr="24256791")))["cvr"]
    )


def test_fair_needs_a_participant(client, app):
    response = post(client, FAIR, fair_form(client, people=0))
    assert "Udfyld mindst 1." in field_errors(response)["deltagere"]


def test_fair_capacity_is_counted_in_participants(app, smtp_server, deliver):
    seats(app, "netvaerksmesse", "form", 4)
    a, b, c = (app.test_client() for _ in range(3))
    sign_up(a, FAIR, fair_form(a, 1, people=3))
    response = post(b, FAIR, fair_form(b, 2, people=2), follow=True)  # 3 + 2 > 4
    assert "Du er på ventelisten." in text_of(response)
    # The third company has one person and one seat is free, but it may not jump the queue.
    response = post(c, FAIR, fair_form(c, 3, people=1), follow=True)
    assert "Du er på ventelisten." in text_of(response), text_of(response)
    with app.app_context():
        assert statuses(app, "netvaerksmesse") == {"confirmed": 1, "waitlisted": 2, "cancelled": 0}
    deliver()
    [mail_b] = mails_to(smtp_server, "kontakt2@firma2.dk")
    assert mail_b["Subject"].startswith("Venteliste")
    assert not [p for p in mail_b.iter_attachments() if p.get_content_type() == "text/calendar"]


# --- ivaerksaetterfredag --------------------------------------------------------------------------

def test_friday_two_dates_give_two_events(client, app, smtp_server, deliver):
    response = post(
        client, FRIDAY, friday_form(client, dates=["2026-12-04", "2027-02-05"]), follow=True
    )
    receipt = text_of(response)
    assert "Din plads er bekræftet." in receipt
    assert "4. december 2026" in receipt and "5. februar 2027" in receipt
    [signup] = signups(app)
    assert sorted(b.bucket for b in signup.bookings) == [
        "occasion:2026-12-04",
        "occasion:2027-02-05",
    ]
    deliver()
    [mail] = mails_to(smtp_server, "ivaerk1@start1.dk")
    events = ics_events(mail)
    assert [e.decoded("dtstart").isoformat() for e in events] == [
        "2026-12-04T08:30:00+01:00", "2027-02-05T08:30:00+01:00"]
    assert all(e.decoded("dtend").hour == 10 for e in events)
    assert all("Rugekassen" in str(e["location"]) for e in events)
    assert len({str(e["uid"]) for e in events}) == 2


def test_friday_company_five_years_or_older_is_refused(client, app):
    # On 4 Dec 2026 a company started 4 Dec 2021 is exactly five years old.
    response = post(client, FRIDAY, friday_form(client, startdato="04-12-2021"))
    assert "under 5 år" in field_errors(response)["startdato"]
    assert signups(app) == []


def test_friday_age_is_checked_against_each_chosen_date(client, app):
    form = friday_form(client, startdato="2021-12-05", dates=["2026-12-04", "2027-03-05"])
    assert "startdato" in field_errors(post(client, FRIDAY, form))  # too old by 1 Jan 2027
    sign_up(client, FRIDAY, friday_form(client, startdato="2021-12-05", dates=["2026-12-04"]))


def test_friday_without_cvr_yet(client, app):
    sign_up(client, FRIDAY, friday_form(client, har_cvr="nej", cvr="", startdato=""))
    answers = signups(app)[0].answers
    assert answers["har_cvr"] == "nej" and "cvr" not in answers and "startdato" not in answers


def test_friday_cvr_and_start_date_needed_when_the_company_has_one(client, app):
    errors = field_errors(post(client, FRIDAY, friday_form(client, cvr="", startdato="")))
    assert {"cvr", "startdato"} <= errors.keys()


def test_friday_needs_a_date(client, app):
    assert "datoer" in field_errors(post(client, FRIDAY, friday_form(client, dates=[])))


def test_friday_past_or_unoffered_date_is_refused(client, app):
    form = friday_form(client)
    form.values["datoer"] = ["2026-11-06"]  # a first Friday, but already past
    assert "datoer" in field_errors(post(client, FRIDAY, form))
    assert signups(app) == []


def test_friday_each_date_has_its_own_capacity(app, smtp_server, deliver):
    seats(app, "ivaerksaetterfredag", "occasion:2026-12-04", 1)
    first, second = app.test_client(), app.test_client()
    sign_up(first, FRIDAY, friday_form(first, 1, dates=["2026-12-04"]))
    response = post(
        second, FRIDAY, friday_form(second, 2, dates=["2026-12-04", "2027-03-05"]), follow=True
    )
    assert "Du er på ventelisten." in text_of(response)
    assert statuses(app, "ivaerksaetterfredag", "occasion:2026-12-04") == {
        "confirmed": 1, "waitlisted": 1, "cancelled": 0}
    assert statuses(app, "ivaerksaetterfredag", "occasion:2027-03-05")["confirmed"] == 1
    deliver()
    [mail] = mails_to(smtp_server, "ivaerk2@start2.dk")
    assert mail["Subject"].startswith("Venteliste")
    # Only the confirmed date is in the calendar.
    assert [e.decoded("dtstart").date().isoformat() for e in ics_events(mail)] == ["2027-03-05"]


def test_friday_already_booked_date_is_named_and_the_rest_can_be_sent(client, app):
    sign_up(client, FRIDAY, friday_form(client, dates=["2026-12-04"]))
    again = friday_form(client, dates=["2026-12-04", "2027-03-05"])
    errors = field_errors(post(client, FRIDAY, again))
    assert "allerede tilmeldt" in errors["datoer"] and "4. december 2026" in errors["datoer"]
    sign_up(client, FRIDAY, friday_form(client, dates=["2027-03-05"]))
    assert sorted(b.bucket for s in signups(app) for b in s.bookings) == [
        "occasion:2026-12-04", "occasion:2027-03-05"]


def test_fair_eligibility_is_reported_with_the_other_mistakes(client, app):
    """One round shows every problem: the postcode rule does not wait for the phone number."""
    errors = field_errors(post(client, FAIR, fair_form(client, postnummer="8000", telefon="12")))
    assert "telefon" in errors and "Hedensted Kommune" in errors["postnummer"]
