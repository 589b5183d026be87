"""Staff actions through the rendered pages: cancel, promote, move, capacity, add by hand."""

from __future__ import annotations

import sqlalchemy as sa

from intake.extensions import db
from intake.outbox.models import OutboxMessage
from intake.signups.models import Booking, BookingStatus, CapacityBucket, Signup
from intake.staff.models import AuditEntry
from tests.staff.conftest import (
    add_signup,
    friday_answers,
    group_answers,
    page_form,
    post_confirmed,
    post_form,
)


def _signup(app, reference):
    with app.app_context():
        signup = db.session.scalar(sa.select(Signup).where(Signup.reference == reference))
        return signup, [(b.bucket, b.status, b.is_over_capacity) for b in signup.bookings]


def _mails(app, kind=None):
    with app.app_context():
        query = sa.select(OutboxMessage.kind, OutboxMessage.recipients).order_by(OutboxMessage.id)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        return [(k, r[0]) for k, r in db.session.execute(query).all()]


def _audit(app):
    with app.app_context():
        return [(e.actor, e.action, e.target, e.details) for e in
                db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action != "staff.login")
                                   .order_by(AuditEntry.id))]


def _full_group(app, n=14, gruppe="erhvervsliv"):
    return [
        add_signup(app, "samarbejdsgruppe", group_answers(i, gruppe=gruppe))
        for i in range(1, n + 1)
    ]


def test_move_to_another_group_frees_the_seat(app, staff_client, now):
    refs = _full_group(app, 13)  # 12 seated in erhvervsliv, 1 waiting
    with app.app_context():
        booking_id = db.session.scalar(
            sa.select(Booking.id).join(Signup).where(Signup.reference == refs[0])
        )
    url = f"/staff/t/{refs[0]}"
    response = post_confirmed(staff_client, url, f"{url}/b/{booking_id}/flyt",
                              **{f"move-{booking_id}-target": "option:arbejdsliv"})
    assert response.status_code == 303
    signup, bookings = _signup(app, refs[0])
    assert bookings == [("option:erhvervsliv", BookingStatus.CANCELLED, False),
                        ("option:arbejdsliv", BookingStatus.CONFIRMED, False)]
    assert signup.answers["gruppe"] == "arbejdsliv"
    assert _signup(app, refs[12])[1][0][1] == BookingStatus.CONFIRMED
    assert _mails(app, "signup_moved") == [("signup_moved", "person1@firma1.dk")]
    assert _mails(app, "signup_promoted") == [("signup_promoted", "person13@firma13.dk")]
    with app.app_context():
        body = db.session.scalar(
            sa.select(OutboxMessage.body_text).where(OutboxMessage.kind == "signup_moved")
        )
    assert "Før: Det gode erhvervsliv" in body and "Nu: Det gode arbejdsliv" in body
    assert _audit(app)[-1][1:] == (
        "signup.move",
        f"signup:{refs[0]}",
        {
            "form": "samarbejdsgruppe",
            "from": "option:erhvervsliv",
            "to": "option:arbejdsliv",
            "status": "confirmed",
            "promoted": [refs[12]],
        },
    )


def test_move_into_a_full_group_puts_on_its_waiting_list(app, staff_client, now):
    _full_group(app, 12, gruppe="rammer")
    ref = add_signup(app, "samarbejdsgruppe", group_answers(99))
    with app.app_context():
        booking_id = db.session.scalar(
            sa.select(Booking.id).join(Signup).where(Signup.reference == ref)
        )
    url = f"/staff/t/{ref}"
    post_confirmed(
        staff_client,
        url,
        f"{url}/b/{booking_id}/flyt",
        **{f"move-{booking_id}-target": "option:rammer"},
    )
    assert _signup(app, ref)[1][-1] == ("option:rammer", BookingStatus.WAITLISTED, False)
    assert "ventelisten for De gode rammer" in staff_client.get(url).get_data(as_text=True)


