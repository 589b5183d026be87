""""Har du mistet din bekræftelse?" (issue 13 §4): the answer is the same whether or not the
address exists; the address alone gets ONE mail with a "Min tilmelding" link per standing
sign-up on any form; rate limited per IP and per address (429 with the form kept); an
expired page gets a message."""

from __future__ import annotations

import re

import pytest

from tests.support.htmlform import RenderedForm
from tests.support.signups import (
    FRIDAY,
    GROUP,
    NOW,
    field_errors,
    friday_form,
    group_form,
    outbox,
    sign_up,
    text_of,
    text_part,
)

LOST = "/min-tilmelding"
BASE = "https://intake.example.dk"


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def _ask(client, email: str):
    form = RenderedForm(client.get(LOST).get_data(as_text=True)).set("email", email)
    return client.post(LOST, data=form.data())


def _main(response) -> str:
    """The page's own content, without the CSRF token and other per-request values."""
    text = response.get_data(as_text=True)
    return re.search(r"<main.*</main>", text, re.S).group(0)


def test_known_and_unknown_get_the_same_answer_and_only_the_known_a_mail(
        client, app, smtp_server, deliver):
    sign_up(client, GROUP, group_form(client))
    friday = app.test_client()
    sign_up(friday, FRIDAY, friday_form(friday, email="person1@firma1.dk"))
    deliver()
    before = len(smtp_server.messages)

    known = _ask(app.test_client(), "Person1@Firma1.dk")
    unknown = _ask(app.test_client(), "nobody@firma9.dk")
    assert known.status_code == unknown.status_code == 200
    assert _main(known) == _main(unknown)
    assert "firma1" not in _main(known) and "firma9" not in _main(unknown)
    deliver()

    new = smtp_server.messages[before:]
    assert [m["X-Envelope-To"].lower() for m in new] == ["person1@firma1.dk"]
    [mail] = new
    assert outbox(app)[-1].kind == "signup_links_resent"
    body = text_part(mail)
    links = re.findall(r"https?://\S+/min-tilmelding/\S+", body)
    assert len(links) == 2  # the group and the Friday sign-up: one mail, a link for each
    assert "Samarbejdsgruppe" in body or "samarbejdsgruppe" in body.lower()
    for link in links:
        assert app.test_client().get(link.removeprefix(BASE)).status_code == 200


def test_a_bad_address_is_told_in_danish_next_to_the_field(client):
    response = _ask(client, "ikke en adresse")
    assert response.status_code == 400
    assert "gyldig e-mailadresse" in field_errors(response)["email"]


def test_the_rate_limit_answers_429_and_keeps_the_form(make_app, smtp_server):
    app = make_app(MINE_LOST_LINK_EMAIL_LIMIT="2 per day", MINE_LOST_LINK_RATE_LIMIT="100/hour")
    client = app.test_client()
    for _ in range(2):
        assert _ask(client, "person1@firma1.dk").status_code == 200
    refused = _ask(client, "PERSON1@firma1.dk")  # the same address, however it is typed
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    assert "Prøv igen om en time" in text_of(refused)
    assert RenderedForm(refused.get_data(as_text=True)).values["email"] == ["PERSON1@firma1.dk"]
    assert _ask(client, "another@firma2.dk").status_code == 200  # another address is let on

    per_ip = make_app(MINE_LOST_LINK_RATE_LIMIT="1/hour").test_client()
    assert _ask(per_ip, "a@firma1.dk").status_code == 200
    assert _ask(per_ip, "b@firma1.dk").status_code == 429


def test_an_expired_page_gets_a_message(client):
    form = RenderedForm(client.get(LOST).get_data(as_text=True)).set("email", "a@firma1.dk")
    form.values["csrf_token"] = ["expired"]
    response = client.post(LOST, data=form.data())
    assert response.status_code == 400 and "Siden var udløbet" in text_of(response)
    assert RenderedForm(response.get_data(as_text=True)).values["email"] == ["a@firma1.dk"]


def test_linked_from_the_footer_the_receipt_and_already_signed_up(client, app):
    assert 'href="/min-tilmelding"' in client.get("/").get_data(as_text=True)
    receipt = client.post(GROUP, data=group_form(client).data(), follow_redirects=True)
    page = receipt.get_data(as_text=True)
    assert 'href="/min-tilmelding/' in page and "Min tilmelding" in page
    again = client.post(GROUP, data=group_form(client).data())
    assert 'href="/min-tilmelding"' in again.get_data(as_text=True)
