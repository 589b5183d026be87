"""Waiting-list promotion, in one place: when a seat frees up (a cancellation through the mail
link, a staff cancel, staff raising the capacity, a staff promote), who moves up and in what order
(first in line, counted in people, never past a party that does not fit), and what they are sent
(the promotion mail, in both parts, with the event for that date).

Three set-ups, one class each: the seed forms through the public pages, the capacity fixture
form counted in people (tests/forms_fixtures/capacity/), and the staff pages. Promotion as a
side effect of another action is tested with that action: cancelling one date
(tests/signups/test_cancel_dates.py), moving a booking and lowering the capacity
(tests/staff/test_signup_actions.py), GDPR erasure (tests/gdpr/test_erase.py), under load
(tests/faults/test_signups_last_seats.py) and in Chromium (tests/browser/test_staff.py).
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.signups.models import Booking, BookingStatus, Signup
from intake.signups.service import cancel_token
from tests.mails.calendar_support import calendar_events, day
from tests.mails.test_calendar import _cancel_through_link
from tests.signups.test_capacity import SETTINGS as CAPACITY_SETTINGS
from tests.staff.conftest import NOW as STAFF_NOW
from tests.staff.conftest import copy_seed_forms, post_confirmed, post_form
from tests.staff.test_signup_actions import _audit, _full_group, _mails, _signup
from tests.support.htmlform import RenderedForm
from tests.support.signups import (
    FRIDAY,
    GROUP,
    NOW,
    cancel_link,
    friday_form,
    group_form,
    html_part,
    ics_events,
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


class TestSeedForms:
    """The seed forms in forms/, signed up to and cancelled through the public pages."""

    @pytest.fixture(autouse=True)
    def _now(self, frozen_clock):
        frozen_clock(NOW)

    def test_group_waiting_list_and_promotion(self, client, app, smtp_server, deliver):
        for n in range(1, 13):
            person = app.test_client()
            sign_up(person, GROUP, group_form(person, n))
        assert statuses(app, "samarbejdsgruppe", "option:erhvervsliv")["confirmed"] == 12

        # The 13th and 14th go onto the waiting list; the receipt says so.
        waiting = [app.test_client() for _ in range(2)]
        for n, person in zip((13, 14), waiting, strict=True):
            response = post(person, GROUP, group_form(person, n), follow=True)
            assert "Du er på ventelisten." in text_of(response)
        # Another group still has seats.
        sign_up(
            client,
            GROUP,
            group_form(client, 15, gruppe="rammer", rolle="andet", rolle_andet="Rådgiver"),
        )
        assert statuses(app, "samarbejdsgruppe", "option:erhvervsliv") == {
            "confirmed": 12, "waitlisted": 2, "cancelled": 0}
        assert statuses(app, "samarbejdsgruppe", "option:rammer")["confirmed"] == 1

        deliver()
        [waitmail] = mails_to(smtp_server, "person13@firma13.dk")
        assert waitmail["Subject"].startswith("Venteliste")
        assert (
            "venteliste" in text_part(waitmail).lower()
            and "venteliste" in html_part(waitmail).lower()
        )

        # Person 3 cancels from the link in the delivered mail: GET only asks, POST cancels.
        [mail3] = mails_to(smtp_server, "person3@firma3.dk")
        link = cancel_link(mail3)
        assert link.startswith("https://intake.example.dk/min-tilmelding/")
        path = link.removeprefix("https://intake.example.dk")
        browser = app.test_client()
        asked = browser.get(path)
        assert asked.status_code == 200 and "Ja, afmeld mig" in text_of(asked)
        assert statuses(app, "samarbejdsgruppe", "option:erhvervsliv")["cancelled"] == 0
        from tests.support.htmlform import RenderedForm

        button = RenderedForm(asked.get_data(as_text=True))
        done = browser.post(path, data=button.data(), follow_redirects=True)
        assert "er afmeldt" in text_of(done)
        assert statuses(app, "samarbejdsgruppe", "option:erhvervsliv") == {
            "confirmed": 12, "waitlisted": 1, "cancelled": 1}
        by_email = {s.email: s for s in signups(app)}
        assert by_email["person3@firma3.dk"].is_cancelled
        assert by_email["person13@firma13.dk"].bookings[0].status.value == "confirmed"
        assert by_email["person14@firma14.dk"].bookings[0].status.value == "waitlisted"

        deliver()
        [_, cancelled] = mails_to(smtp_server, "person3@firma3.dk")
        assert "afmeld" in cancelled["Subject"].lower()
        [_, promoted] = mails_to(smtp_server, "person13@firma13.dk")
        assert "ventelisten" in text_part(promoted) and "bekræftet plads" in text_part(promoted)
        assert len(mails_to(smtp_server, "person14@firma14.dk")) == 1

        # A second POST of the same link changes nothing and sends nothing.
        browser.post(path, data=button.data())
        deliver()
        assert statuses(app, "samarbejdsgruppe", "option:erhvervsliv")["waitlisted"] == 1
        assert len(mails_to(smtp_server, "person3@firma3.dk")) == 2

    def test_friday_promotion_sends_the_event_for_that_date(self, app, smtp_server, deliver):
        seats(app, "ivaerksaetterfredag", "occasion:2026-12-04", 1)
        first, second = app.test_client(), app.test_client()
        sign_up(first, FRIDAY, friday_form(first, 1))
        sign_up(second, FRIDAY, friday_form(second, 2))
        deliver()
        [mail] = mails_to(smtp_server, "ivaerk1@start1.dk")
        path = cancel_link(mail).removeprefix("https://intake.example.dk")
        from tests.support.htmlform import RenderedForm

        first.post(path, data=RenderedForm(first.get(path).get_data(as_text=True)).data())
        deliver()
        promoted = mails_to(smtp_server, "ivaerk2@start2.dk")[-1]
        assert "bekræftet plads" in text_part(promoted)
        assert [e.decoded("dtstart").date().isoformat() for e in ics_events(promoted)] == [
            "2026-12-04"
        ]
        assert outbox(app)[-1].kind == "signup_promoted"

    def test_promotion_to_a_date_carries_its_event(self, app, smtp_server, deliver):
        seats(app, "ivaerksaetterfredag", "occasion:2026-12-04", 1)
        first, second = app.test_client(), app.test_client()
        sign_up(first, FRIDAY, friday_form(first, 1))
        sign_up(second, FRIDAY, friday_form(second, 2))
        deliver()
        # waiting: no event
        assert calendar_events(mails_to(smtp_server, "ivaerk2@start2.dk")[0]) == []
        _cancel_through_link(first, mails_to(smtp_server, "ivaerk1@start1.dk")[0])
        deliver()
        [promoted] = calendar_events(mails_to(smtp_server, "ivaerk2@start2.dk")[-1])
        assert (promoted.method, promoted.sequence, day(promoted)) == ("REQUEST", 0, "2026-12-04")

    def test_cancellation_and_promotion_mails(self, app, smtp_server, deliver):
        from intake.extensions import db
        from intake.signups.models import CapacityBucket

        with app.app_context():
            db.session.add(CapacityBucket(form_slug="samarbejdsgruppe", bucket="option:erhvervsliv",
                                          seats_override=1, version=0))
            db.session.commit()
        first, second = app.test_client(), app.test_client()
        ref1 = sign_up(first, GROUP, group_form(first, 1))
        ref2 = sign_up(second, GROUP, group_form(second, 2))
        deliver()
        path = cancel_link(mails_to(smtp_server, "person1@firma1.dk")[0]).removeprefix("https://intake.example.dk")
        first.post(path, data=RenderedForm(first.get(path).get_data(as_text=True)).data())
        deliver()
        cancelled = mails_to(smtp_server, "person1@firma1.dk")[-1]
        assert (
            cancelled["Subject"]
            == f"Afmelding bekræftet: Tilmelding til en samarbejdsgruppe ({ref1})"
        )
        assert "Vi har registreret din afmelding" in text_part(cancelled)
        promoted = mails_to(smtp_server, "person2@firma2.dk")[-1]
        assert (
            promoted["Subject"]
            == f"Du har fået en plads: Tilmelding til en samarbejdsgruppe ({ref2})"
        )
        assert "rykket fra ventelisten" in text_part(
            promoted
        ) and "rykket fra ventelisten" in html_part(promoted)
        assert re.search(r"https://intake\.example\.dk/min-tilmelding/\S+", text_part(promoted))
        assert [s.is_cancelled for s in signups(app)] == [True, False]


# --- counted in people: tests/forms_fixtures/capacity/hold.yaml -----------------------------------

def team(client, email: str, people: int):
    form = RenderedForm(client.get("/f/hold").get_data(as_text=True)).fill(email=email)
    for row in range(people):
        form.set(f"deltagere-{row}-navn", f"{email} {row}")
    return form


def cancel(app, email: str) -> None:
    with app.app_context():
        from intake.signups.models import Signup

        token = cancel_token(db.session.query(Signup).filter_by(email=email).one())
    client = app.test_client()
    page = client.get(f"/min-tilmelding/{token}")
    client.post(f"/min-tilmelding/{token}", data=RenderedForm(page.get_data(as_text=True)).data())


def booking_status(app) -> dict[str, str]:
    return {s.email: s.bookings[0].status.value for s in signups(app)}


class TestOrderCountedInPeople:
    """Four seats counted in people: the waiting list is a queue, nobody jumps it."""

    @pytest.fixture
    def app(self, make_app):
        return make_app(**CAPACITY_SETTINGS)

    def test_nobody_jumps_the_queue(self, app):
        client = app.test_client()
        sign_up(client, "/f/hold", team(client, "a@firma.dk", 3))
        sign_up(client, "/f/hold", team(client, "b@firma.dk", 2))  # 3 + 2 > 4: waits
        sign_up(client, "/f/hold", team(client, "c@firma.dk", 1))  # would fit, but b is first
        assert booking_status(app) == {"a@firma.dk": "confirmed", "b@firma.dk": "waitlisted",
                                       "c@firma.dk": "waitlisted"}
        cancel(app, "a@firma.dk")
        assert booking_status(app) == {"a@firma.dk": "cancelled", "b@firma.dk": "confirmed",
                                       "c@firma.dk": "confirmed"}
        kinds = [m.kind for m in outbox(app)]
        assert kinds.count("signup_promoted") == 2 and kinds.count("signup_cancelled") == 1

    def test_promotion_stops_at_a_party_that_does_not_fit(self, app):
        client = app.test_client()
        for email, people in [
            ("a@firma.dk", 2),
            ("b@firma.dk", 2),
            ("c@firma.dk", 3),
            ("d@firma.dk", 1),
        ]:
            sign_up(client, "/f/hold", team(client, email, people))
        cancel(app, "a@firma.dk")  # frees 2: c needs 3, so c and d keep waiting, in order
        assert booking_status(app) == {"a@firma.dk": "cancelled", "b@firma.dk": "confirmed",
                                       "c@firma.dk": "waitlisted", "d@firma.dk": "waitlisted"}
        cancel(app, "b@firma.dk")
        assert booking_status(app)["c@firma.dk"] == "confirmed"
        assert booking_status(app)["d@firma.dk"] == "confirmed"

    def test_party_bigger_than_all_seats_waits(self, app):
        client = app.test_client()
        sign_up(client, "/f/hold", team(client, "a@firma.dk", 3))
        response = post(client, "/f/hold", team(client, "b@firma.dk", 3), follow=True)
        assert "Du er på ventelisten." in text_of(response)


class TestByStaff:
    """The staff pages (the seed sign-up forms only, as in tests/staff): a staff cancel seats
    the first in line; a staff promote needs a free seat or an explicit over-capacity choice."""

    @pytest.fixture
    def app(self, make_app, tmp_path):
        return make_app(FORMS_DIR=str(copy_seed_forms(tmp_path)))

    @pytest.fixture
    def now(self, frozen_clock):
        frozen_clock(STAFF_NOW)
        return STAFF_NOW

    def test_cancel_promotes_the_first_in_line(self, app, staff_client, now):
        refs = _full_group(app)
        assert _signup(app, refs[12])[1] == [
            ("option:erhvervsliv", BookingStatus.WAITLISTED, False)
        ]
        url = f"/staff/t/{refs[0]}"
        response = post_confirmed(staff_client, url, f"/staff/t/{refs[0]}/afmeld")
        assert response.status_code == 303 and response.headers["Location"] == url
        assert _signup(app, refs[0])[0].is_cancelled
        assert _signup(app, refs[12])[1] == [("option:erhvervsliv", BookingStatus.CONFIRMED, False)]
        assert _signup(app, refs[13])[1][0][1] == BookingStatus.WAITLISTED
        assert _mails(app, "signup_cancelled") == [("signup_cancelled", "person1@firma1.dk")]
        assert _mails(app, "signup_promoted") == [("signup_promoted", "person13@firma13.dk")]
        assert _audit(app) == [("medarbejder@hedensted.dk", "signup.cancel", f"signup:{refs[0]}",
                                {"form": "samarbejdsgruppe", "buckets": ["option:erhvervsliv"],
                                 "promoted": [refs[12]]})]
        page = staff_client.get(url).get_data(as_text=True)
        assert (
            "Tilmeldingen er afmeldt" in page
            and refs[12] in page
            and "Afmeld hele tilmeldingen" not in page
        )

    def test_promote_is_refused_when_full_unless_staff_accept_over_capacity(
        self, app, staff_client, now
    ):
        refs = _full_group(app)
        _, [(bucket, _, _)] = _signup(app, refs[13])
        with app.app_context():
            booking_id = db.session.scalar(
                sa.select(Booking.id).join(Signup).where(Signup.reference == refs[13])
            )
        url, action = f"/staff/t/{refs[13]}", f"/staff/t/{refs[13]}/b/{booking_id}/ryk-op"
        refused = post_form(staff_client, url, action)
        assert refused.status_code == 409
        assert "Der er ingen ledig plads" in refused.get_data(as_text=True)
        assert _signup(app, refs[13])[1] == [(bucket, BookingStatus.WAITLISTED, False)]
        done = post_confirmed(
            staff_client, url, action, **{f"promote-{booking_id}-over_capacity": "y"}
        )
        assert done.status_code == 303
        assert _signup(app, refs[13])[1] == [(bucket, BookingStatus.CONFIRMED, True)]
        assert _mails(app, "signup_promoted") == [("signup_promoted", "person14@firma14.dk")]
        assert "Over kapacitet" in staff_client.get(url).get_data(as_text=True)
        # Two people cancel: 13 confirmed → 11, so the flag clears
        # and the waiting person 13 gets a seat.
        for ref in refs[:2]:
            post_confirmed(staff_client, f"/staff/t/{ref}", f"/staff/t/{ref}/afmeld")
        assert _signup(app, refs[13])[1] == [(bucket, BookingStatus.CONFIRMED, False)]
        assert _signup(app, refs[12])[1] == [(bucket, BookingStatus.CONFIRMED, False)]