def test_move_without_a_choice_shows_the_error_at_the_field(app, staff_client, now):
    ref = add_signup(app, "samarbejdsgruppe", group_answers(1))
    with app.app_context():
        booking_id = db.session.scalar(
            sa.select(Booking.id).join(Signup).where(Signup.reference == ref)
        )
    url = f"/staff/t/{ref}"
    response = post_form(staff_client, url, f"{url}/b/{booking_id}/flyt")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert (
        f'id="err-move-{booking_id}-target"' in html
        and "Vælg, hvor personen skal flyttes hen." in html
    )
    form = page_form(staff_client, url, f"{url}/b/{booking_id}/flyt")
    # not offered: where it already is
    form.values[f"move-{booking_id}-target"] = ["option:erhvervsliv"]
    forged = staff_client.post(f"{url}/b/{booking_id}/flyt", data=form.data())
    assert forged.status_code == 400 and "Not a valid choice" not in forged.get_data(as_text=True)
    assert _signup(app, ref)[1] == [("option:erhvervsliv", BookingStatus.CONFIRMED, False)]


def test_move_a_date(app, staff_client, now):
    ref = add_signup(
        app, "ivaerksaetterfredag", friday_answers(1, dates=["2026-12-04", "2027-03-05"])
    )
    _, bookings = _signup(app, ref)
    with app.app_context():
        first = db.session.scalar(
            sa.select(Booking.id).where(Booking.bucket == "occasion:2026-12-04")
        )
    url = f"/staff/t/{ref}"
    response = post_confirmed(staff_client, url, f"{url}/b/{first}/flyt",
                              **{f"move-{first}-target": "occasion:2027-02-05"})
    assert response.status_code == 303
    signup, bookings = _signup(app, ref)
    assert signup.answers["datoer"] == ["2027-02-05", "2027-03-05"]
    assert ("occasion:2027-02-05", BookingStatus.CONFIRMED, False) in bookings


def test_date_already_booked_is_not_offered(app, staff_client, now):
    ref = add_signup(
        app, "ivaerksaetterfredag", friday_answers(1, dates=["2026-12-04", "2027-03-05"])
    )
    with app.app_context():
        first = db.session.scalar(
            sa.select(Booking.id).where(Booking.bucket == "occasion:2026-12-04")
        )
    form = page_form(staff_client, f"/staff/t/{ref}", f"/staff/t/{ref}/b/{first}/flyt")
    offered = form.options(f"move-{first}-target")
    assert "occasion:2027-03-05" not in offered and "occasion:2027-02-05" in offered


def test_lowering_capacity_flags_and_never_cancels(app, staff_client, now):
    refs = _full_group(app, 14)
    url = "/staff/f/samarbejdsgruppe/"
    action = "/staff/f/samarbejdsgruppe/kapacitet/option:erhvervsliv"
    response = post_confirmed(staff_client, url, action, **{"cap-option-erhvervsliv-seats": "10"})
    assert response.status_code == 303
    states = [_signup(app, r)[1][0] for r in refs]
    assert [s[1] for s in states] == [BookingStatus.CONFIRMED] * 12 + [BookingStatus.WAITLISTED] * 2
    assert [s[2] for s in states] == [False] * 10 + [True] * 2 + [False] * 2
    page = staff_client.get(url).get_data(as_text=True)
    assert (
        "12/10" in page and "2 tilmeldinger er over kapaciteten" in page and "venteliste: 2" in page
    )
    listed = staff_client.get("/staff/f/samarbejdsgruppe/tilmeldinger?status=over").get_data(
        as_text=True
    )
    assert refs[10] in listed and refs[11] in listed and refs[0] not in listed
    # Raising to 14 clears the flags and seats both waiting people, who get a mail.
    post_confirmed(staff_client, url, action, **{"cap-option-erhvervsliv-seats": "14"})
    states = [_signup(app, r)[1][0] for r in refs]
    assert all(s[1] == BookingStatus.CONFIRMED and not s[2] for s in states)
    assert [r for _, r in _mails(app, "signup_promoted")] == [
        "person13@firma13.dk",
        "person14@firma14.dk",
    ]
    # Empty goes back to the form's 12: two flagged again.
    post_confirmed(staff_client, url, action, **{"cap-option-erhvervsliv-seats": ""})
    with app.app_context():
        assert (
            db.session.get(
                CapacityBucket, ("samarbejdsgruppe", "option:erhvervsliv")
            ).seats_override
            is None
        )
    assert sum(_signup(app, r)[1][0][2] for r in refs) == 2
    assert [a[1:3] for a in _audit(app)] == [
        ("capacity.change", "bucket:samarbejdsgruppe:option:erhvervsliv")
    ] * 3
    assert [(a[3]["from"], a[3]["to"]) for a in _audit(app)] == [(12, 10), (10, 14), (14, 12)]


