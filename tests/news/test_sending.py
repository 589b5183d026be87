"""News to those who asked for it (issue 14 §4): staff send through the rendered pages with
filters, confirm first, and only the matching current consents get the mail (a real aiosmtpd
server), with a visible unsubscribe link and the List-Unsubscribe and List-Unsubscribe-Post
headers (RFC 2369, RFC 8058)."""

from __future__ import annotations

from intake.consents.models import WithdrawnVia
from intake.extensions import db
from intake.news.models import NewsSending
from intake.staff.models import AuditEntry
from tests.news.conftest import (
    UNSUBSCRIBE,
    add_consent,
    consent_row,
    invitations,
    news_mails,
    preview,
    received,
    send,
    sendings,
)
from tests.support.confirm import confirmation_form
from tests.support.signups import field_errors, html_part, text_of, text_part


def _people(app):
    return {
        "anna": add_consent(app, "anna@byg.dk", areas=["erhvervsliv"], trade="Byggeri og anlæg",
                            name="Anna Byg"),
        "bo": add_consent(app, "bo@arbejde.dk", areas=["arbejdsliv"], trade="Byggeri"),
        "carl": add_consent(app, "carl@byg.dk", areas=["erhvervsliv"], trade="Byggeri",
                            withdrawn=True),
        "dorte": add_consent(app, "dorte@detail.dk", areas=["erhvervsliv", "rammer"],
                             trade="Detail"),
        "erik": add_consent(app, "erik@firma.dk", trade=""),  # asked neither area nor trade
    }


def test_only_matching_current_consents_get_the_mail_with_both_headers_and_the_link(
        app, staff_client, smtp_server, deliver):
    _people(app)
    shown = preview(staff_client, areas=["erhvervsliv"], trade="BYG")
    assert shown.status_code == 200
    text = text_of(shown)
    assert "1 person, der har sagt ja tak til nyheder, får mailen." in text
    assert "Det gode erhvervsliv" in text and "«BYG»" in text
    assert "Kære alle" in text and "Afmeld nyheder:" in text  # the mail as it will look
    assert sendings(app) == [] and news_mails(app) == []  # a preview writes nothing

    form = confirmation_form(shown)
    done = staff_client.post(form.action, data=form.data())
    assert done.status_code == 303
    [sending] = sendings(app)
    assert (sending.areas, sending.trade, sending.recipient_count) == (["erhvervsliv"], "BYG", 1)
    assert done.headers["Location"].endswith(f"/staff/nyheder/{sending.id}")
    assert [i.email for i in invitations(app)] == ["anna@byg.dk"]

    deliver()
    [mail] = received(smtp_server)
    assert mail["X-Envelope-To"] == "anna@byg.dk"
    assert mail["Subject"] == "Nytårskur 2027"
    path = UNSUBSCRIBE.search(mail["List-Unsubscribe"]).group(1)
    assert mail["List-Unsubscribe"] == f"<https://intake.example.dk{path}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = text_part(mail).replace("\r\n", "\n")
    assert body.startswith("Kære alle\n\nVelkommen til Nytårskuren.")
    assert f"Afmeld nyheder: https://intake.example.dk{path}" in body
    assert ("Du får denne mail, fordi du har sagt ja tak til nyt fra Hedensted Erhverv på "
            "«Netværksmesse" in body)
    assert "den 10. november 2026." in body
    html = html_part(mail)
    assert f'href="https://intake.example.dk{path}"' in html and ">Afmeld nyheder</a>" in html


def test_without_filters_every_current_consent_gets_one_mail(app, staff_client, smtp_server,
                                                              deliver):
    _people(app)
    add_consent(app, "anna@byg.dk", days_ago=2, friday=True)  # a second consent, newer
    assert send(staff_client).status_code == 303
    deliver()
    assert sorted(m["X-Envelope-To"] for m in received(smtp_server)) == [
        "anna@byg.dk", "bo@arbejde.dk", "dorte@detail.dk", "erik@firma.dk"]


def test_an_area_filter_leaves_out_consents_that_named_no_area(app, staff_client):
    _people(app)
    assert send(staff_client, areas=["erhvervsliv", "rammer"]).status_code == 303
    assert sorted(i.email for i in invitations(app)) == ["anna@byg.dk", "dorte@detail.dk"]


def test_no_match_sends_nothing_and_keeps_what_was_typed(app, staff_client):
    _people(app)
    response = preview(staff_client, subject="Kun til baeredygtige", areas=["baeredygtige"])
    assert response.status_code == 422
    assert "Ingen, der har sagt ja tak til nyheder, passer til filtrene." in (
        field_errors(response).get("areas", "") or text_of(response))
    assert 'value="Kun til baeredygtige"' in response.get_data(as_text=True)
    assert sendings(app) == [] and news_mails(app) == []


