"""'Har du mistet linket?' for meeting invitations: the follow-up's lost-link page (and its
alias /moeder/mistet-link) sends ONE mail with a fresh RSVP link for each meeting still to
come; an unknown address gets the same page and no mail; a goal owner who is also invited
gets both mails; the "not valid" page of a meeting link leads to the lost-link page."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from intake.clock import LOCAL
from intake.extensions import db
from intake.followup.logfilter import redact
from intake.goals.models import FocusArea
from intake.meetings import service
from intake.meetings.models import Meeting, MeetingInvitation, MeetingKind, RsvpAnswer
from intake.outbox.models import OutboxMessage
from tests.conftest import open_form
from tests.meetings.conftest import (
    DEADLINE,
    LINK_RE,
    STARTS,
    add_members,
    invite,
    links,
    make_meeting,
    page,
    rsvp_form,
)
from tests.support.goals import DEADLINE as ROUND_DEADLINE
from tests.support.goals import LINK_RE as ROUND_LINK_RE
from tests.support.goals import make_round, open_link, seed

ASK_AT = datetime(2027, 10, 25, 10, 0, tzinfo=LOCAL)  # after the past meeting, before the rest


def _ask(client, email: str, url: str = "/opfoelgning/mistet-link"):
    """What a person does: open the page (through `url`), type the address, send."""
    response = client.get(url, follow_redirects=True)
    assert response.status_code == 200, response.status_code
    form = open_form(client, response.request.path)
    form.fill(email=email)
    return client.post(response.request.path, data=form.data())


def _text(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def _cancel(app, frozen_clock, meeting_id: int) -> None:
    frozen_clock(ASK_AT - timedelta(days=3))
    with app.test_request_context():
        service.cancel(db.session.get(Meeting, meeting_id))
        db.session.commit()


def test_one_mail_with_a_fresh_link_for_each_meeting_to_come(
    app, client, frozen_clock, smtp_server, deliver
):
    add_members(client, frozen_clock, 2)
    first = make_meeting(app)
    second = make_meeting(
        app, kind=MeetingKind.MEETING_2, title="2. møde i Det gode erhvervsliv",
        starts_at=STARTS + timedelta(days=14), ends_at=STARTS + timedelta(days=14, hours=2),
        rsvp_deadline_at=DEADLINE + timedelta(days=14), address="Torvet 2, 8722 Hedensted",
    )
    cancelled = make_meeting(
        app, kind=MeetingKind.OTHER, title="Aflyst temamøde",
        starts_at=STARTS + timedelta(days=7), ends_at=STARTS + timedelta(days=7, hours=2),
    )
    past = make_meeting(
        app, kind=MeetingKind.OTHER, title="Holdt kaffemøde",
        starts_at=ASK_AT - timedelta(days=2), ends_at=ASK_AT - timedelta(days=2, hours=-1),
        rsvp_deadline_at=ASK_AT - timedelta(days=4),
    )
    for meeting_id in (first, second, cancelled, past):
        assert invite(app, frozen_clock, meeting_id) == 2
    old = links(app)["person1@firma1.dk"]
    _cancel(app, frozen_clock, cancelled)
    deliver()
    before = len(smtp_server.messages)

    frozen_clock(ASK_AT)
    response = _ask(app.test_client(), "Person1@Firma1.DK")
    assert response.status_code == 200
    assert "Tjek din e-mail" in response.get_data(as_text=True)
    assert deliver() == 1
    [mail] = smtp_server.messages[before:]
    assert mail["To"] == "person1@firma1.dk"
    assert mail["Subject"] == "Dine nye links til 2 møder"
    text = _text(mail)
    assert text.index("1. møde i Det gode erhvervsliv") < text.index("2. møde i Det gode")
    assert "tirsdag 2. november 2027 kl. 17.00–19.00" in text
    assert "Firma 1 ApS, Søndergade 1, 8722 Hedensted" in text
    assert "Firma 1 ApS, Torvet 2, 8722 Hedensted" in text
    assert "Svar Ja, Nej eller Måske senest fredag 29. oktober 2027 kl. 12.00:\nhttps://" in text
    assert "senest fredag 12. november 2027 kl. 12.00:\nhttps://" in text
    assert "Aflyst temamøde" not in text and "Holdt kaffemøde" not in text
    fresh = LINK_RE.findall(text)
    assert len(fresh) == 2 and old not in fresh
    html = mail.get_body(("html",)).get_content()
    assert all(f'href="https://intake.example.dk/moeder/{token}"' in html for token in fresh)

    # Both links open the RSVP page of their own meeting, and an answer can be given.
    titles = ["1. møde i Det gode erhvervsliv", "2. møde i Det gode erhvervsliv"]
    for token, title in zip(fresh, titles, strict=True):
        assert f"<h1>{title}</h1>" in page(client, token).get_data(as_text=True)
    form = rsvp_form(client, fresh[1])
    form.fill(answer="ja")
    assert client.post(f"/moeder/{fresh[1]}", data=form.data()).status_code == 303
    assert page(client, old).status_code == 200  # the earlier link still works
    with app.app_context():
        invitation = db.session.scalar(sa.select(MeetingInvitation).where(
            MeetingInvitation.meeting_id == second,
            MeetingInvitation.email == "person1@firma1.dk"))
        assert invitation.answer == RsvpAnswer.YES
        stored = db.session.scalars(sa.select(OutboxMessage).where(
            OutboxMessage.kind == "meeting_new_link")).all()
        assert [m.recipients for m in stored] == [["person1@firma1.dk"]]


def test_an_unknown_address_gets_the_same_page_and_no_mail(
    app, client, frozen_clock, smtp_server, deliver
):
    add_members(client, frozen_clock, 1)
    assert invite(app, frozen_clock, make_meeting(app)) == 1
    deliver()
    before = len(smtp_server.messages)
    frozen_clock(DEADLINE + timedelta(days=1))  # too late to answer, the meeting still to come
    known = _ask(app.test_client(), "person1@firma1.dk", url="/moeder/mistet-link")
    unknown = _ask(app.test_client(), "ingen@firma9.dk", url="/moeder/mistet-link")
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    assert deliver() == 1
    [mail] = smtp_server.messages[before:]
    assert mail["To"] == "person1@firma1.dk"
    text = _text(mail)
    assert "Fristen for at svare var fredag 29. oktober 2027 kl. 12.00." in text
    [token] = LINK_RE.findall(text)
    assert 'class="alert alert-info rsvp-closed"' in page(client, token).get_data(as_text=True)
    with app.app_context():  # nothing written for the unknown address
        assert service.send_lost_links("ingen@firma9.dk") == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
            OutboxMessage.kind == "meeting_new_link")) == 1


def test_a_goal_owner_who_is_also_invited_gets_both_mails(
    app, frozen_clock, smtp_server, deliver
):
    seed(app)
    asked_at = ROUND_DEADLINE - timedelta(days=5)
    frozen_clock(asked_at - timedelta(days=1))
    make_round(app)
    meeting_id = make_meeting(app, focus_area=FocusArea.ARBEJDSLIV,
                              title="1. møde i Det gode arbejdsliv")
    invite(app, frozen_clock, meeting_id, at=asked_at - timedelta(days=1))  # nobody signed up
    with app.test_request_context():
        service.add_guest(db.session.get(Meeting, meeting_id), "Bo Berg", "bo@example.dk")
        db.session.commit()
    deliver()
    before = len(smtp_server.messages)

    frozen_clock(asked_at)
    assert _ask(app.test_client(), "bo@example.dk").status_code == 200
    assert deliver() == 2
    mails = smtp_server.messages[before:]
    assert [m["To"] for m in mails] == ["bo@example.dk"] * 2
    by_subject = {m["Subject"]: _text(m) for m in mails}
    round_text = by_subject.pop("Dit nye link til opfølgningen på dine mål")
    [(subject, meeting_text)] = by_subject.items()
    assert subject == "Dit nye link til mødet 1. møde i Det gode arbejdsliv"
    assert "Kære Bo Berg" in meeting_text
    [round_token] = ROUND_LINK_RE.findall(round_text)
    [meeting_token] = LINK_RE.findall(meeting_text)
    assert open_link(app.test_client(), round_token).status_code == 303
    assert page(app.test_client(), meeting_token).status_code == 200


def test_the_not_valid_page_leads_to_a_new_link(app, client):
    bad = "A" * 43
    response = client.get(f"/moeder/{bad}")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    main = html.split("<main", 1)[1]
    assert 'href="/moeder/mistet-link"' in main and "Få et nyt link" in main
    assert bad not in html  # not even in the language switch's next=
    assert client.get(f"/moeder/{bad}/kalender.ics").status_code == 404
    alias = client.get("/moeder/mistet-link")
    assert alias.status_code == 302
    assert alias.headers["Location"] == "/opfoelgning/mistet-link"
    lost = client.get("/opfoelgning/mistet-link").get_data(as_text=True)
    assert "<h1>Har du mistet linket til spørgeskemaet eller til et møde?</h1>" in lost
    # The alias is a page, not a token: the request log keeps it, and masks real links.
    assert redact("GET /moeder/mistet-link HTTP/1.1") == "GET /moeder/mistet-link HTTP/1.1"
    assert redact(f"GET /moeder/{bad} HTTP/1.1") == "GET /moeder/… HTTP/1.1"


def test_too_many_bad_meeting_links_offer_a_new_link(app):
    """The guessing limit's page (intake/followup/guessing.py) offers the lost-link page on a
    meeting link too, as it does on a follow-up link."""
    client = app.test_client()
    guesser = {"REMOTE_ADDR": "203.0.113.20"}
    for i in range(10):
        assert client.get(f"/moeder/{'m' * 42}{i}", environ_base=guesser).status_code == 404
    page = client.get(f"/moeder/{'m' * 43}", environ_base=guesser)
    assert page.status_code == 429
    text = page.get_data(as_text=True)
    assert "For mange forsøg med links" in text
    assert 'href="/opfoelgning/mistet-link"' in text and "Bed om et nyt link" in text
    assert "m" * 43 not in text