def test_bad_capacity_is_explained_at_the_field(app, staff_client, now):
    url = "/staff/f/samarbejdsgruppe/"
    action = "/staff/f/samarbejdsgruppe/kapacitet/option:rammer"
    for typed in ("-3", "tolv", "1.5"):
        response = post_form(staff_client, url, action, **{"cap-option-rammer-seats": typed})
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert (
            'id="err-cap-option-rammer-seats"><span class="sr-only">Fejl: </span>'
            "Skriv et helt tal fra 0 og op, fx 12, eller lad feltet stå tomt.</span>" in html
        )
        assert f'value="{typed}"' in html
    assert staff_client.post("/staff/f/samarbejdsgruppe/kapacitet/option:ukendt").status_code in (
        400,
        404,
    )


def test_add_a_signup_by_hand(app, staff_client, now):
    url = "/staff/f/samarbejdsgruppe/ny"
    form = page_form(staff_client, url, url)
    form.fill(
        **{k: v for k, v in group_answers(7).items() if k != "telefon"}, telefon="20 30 40 50"
    )
    response = staff_client.post(url, data=form.data())
    assert response.status_code == 303
    reference = response.headers["Location"].rsplit("/", 1)[1]
    signup, bookings = _signup(app, reference)
    assert signup.source == "staff" and signup.answers["navn"] == "Person 7"
    assert bookings == [("option:erhvervsliv", BookingStatus.CONFIRMED, False)]
    assert ("signup_received", "person7@firma7.dk") in _mails(app)
    assert _audit(app) == [
        ("medarbejder@hedensted.dk", "signup.create", f"signup:{reference}", {"source": "staff"})
    ]
    # The same post again (double click) does not make a second sign-up.
    again = staff_client.post(url, data=form.data())
    assert again.headers["Location"].endswith(reference)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Signup.id))) == 1


def test_add_by_hand_keeps_typed_answers_on_error(app, staff_client, now):
    url = "/staff/f/samarbejdsgruppe/ny"
    form = page_form(staff_client, url, url).fill(navn="Halv Udfyldt", email="ikke-en-mail")
    response = staff_client.post(url, data=form.data())
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Der er fejl i formularen" in html and 'value="Halv Udfyldt"' in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Signup.id))) == 0


def test_add_by_hand_refuses_a_second_signup_with_the_same_email(app, staff_client, now):
    add_signup(app, "netvaerksmesse", {
        "firmanavn": "Firma", "cvr": "13748136", "postnummer": "8722", "telefon": "+4520304050",
        "kontakt_email": "kontakt@firma.dk", "deltagere": [{"navn": "A", "email": "a@firma.dk"}],
        "netvaerk": [], "branche": ""})
    url = "/staff/f/netvaerksmesse/ny"
    form = page_form(staff_client, url, url).fill(
        firmanavn="Firma",
        cvr="13748136",
        postnummer="8722",
        telefon="20304050",
        kontakt_email="kontakt@firma.dk",
        **{"deltagere-0-navn": "B", "deltagere-0-email": "b@firma.dk"},
    )
    response = staff_client.post(url, data=form.data())
    assert response.status_code == 200
    assert "allerede tilmeldt" in response.get_data(as_text=True)
