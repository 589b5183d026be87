"""Staff pages that read: overview, list (search, filters, sorting, pages), detail, seat map,
mail log and audit log."""

from __future__ import annotations

import re

import sqlalchemy as sa
from markupsafe import escape

from intake.extensions import db
from intake.outbox.models import MailStatus, OutboxMessage
from intake.staff.models import AuditEntry
from tests.staff.conftest import (
    add_signup,
    friday_answers,
    group_answers,
    post_confirmed,
    post_form,
)


def _refs(html: str) -> list[str]:
    return re.findall(r'class="reference" href="/staff/t/(HE-[A-Z0-9]{6})"', html)


def test_dashboard_and_forms_show_counts(app, staff_client, now):
    for n in range(1, 15):
        add_signup(app, "samarbejdsgruppe", group_answers(n))
    add_signup(app, "ivaerksaetterfredag", friday_answers(1, dates=["2026-12-04", "2027-03-05"]))
    dashboard = staff_client.get("/staff/").get_data(as_text=True)
    assert "Tilmelding til en samarbejdsgruppe" in dashboard and "Netværksmesse 2027" in dashboard
    forms = staff_client.get("/staff/f/").get_data(as_text=True)
    assert "Det gode erhvervsliv</a>: 12/12, venteliste: 2" in forms
    assert "Det gode arbejdsliv</a>: 0/12" in forms
    assert "fredag 4. december 2026" in forms and "1/25" in forms
    assert "Hele arrangementet</a>: 0/200" in forms


def test_form_overview_per_bucket(app, staff_client, now):
    for n in range(1, 15):
        add_signup(app, "samarbejdsgruppe", group_answers(n))
    html = staff_client.get("/staff/f/samarbejdsgruppe/").get_data(as_text=True)
    row = html[html.index("Det gode erhvervsliv</a>"):]
    row = row[:row.index("</tr>")]
    assert "12/12" in row and "fuldt" in row and "venteliste: 2" in row
    assert "<strong>12</strong>aktive" in html.replace("\n", "") or "14" in html


def test_unknown_form_and_signup_are_404(staff_client):
    assert staff_client.get("/staff/f/findes-ikke/").status_code == 404
    assert staff_client.get("/staff/f/findes-ikke/tilmeldinger").status_code == 404
    assert staff_client.get("/staff/t/HE-XXXXXX").status_code == 404
    assert staff_client.get("/staff/post/999").status_code == 404
    assert staff_client.get("/staff/f/netvaerksmesse/grupper").status_code == 404


def test_list_search_filter_sort(app, staff_client, now, frozen_clock):
    from datetime import timedelta

    refs = []
    for n in range(1, 15):
        frozen_clock(now + timedelta(minutes=n))
        refs.append(
            add_signup(
                app,
                "samarbejdsgruppe",
                group_answers(n, gruppe="erhvervsliv" if n < 14 else "rammer"),
            )
        )
    base = "/staff/f/samarbejdsgruppe/tilmeldinger"
    assert _refs(staff_client.get(base).get_data(as_text=True)) == refs[::-1]
    assert _refs(staff_client.get(base + "?sort=oldest").get_data(as_text=True)) == refs
    assert _refs(staff_client.get(base + "?sort=reference").get_data(as_text=True)) == sorted(refs)
    assert _refs(staff_client.get(base + "?q=Person+3").get_data(as_text=True)) == [refs[2]]
    assert _refs(staff_client.get(base + "?q=person1").get_data(as_text=True)) == [
        refs[13],
        refs[12],
        refs[11],
        refs[10],
        refs[9],
        refs[0],
    ]
    assert _refs(staff_client.get(base + f"?q={refs[4].lower()}").get_data(as_text=True)) == [
        refs[4]
    ]
    assert _refs(staff_client.get(base + "?status=waitlisted").get_data(as_text=True)) == [refs[12]]
    assert _refs(staff_client.get(base + "?bucket=option:rammer").get_data(as_text=True)) == [
        refs[13]
    ]
    page = staff_client.get(base + "?q=%25_").get_data(as_text=True)
    assert "Ingen tilmeldinger passer til søgningen." in page
    assert staff_client.get(base + "?q=" + "x" * 101).status_code == 400
    assert (
        staff_client.get(base + "?sort=nonsense&status=nonsense&efter=garbage").status_code == 200
    )


def test_list_pages_by_keyset(app, staff_client, now, frozen_clock):
    from datetime import timedelta

    from intake.staff import listing

    refs = []
    for n in range(1, 8):
        frozen_clock(now + timedelta(minutes=n))
        refs.append(add_signup(app, "ivaerksaetterfredag", friday_answers(n)))
    original = listing.PER_PAGE
    listing.PER_PAGE = 3
    try:
        url, seen = "/staff/f/ivaerksaetterfredag/tilmeldinger?sort=oldest", []
        while url:
            html = staff_client.get(url).get_data(as_text=True)
            seen += _refs(html)
            found = re.search(r'href="([^"]+)" rel="next"', html)
            url = found.group(1).replace("&amp;", "&") if found else None
        assert seen == refs
        assert "7 tilmeldinger" in html
    finally:
        listing.PER_PAGE = original


def test_detail_shows_answers_bookings_and_mails(app, staff_client, now):
    ref = add_signup(app, "samarbejdsgruppe", group_answers(1, motivation="Linje et\nLinje to"))
    html = staff_client.get(f"/staff/t/{ref}").get_data(as_text=True)
    for text in ("Hvilken samarbejdsgruppe vil du være med i?", "Det gode erhvervsliv", "Erhverv",
                 "Byggeri", "Person 1", "person1@firma1.dk", "Linje et\nLinje to", "Bekræftet"):
        assert text in html, text
    assert "Tilmelding bekræftet" in html  # the confirmation mail, queued
    assert "I kø" in html


