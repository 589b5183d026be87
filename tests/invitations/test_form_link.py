"""The personal link /inviteret/<token> (issue 13 §3 "The link"): the form opens with name and
e-mail filled in, a GET changes nothing, one answer makes one sign-up (source invitation),
the answer can be changed until the form closes, then it is only shown."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from intake.extensions import db
from intake.signups.models import Signup
from tests.invitations import form_helpers
from tests.invitations.form_helpers import (
    SLUG,
    form_with,
    invitations,
    links_by_address,
    mails,
    send,
)
from tests.support.signups import field_errors, text_of

app, now = form_helpers.app, form_helpers.now  # the fixtures of these tests


def _invite(app, client, line="Anna Hansen <Anna@Firma.dk>") -> str:
    assert send(client, line).status_code == 303
    return next(iter(links_by_address(app).values()))


def _answer_form(client, link):
    response = client.get(link)
    assert response.status_code == 200, response.status_code
    return form_with(response.get_data(as_text=True), "datoer")


def _fill(form, dates=("2026-12-04",)):
    return form.fill(datoer=list(dates), virksomhed="Idé ApS", har_cvr="nej",
                     telefon="+45 20 30 40 50")


def _signups(app) -> list[Signup]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Signup).order_by(Signup.id)).all()
        for row in rows:
            _ = row.bookings
        db.session.expunge_all()
        return rows


def test_the_link_opens_the_form_with_name_and_email_and_a_get_changes_nothing(
        app, now, staff_client):
    link = _invite(app, staff_client)
    visitor = app.test_client()
    response = visitor.get(link)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    form = form_with(response.get_data(as_text=True), "datoer")
    assert form.values["navn"] == ["Anna Hansen"]
    assert form.values["email"] == ["anna@firma.dk"]
    (invitation,) = invitations(app)
    assert invitation.opened_at is None and invitation.answered_at is None
    assert _signups(app) == []


def test_answer_once_makes_one_signup_from_the_invitation(app, now, staff_client):
    link = _invite(app, staff_client)
    visitor = app.test_client()
    form = _fill(_answer_form(visitor, link))
    response = visitor.post(link, data=form.data())
    assert response.status_code == 303 and response.headers["Location"].endswith(link)
    (signup,) = _signups(app)
    assert signup.source == "invitation" and signup.email == "anna@firma.dk"
    assert signup.answers["navn"] == "Anna Hansen"
    (invitation,) = invitations(app)
    assert invitation.signup_id == signup.id and invitation.answered_at is not None
    assert invitation.opened_at is not None
    assert len(mails(app, "signup_received")) == 1  # the confirmation, as usual
    # The same POST again (a double click) makes no second sign-up.
    again = visitor.post(link, data=form.data())
    assert again.status_code in (200, 303)
    assert len(_signups(app)) == 1
    page = text_of(visitor.get(link))
    assert "Du har svaret" in page and signup.reference in page


def test_a_bad_answer_is_shown_with_the_message_and_what_was_typed(app, now, staff_client):
    link = _invite(app, staff_client)
    visitor = app.test_client()
    form = _fill(_answer_form(visitor, link)).fill(telefon="123")
    response = visitor.post(link, data=form.data())
    assert response.status_code == 200
    assert "telefon" in field_errors(response)
    assert form_with(response.get_data(as_text=True), "datoer").values["virksomhed"] == [
        "Idé ApS"]
    assert _signups(app) == []


def test_the_answer_can_be_changed_until_the_form_closes(app, now, staff_client, frozen_clock):
    link = _invite(app, staff_client)
    visitor = app.test_client()
    visitor.post(link, data=_fill(_answer_form(visitor, link)).data())
    form = _answer_form(visitor, link)
    assert form.values["virksomhed"] == ["Idé ApS"]  # the form holds their answer
    form.fill(datoer=["2026-12-04", "2027-02-05"], virksomhed="Ny Idé ApS")
    response = visitor.post(link, data=form.data())
    assert response.status_code == 303, field_errors(response)
    (signup,) = _signups(app)
    assert signup.answers["virksomhed"] == "Ny Idé ApS"
    assert sorted(b.occasion_key for b in signup.bookings if b.status.value != "cancelled") == [
        "2026-12-04", "2027-02-05"]
    with app.app_context():
        from intake.signups import edits

        assert [v.changed_by for v in edits.versions(db.session.get(Signup, signup.id))] == [
            "invitation"]

    with app.app_context():  # staff close the form: the link shows the answer only
        from intake.formdefs import store

        store.set_closed(SLUG, True, by="test")
        db.session.commit()
    frozen_clock(now + timedelta(minutes=1))
    page = visitor.get(link)
    assert page.status_code == 200
    text = text_of(page)
    assert "Tilmeldingen er lukket" in text and "Ny Idé ApS" in text
    assert "datoer" not in {n for n in form_names(page)}
    refused = visitor.post(link, data=form.fill(virksomhed="For sent ApS").data())
    assert refused.status_code == 409
    assert _signups(app)[0].answers["virksomhed"] == "Ny Idé ApS"


def form_names(response) -> set[str]:
    import re

    return set(re.findall(r'name="([^"]+)"', response.get_data(as_text=True)))


def test_a_closed_form_says_so_before_anyone_answered(app, now, staff_client, frozen_clock):
    link = _invite(app, staff_client)
    with app.app_context():
        from intake.formdefs import store

        store.set_closed(SLUG, True, by="test")
        db.session.commit()
    frozen_clock(now + timedelta(minutes=1))
    response = app.test_client().get(link)
    assert response.status_code == 200
    text = text_of(response)
    assert "Tilmeldingen er lukket" in text and "Du nåede ikke at svare" in text


def test_invalid_expired_and_withdrawn_links_get_one_not_valid_page(
        app, now, staff_client, frozen_clock):
    link = _invite(app, staff_client)
    visitor = app.test_client()
    for wrong in ("/inviteret/" + "A" * 43, "/inviteret/kort", link[:-1] + "x"):
        response = visitor.get(wrong)
        assert response.status_code == 404
        assert "Linket er ikke gyldigt" in text_of(response)
    # The deadline (4 Dec 12.00) + 14 days: still valid just before, not after.
    frozen_clock(now.replace(day=18, month=12, hour=11))
    assert visitor.get(link).status_code == 200
    frozen_clock(now.replace(day=18, month=12, hour=12, minute=1))
    assert visitor.get(link).status_code == 404


def test_a_round_link_token_does_not_open_a_form_invitation(app, now, staff_client):
    link = _invite(app, staff_client)
    token = link.rsplit("/", 1)[1]
    assert app.test_client().get(f"/opfoelgning/{token}").status_code == 404


def test_someone_signed_up_on_the_public_form_is_told_and_offered_the_confirmation(
        app, now, staff_client):
    from tests.staff.conftest import add_signup, friday_answers

    add_signup(app, SLUG, friday_answers(1, email="anna@firma.dk"))
    link = _invite(app, staff_client)
    visitor = app.test_client()
    response = visitor.post(link, data=_fill(_answer_form(visitor, link)).data())
    assert response.status_code == 200
    assert "allerede tilmeldt" in text_of(response)
    assert 'action="/f/ivaerksaetterfredag/send-bekraeftelse"' in response.get_data(as_text=True)
    assert len(_signups(app)) == 1
    (invitation,) = invitations(app)
    assert invitation.answered_at is None


def test_a_full_date_puts_the_invited_person_on_the_waiting_list_as_usual(
        app, now, staff_client):
    from tests.staff.conftest import add_signup, friday_answers
    from tests.support.signups import seats

    seats(app, SLUG, "occasion:2026-12-04", 1)
    add_signup(app, SLUG, friday_answers(1))
    link = _invite(app, staff_client)
    visitor = app.test_client()
    assert visitor.post(link, data=_fill(_answer_form(visitor, link)).data()).status_code == 303
    mine = next(s for s in _signups(app) if s.source == "invitation")
    assert [b.status.value for b in mine.bookings] == ["waitlisted"]
    assert "Venteliste" in mails(app, "signup_received")[-1].subject


def test_two_first_answers_from_one_link_at_once_make_one_signup(app, now, staff_client):
    import threading

    link = _invite(app, staff_client)
    posts = []
    for email in ("anna@firma.dk", "anna.privat@firma.dk"):  # not stopped by "already signed up"
        client = app.test_client()
        posts.append((client, _fill(_answer_form(client, link)).fill(email=email).data()))
    start, statuses, lock = threading.Barrier(len(posts)), [], threading.Lock()

    def post(client, data) -> None:
        start.wait()
        status = client.post(link, data=data).status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=post, args=pair) for pair in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert statuses == [303, 303]
    (signup,) = _signups(app)
    (invitation,) = invitations(app)
    assert invitation.signup_id == signup.id
