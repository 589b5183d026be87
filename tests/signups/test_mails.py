"""What the delivered mails say: Danish text and HTML parts, the reference, the answers, a cancel
link built from PUBLIC_BASE_URL (never the request's Host), and .ics invitations.
"""

from __future__ import annotations

import email.policy
from email import message_from_bytes

import icalendar
import pytest

from tests.support.htmlform import RenderedForm
from tests.support.signups import (
    FAIR,
    FRIDAY,
    GROUP,
    NOW,
    cancel_link,
    fair_form,
    friday_form,
    group_form,
    html_part,
    mails_to,
    sign_up,
    text_part,
)


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def calendar_of(message) -> icalendar.Calendar:
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert part.get_filename().endswith(".ics")
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


def test_confirmation_has_danish_text_and_html_with_answers(client, app, smtp_server, deliver):
    reference = sign_up(
        client, GROUP, group_form(client, navn="Åse Ærø", telefon="+45 20 30 40 50")
    )
    deliver()
    [mail] = mails_to(smtp_server, "person1@firma1.dk")
    assert mail["From"] == "Hedensted Erhverv <erhverv@hedensted.dk>"
    assert mail["To"] == "person1@firma1.dk"
    assert mail["Subject"] == f"Tilmelding bekræftet: Det gode erhvervsliv ({reference})"
    assert mail["Message-ID"].endswith("@hedensted.dk>") and mail["Date"]
    assert mail.get_content_type() == "multipart/mixed"
    text, html = text_part(mail), html_part(mail)
    for part in (text, html):
        assert "Kære Åse Ærø" in part
        assert reference in part
        assert "Det gode erhvervsliv" in part
        assert "20 30 40 50" in part  # the phone number as it reads
        assert "13748136" in part
        assert "Vi vil gerne bidrage til erhvervslivet." in part
        assert "Venlig hilsen" in part and "Hedensted Erhverv" in part
    assert "Hvem repræsenterer du?: Erhverv" in text
    assert "Status: bekræftet" in text
    assert "<table" in html and "<th" in html
    assert 'href="https://intake.example.dk/min-tilmelding/' in html


def test_staff_notification(client, app, smtp_server, deliver):
    reference = sign_up(client, GROUP, group_form(client))
    deliver()
    [staff] = mails_to(smtp_server, "erhverv@hedensted.dk")
    assert staff["To"] == "erhverv@hedensted.dk"
    assert reference in staff["Subject"] and "Ny tilmelding" in staff["Subject"]
    assert "person1@firma1.dk" in text_part(staff) and "Firma 1 ApS" in html_part(staff)


def test_cancel_link_uses_public_base_url_not_the_host_header(app, smtp_server, deliver):
    forged = app.test_client()
    page = forged.get(GROUP, base_url="http://evil.example")
    form = RenderedForm(page.get_data(as_text=True))
    for name, value in {
        "gruppe": "rammer",
        "sektor": "kommune",
        "rolle": "andet",
        "rolle_andet": "Leder",
        "navn": "Eva",
        "stilling": "Chef",
        "organisation": "Kommunen",
        "email": "eva@hedensted.dk",
        "telefon": "20304050",
        "motivation": "Ja",
    }.items():
        form.set(name, value)
    response = forged.post(GROUP, data=form.data(), base_url="http://evil.example",
                           headers={"X-Forwarded-Host": "evil2.example"})
    assert response.status_code == 303
    deliver()
    [mail] = mails_to(smtp_server, "eva@hedensted.dk")
    link = cancel_link(mail)
    assert link.startswith("https://intake.example.dk/min-tilmelding/")
    assert "evil" not in text_part(mail) and "evil" not in html_part(mail)
    # The link works.
    browser = app.test_client()
    assert browser.get(link.removeprefix("https://intake.example.dk")).status_code == 200