def test_failed_mail_is_visible_on_the_signup_and_can_be_resent(
    app, staff_client, now, smtp_server, deliver
):
    ref = add_signup(app, "samarbejdsgruppe", group_answers(1))
    smtp_server.handler.reject_recipients = True
    deliver()
    html = staff_client.get(f"/staff/t/{ref}").get_data(as_text=True)
    assert (
        "En mail til personen kunne ikke sendes" in html and "Mislykket" in html and "550" in html
    )
    with app.app_context():
        failed = db.session.scalar(
            sa.select(OutboxMessage).where(
                OutboxMessage.status == MailStatus.FAILED, OutboxMessage.kind == "signup_received"
            )
        )
    listing = staff_client.get("/staff/post/?status=failed").get_data(as_text=True)
    assert f"/staff/post/{failed.id}" in listing and ref in listing
    smtp_server.handler.reject_recipients = False
    url = f"/staff/post/{failed.id}"
    assert "Send igen nu" in staff_client.get(url).get_data(as_text=True)
    response = post_form(staff_client, url, f"{url}/send-igen")
    assert response.status_code == 303
    with app.app_context():
        message = db.session.get(OutboxMessage, failed.id)
        assert message.status == MailStatus.QUEUED and message.next_attempt_at <= now
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "mail.resend"))
        assert entry.target == f"mail:{failed.id}"
    deliver()
    assert any(m["To"] == "person1@firma1.dk" for m in smtp_server.messages)
    with app.app_context():
        assert db.session.get(OutboxMessage, failed.id).status == MailStatus.SENT
    assert "Send igen nu" not in staff_client.get(url).get_data(as_text=True)
    again = staff_client.post(f"{url}/send-igen", data={"csrf_token": _token(staff_client, url)},
                              follow_redirects=True)
    assert "kan kun sendes igen" in again.get_data(as_text=True)


def _token(client, url):
    return re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True)
    ).group(1)


def test_mail_log_and_message(app, staff_client, now):
    ref = add_signup(app, "samarbejdsgruppe", group_answers(1))
    html = staff_client.get("/staff/post/").get_data(as_text=True)
    assert "person1@firma1.dk" in html and "erhverv@hedensted.dk" in html and ref in html
    with app.app_context():
        message = db.session.scalar(
            sa.select(OutboxMessage).where(OutboxMessage.kind == "signup_received")
        )
    detail = staff_client.get(f"/staff/post/{message.id}").get_data(as_text=True)
    assert (
        message.subject in detail
        and "Person 1" in detail
        and str(escape(message.message_id)) in detail
    )
    assert "Send igen nu" not in detail
    assert "Ingen mails." in staff_client.get("/staff/post/?status=failed").get_data(as_text=True)


def test_mail_log_escapes_html_of_message(app, staff_client, now):
    add_signup(app, "samarbejdsgruppe", group_answers(1, navn="<script>alert(1)</script>"))
    with app.app_context():
        message = db.session.scalar(
            sa.select(OutboxMessage).where(OutboxMessage.kind == "signup_received")
        )
    html = staff_client.get(f"/staff/post/{message.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_seat_map_by_sector(app, staff_client, now):
    sectors = ["kommune"] * 3 + ["erhverv"] * 7 + ["andre"] * 2 + ["andre"]
    for n, sector in enumerate(sectors, start=1):
        add_signup(
            app,
            "samarbejdsgruppe",
            group_answers(
                n, sektor=sector, rolle="andet" if sector != "erhverv" else "erhvervsliv-byggeri"
            ),
        )
    html = staff_client.get("/staff/f/samarbejdsgruppe/grupper").get_data(as_text=True)
    section = html[html.index(">Det gode erhvervsliv</h2>"):]
    section = section[:section.index("</section>")]
    assert "12 af 12 pladser optaget" in section
    counts = re.findall(
        r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td><td class="num">(\d+)</td>', section
    )
    assert counts == [("Kommune", "3", "0"), ("Erhverv", "7", "0"), ("Andre aktører", "2", "1")]
    assert section.count('class="seat kommune"') == 3 and section.count('class="seat erhverv"') == 7
    other = html[html.index(">Det gode arbejdsliv</h2>"):]
    assert other[:other.index("</section>")].count('class="seat empty"') == 12


def test_audit_log_lists_actions(app, staff_client, now):
    ref = add_signup(app, "samarbejdsgruppe", group_answers(1))
    post_confirmed(staff_client, f"/staff/t/{ref}", f"/staff/t/{ref}/afmeld")
    html = staff_client.get("/staff/log/").get_data(as_text=True)
    # Danish for staff: the sentence, not the code; the filter offers Danish names.
    assert f"Afmeldte tilmelding {ref} (Det gode erhvervsliv)" in html
    assert "Loggede ind" in html and "medarbejder@hedensted.dk" in html
    assert "signup.cancel</td>" not in html and "staff.login</td>" not in html
    assert '<option value="signup.cancel">Tilmelding afmeldt</option>' in html
    filtered = staff_client.get("/staff/log/?handling=signup.cancel").get_data(as_text=True)
    assert ref in filtered and "Loggede ind" not in filtered
    history = staff_client.get(f"/staff/t/{ref}").get_data(as_text=True)
    assert f"medarbejder@hedensted.dk – Afmeldte tilmelding {ref} (Det gode erhvervsliv)" in history