def test_a_missing_subject_or_text_is_refused_in_danish_next_to_the_field(app, staff_client):
    _people(app)
    response = preview(staff_client, subject="", body="Teksten står der stadig")
    assert response.status_code == 422
    assert field_errors(response)["subject"] == "Skriv et emne."
    assert "Teksten står der stadig" in response.get_data(as_text=True)
    assert sendings(app) == []


def test_a_consent_given_after_the_preview_shows_a_new_preview_instead_of_sending(
        app, staff_client):
    _people(app)
    shown = preview(staff_client)
    add_consent(app, "frida@ny.dk")
    form = confirmation_form(shown)
    again = staff_client.post(form.action, data=form.data())
    assert again.status_code == 200
    assert "Noget har ændret sig" in text_of(again)
    assert sendings(app) == []
    done = staff_client.post(form.action, data=confirmation_form(again).data())
    assert done.status_code == 303
    assert len(invitations(app)) == 5


def test_edit_on_the_preview_gives_the_form_back_filled_in(app, staff_client):
    _people(app)
    shown = preview(staff_client, subject="Første udkast", trade="detail")
    form = confirmation_form(shown).press("edit", "1")
    back = staff_client.post(form.action, data=form.data())
    assert back.status_code == 200
    html = back.get_data(as_text=True)
    assert 'value="Første udkast"' in html and 'value="detail"' in html
    assert sendings(app) == []


def test_the_staff_pages_show_counts_recipients_and_the_audit_sentence(app, staff_client):
    _people(app)
    overview = text_of(staff_client.get("/staff/nyheder"))
    assert "4 personer har sagt ja tak og ikke afmeldt." in overview
    assert send(staff_client, areas=["erhvervsliv"]).status_code == 303
    [sending] = sendings(app)
    page = staff_client.get(f"/staff/nyheder/{sending.id}")
    assert page.status_code == 200
    text = text_of(page)
    assert "anna@byg.dk" in text and "dorte@detail.dk" in text and "bo@arbejde.dk" not in text
    assert "Nytårskur 2027" in text_of(staff_client.get("/staff/nyheder"))
    assert staff_client.get("/staff/nyheder/999").status_code == 404
    log = text_of(staff_client.get("/staff/log/"))
    assert "Sendte «Nytårskur 2027» til 2, der har sagt ja tak til nyheder" in log
    with app.app_context():
        entry = db.session.query(AuditEntry).filter_by(action="news.send").one()
        assert "anna" not in str(entry.details)  # the log names no recipient
    assert "Nyheder" in text_of(staff_client.get("/staff/"))  # the menu entry


def test_staff_without_the_signups_role_cannot_send(app):
    from intake.staff.roles import ALL_ROLES, Role
    from tests.staff.conftest import create_staff, log_in

    create_staff(app, email="maal@hedensted.dk", roles=ALL_ROLES - {Role.SIGNUPS})
    client = app.test_client()
    assert log_in(client, email="maal@hedensted.dk").status_code == 303
    assert client.get("/staff/nyheder").status_code == 403
    assert client.get("/staff/nyheder/ny").status_code == 403


def test_the_sending_row_keeps_who_and_when(app, staff_client, now):
    _people(app)
    assert send(staff_client, trade="detail").status_code == 303
    [sending] = sendings(app)
    assert isinstance(sending, NewsSending)
    assert sending.created_by == "medarbejder@hedensted.dk"
    assert sending.sent_at == now and sending.sheet_id is None
    [invitation] = invitations(app)
    assert invitation.email == "dorte@detail.dk" and invitation.person_id is None
    assert invitation.consent_id is not None and invitation.unsubscribed_at is None
    assert consent_row(app, invitation.consent_id).withdrawn_via is None
    assert WithdrawnVia.UNSUBSCRIBE.value == "unsubscribe"


def test_a_consent_with_an_address_that_cannot_be_mailed_is_left_out(app, staff_client):
    from intake.consents.models import Consent

    _people(app)
    with app.app_context():
        row = db.session.query(Consent).filter_by(email="bo@arbejde.dk").one()
        row.email = "bo@@arbejde"  # stored before a check refused it
        db.session.commit()
    assert send(staff_client).status_code == 303
    assert sorted(i.email for i in invitations(app)) == [
        "anna@byg.dk", "dorte@detail.dk", "erik@firma.dk"]
    assert sendings(app)[0].recipient_count == 3


def test_the_mail_speaks_the_consents_language(app, staff_client, smtp_server, deliver):
    add_consent(app, "erin@firm.com", lang="en")
    assert send(staff_client).status_code == 303
    deliver()
    [mail] = received(smtp_server)
    assert 'lang="en"' in html_part(mail)


def test_with_no_consents_at_all_nothing_is_sent_and_staff_are_told_why(app, staff_client):
    response = preview(staff_client)
    assert response.status_code == 422
    assert field_errors(response)["areas"] == (
        "Ingen har sagt ja tak til nyheder endnu. Intet er sendt.")
    assert sendings(app) == []