def test_waiting_list_mail_says_so_in_both_parts(client, app, smtp_server, deliver):
    from intake.extensions import db
    from intake.signups.models import CapacityBucket

    with app.app_context():
        db.session.add(CapacityBucket(form_slug="samarbejdsgruppe", bucket="option:erhvervsliv",
                                      seats_override=0, version=0))
        db.session.commit()
    reference = sign_up(client, GROUP, group_form(client))
    deliver()
    [mail] = mails_to(smtp_server, "person1@firma1.dk")
    assert mail["Subject"] == f"Venteliste: Det gode erhvervsliv ({reference})"
    assert "Status: på venteliste" in text_part(mail)
    assert "du står på venteliste" in text_part(mail) and "du står på venteliste" in html_part(mail)
    assert not list(mail.iter_attachments())


def test_fair_invitation(client, app, smtp_server, deliver):
    reference = sign_up(client, FAIR, fair_form(client, people=2))
    deliver()
    [mail] = mails_to(smtp_server, "kontakt1@firma1.dk")
    assert "Deltager 1.1" in text_part(mail) and "d2@firma1.dk" in text_part(mail)
    assert "fredag 8. oktober 2027 kl. 09.00-15.00, Hedensted Centeret" in text_part(mail)
    calendar = calendar_of(mail)
    assert str(calendar["method"]) == "REQUEST"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Netværksmesse 2027 i Hedensted Centeret"
    assert event.decoded("dtstart").isoformat() == "2027-10-08T09:00:00+02:00"
    assert event.decoded("dtend").isoformat() == "2027-10-08T15:00:00+02:00"
    assert reference in str(event["uid"]) and str(event["uid"]).endswith("@hedensted.dk")
    assert reference in str(event["description"])


def test_friday_invitation_has_one_event_per_date(client, app, smtp_server, deliver):
    sign_up(client, FRIDAY, friday_form(client, dates=["2026-12-04", "2027-03-05", "2027-04-02"]))
    deliver()
    [mail] = mails_to(smtp_server, "ivaerk1@start1.dk")
    events = calendar_of(mail).walk("VEVENT")
    assert [e.decoded("dtstart").isoformat() for e in events] == [
        "2026-12-04T08:30:00+01:00", "2027-03-05T08:30:00+01:00", "2027-04-02T08:30:00+02:00"]
    assert all(str(e["location"]) == "Rugekassen, Spettrupvej, 8722 Hedensted" for e in events)
    for day in ("fredag 4. december 2026", "fredag 5. marts 2027", "fredag 2. april 2027"):
        assert day in text_part(mail)


def test_answers_are_text_never_markup_or_template(client, app, smtp_server, deliver):
    sign_up(
        client, GROUP,
        group_form(client, navn="{{ 'Bo' ~ 'EVAL' }} <b>Bo</b>", organisation="{% raw %}&amp;"),
    )
    deliver()
    [mail] = mails_to(smtp_server, "person1@firma1.dk")
    # A lettered marker: "49" from {{ 7*7 }} can also turn up inside the random cancel link.
    assert "{{ 'Bo' ~ 'EVAL' }} <b>Bo</b>" in text_part(mail)
    assert "BoEVAL" not in text_part(mail)
    html = html_part(mail)
    assert "<b>Bo</b>" not in html and "&lt;b&gt;Bo&lt;/b&gt;" in html
    assert "{% raw %}&amp;amp;" in html


def test_long_answers_are_wrapped_for_smtp(client, app, smtp_server, deliver):
    long_text = "Vi vil gerne være med, fordi " + "det er vigtigt for byen og for os " * 55
    sign_up(client, GROUP, group_form(client, motivation=long_text.strip()[:2000]))
    deliver()
    [mail] = mails_to(smtp_server, "person1@firma1.dk")
    raw = mail.as_bytes(policy=email.policy.SMTP)
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    assert long_text.strip()[:2000] in text_part(mail)


def test_file_backend_writes_eml_files(make_app, tmp_path):
    app = make_app(MAIL_BACKEND="file", MAIL_FILE_DIR=str(tmp_path / "mail"))
    client = app.test_client()
    reference = sign_up(client, GROUP, group_form(client))
    from intake.outbox.delivery import deliver_due

    with app.app_context():
        assert deliver_due() == 2
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert [f.name.split("-", 1)[1] for f in files] == ["signup_received.eml", "staff_notified.eml"]
    message = message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert reference in message["Subject"]
    assert "Kære Person 1" in message.get_body(("plain",)).get_content()
