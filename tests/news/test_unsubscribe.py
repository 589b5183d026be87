"""Unsubscribing (issue 14 §4, RFC 8058): the one-click POST with exactly the RFC's body and
no cookie or CSRF token withdraws the consent at once and is logged; a GET never does; a
second sending then reaches everyone but that person; a bad link gets the "not valid" page.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from intake.consents.models import WithdrawnVia
from intake.invitations import linkmail
from tests.news.conftest import (
    UNSUBSCRIBE,
    add_consent,
    consent_row,
    invitations,
    news_mails,
    received,
    received_to,
    send,
)
from tests.support.htmlform import RenderedForm
from tests.support.signups import text_of

ONE_CLICK = b"List-Unsubscribe=One-Click"


def _sent(app, staff_client, smtp_server, deliver) -> dict[str, str]:
    """Anna and Bo consented, a sending went to both; their unsubscribe paths by address."""
    ids = {"anna": add_consent(app, "anna@byg.dk"), "bo": add_consent(app, "bo@firma.dk")}
    assert send(staff_client).status_code == 303
    deliver()
    paths = {}
    for message in received(smtp_server):
        paths[message["X-Envelope-To"]] = UNSUBSCRIBE.search(message["List-Unsubscribe"]).group(1)
    smtp_server.messages.clear()
    return ids | paths


def test_one_click_post_without_cookie_or_token_withdraws_at_once_and_never_again(
        app, staff_client, smtp_server, deliver, caplog, now):
    sent = _sent(app, staff_client, smtp_server, deliver)
    mail_client = app.test_client(use_cookies=False)  # a mail provider's POST: no session at all
    caplog.set_level(logging.INFO)
    response = mail_client.post(sent["anna@byg.dk"], data=ONE_CLICK,
                                content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "Du er afmeldt nyheder" in text_of(response)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    row = consent_row(app, sent["anna"])
    assert row.withdrawn_at == now and row.withdrawn_via == WithdrawnVia.UNSUBSCRIBE
    assert consent_row(app, sent["bo"]).withdrawn_at is None
    [anna] = [i for i in invitations(app) if i.email == "anna@byg.dk"]
    assert anna.unsubscribed_at == now
    logged = [r for r in caplog.records if r.name in ("intake.news", "intake.consents")]
    assert any("unsubscribed" in r.getMessage() for r in logged if r.name == "intake.news")
    assert all("anna" not in r.getMessage() for r in caplog.records)

    # Again, as a mail client may retry: harmless, the same answer.
    again = mail_client.post(sent["anna@byg.dk"], data=ONE_CLICK,
                             content_type="application/x-www-form-urlencoded")
    assert again.status_code == 200
    assert consent_row(app, sent["anna"]).withdrawn_at == now

    # The next sending reaches Bo only.
    assert send(staff_client, subject="Næste nyhed").status_code == 303
    deliver()
    assert received_to(smtp_server, "anna@byg.dk") == []
    assert [m["Subject"] for m in received_to(smtp_server, "bo@firma.dk")] == ["Næste nyhed"]


def test_the_rfc_multipart_body_works_too(app, staff_client, smtp_server, deliver):
    sent = _sent(app, staff_client, smtp_server, deliver)
    response = app.test_client(use_cookies=False).post(
        sent["bo@firma.dk"], data={"List-Unsubscribe": "One-Click"},
        content_type="multipart/form-data")
    assert response.status_code == 200
    assert consent_row(app, sent["bo"]).withdrawn_via == WithdrawnVia.UNSUBSCRIBE


def test_get_only_shows_a_button_and_the_button_unsubscribes(app, staff_client, smtp_server,
                                                               deliver):
    sent = _sent(app, staff_client, smtp_server, deliver)
    visitor = app.test_client()
    page = visitor.get(sent["anna@byg.dk"])
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert "Afmeld nyheder" in text_of(page) and "anna@byg.dk" in text_of(page)
    assert "<script" not in html.split("</head>")[1]
    for _ in range(3):  # a mail scanner following the link changes nothing
        assert visitor.get(sent["anna@byg.dk"]).status_code == 200
    assert consent_row(app, sent["anna"]).withdrawn_at is None
    assert all(i.unsubscribed_at is None for i in invitations(app))

    form = next(f for f in (RenderedForm(html, i) for i in range(html.count("<form")))
                if f.action and "/nyheder/afmeld/" in f.action)
    assert form.values == {"List-Unsubscribe": ["One-Click"]}  # the RFC's body, no CSRF token
    done = visitor.post(form.action, data=form.data())
    assert done.status_code == 200
    assert consent_row(app, sent["anna"]).withdrawn_via == WithdrawnVia.UNSUBSCRIBE
    after = visitor.get(sent["anna@byg.dk"])
    assert "får ikke nyheder fra Hedensted Erhverv" in text_of(after)  # no button any more


def test_unsubscribing_withdraws_every_current_consent_of_the_address(
        app, staff_client, smtp_server, deliver):
    sent = _sent(app, staff_client, smtp_server, deliver)
    other = add_consent(app, "anna@byg.dk", days_ago=1, friday=True)
    app.test_client(use_cookies=False).post(sent["anna@byg.dk"], data=ONE_CLICK,
                                            content_type="application/x-www-form-urlencoded")
    assert consent_row(app, sent["anna"]).withdrawn_at is not None
    assert consent_row(app, other).withdrawn_at is not None


def test_a_bad_link_gets_the_not_valid_page_for_get_and_post(app, staff_client, smtp_server,
                                                              deliver):
    sent = _sent(app, staff_client, smtp_server, deliver)
    client = app.test_client(use_cookies=False)
    for path in ("/nyheder/afmeld/" + "A" * 43, "/nyheder/afmeld/kort", "/nyheder/afmeld/%00"):
        for method in ("GET", "POST"):
            response = client.open(path, method=method, data=ONE_CLICK,
                                   content_type="application/x-www-form-urlencoded")
            assert response.status_code == 404, (path, method)
            assert "Linket er ikke gyldigt" in text_of(response)
    # Another kind's token is not a news link either.
    form_like = sent["anna@byg.dk"].replace("/nyheder/afmeld/", "/inviteret/")
    assert client.get(form_like).status_code == 404
    assert consent_row(app, sent["anna"]).withdrawn_at is None


def test_the_link_works_for_two_years(app, staff_client, smtp_server, deliver, frozen_clock, now):
    sent = _sent(app, staff_client, smtp_server, deliver)
    frozen_clock(now + timedelta(days=700))
    assert app.test_client().get(sent["anna@byg.dk"]).status_code == 200
    frozen_clock(now + timedelta(days=731))
    assert app.test_client().get(sent["anna@byg.dk"]).status_code == 404


def test_the_link_leaves_the_stored_mail_once_sent_and_no_reminder_ever_goes(
        app, staff_client, smtp_server, deliver, frozen_clock, now):
    sent = _sent(app, staff_client, smtp_server, deliver)
    token = sent["anna@byg.dk"].rsplit("/", 1)[1]
    with app.app_context():
        assert linkmail.run() == 2
    for message in news_mails(app):
        assert token not in message.body_text and token not in (message.body_html or "")
        assert token not in str(message.headers)
        assert "[personligt link fjernet efter afsendelse]" in message.headers["List-Unsubscribe"]
    from intake.invitations import reminders

    for days in (1, 7, 30):
        frozen_clock(now + timedelta(days=days))
        with app.app_context():
            assert reminders.send_due() == 0
    assert all(i.reminder_count == 0 for i in invitations(app))


def test_the_page_speaks_the_consents_language_until_the_visitor_chooses(
        app, staff_client, smtp_server, deliver):
    add_consent(app, "erin@firm.com", lang="en")
    assert send(staff_client).status_code == 303
    deliver()
    [mail] = received(smtp_server)
    path = UNSUBSCRIBE.search(mail["List-Unsubscribe"]).group(1)
    page = app.test_client().get(path)
    assert '<html lang="en">' in page.get_data(as_text=True)
    visitor = app.test_client()
    visitor.get("/sprog/da")
    assert '<html lang="da">' in visitor.get(path).get_data(as_text=True)  # their choice wins
    assert [i.locale for i in invitations(app)] == ["en"]


def test_the_request_log_never_shows_the_token():
    from intake.followup.logfilter import redact

    line = '"POST /nyheder/afmeld/' + "x" * 43 + ' HTTP/1.1" 200 -'
    assert redact(line) == '"POST /nyheder/afmeld/… HTTP/1.1" 200 -'
