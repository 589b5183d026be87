"""Personal links: entropy and format, only a hash stored, one answer for every bad token,
guessing throttled, a GET changes nothing, and IDOR attempts change nothing."""

from __future__ import annotations

import hashlib
import logging
import math
from datetime import timedelta

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.rounds import tokens
from intake.rounds.models import Invitation, LinkToken
from tests.conftest import open_form
from tests.support.goals import DEADLINE, issue_token, links_in, make_round, open_link


@pytest.fixture
def started(app, seeded, frozen_clock):
    frozen_clock(DEADLINE - timedelta(days=10))
    return make_round(app)


def _snapshot(app) -> list:
    """Everything a link could change: invitations and tokens, column by column."""
    with app.app_context():
        rows = []
        for model in (Invitation, LinkToken):
            for row in db.session.scalars(sa.select(model).order_by(model.id)):
                rows.append(tuple(getattr(row, c.key) for c in model.__table__.columns))
        return rows


def _dump(app) -> bytes:
    """Every value in every table, as text."""
    with app.app_context():
        parts = []
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(sa.select(table)):
                parts.append(repr(tuple(row)))
        return "\n".join(parts).encode()


def test_token_entropy_and_format(app, started):
    seen = set()
    with app.app_context():
        invitation = db.session.scalars(sa.select(Invitation)).first()
        for _ in range(200):
            token = tokens.issue(invitation, tokens.TokenPurpose.INVITATION)
            assert tokens.TOKEN_RE.match(token)
            seen.add(token)
        db.session.rollback()
    assert len(seen) == 200
    # 43 URL-safe base64 characters carry 6 bits each: 258 ≥ 256 bits of randomness from secrets.
    assert 43 * math.log2(64) >= 256 and tokens.TOKEN_BYTES * 8 >= 128


def test_only_the_hash_is_stored_and_sent_links_leave_the_outbox(
    app, started, smtp_server, deliver
):
    from intake.rounds import scrub

    deliver()
    raw = links_in(smtp_server.messages)
    assert len(raw) == 3
    with app.app_context():
        hashes = set(db.session.scalars(sa.select(LinkToken.token_hash)))
        assert {hashlib.sha256(t.encode()).hexdigest() for t in raw} == hashes
        assert scrub.run() == 3
    dump = _dump(app)
    for token in raw:
        assert token.encode() not in dump
    assert b"personligt link fjernet" in dump
    # The links in the delivered mails still work: only the stored copies were scrubbed.
    assert open_link(app.test_client(), raw[0]).status_code == 303


def _invalid_page(client, token):
    response = client.get(f"/opfoelgning/{token}")
    return response.status_code, response.get_data(as_text=True)


def test_every_bad_token_gets_the_same_page(app, started, frozen_clock):
    client = app.test_client()
    good = issue_token(app, "anne@example.dk")
    revoked = issue_token(app, "bo@example.dk")
    with app.app_context():
        row = db.session.scalar(
            sa.select(LinkToken).where(LinkToken.token_hash == tokens.hash_token(revoked))
        )
        tokens.revoke_all(row.invitation)
        db.session.commit()
    tampered = good[:-1] + ("A" if good[-1] != "A" else "B")
    cases = {
        "unknown": "x" * 43, "tampered": tampered, "short": good[:20], "long": good + "A",
        "revoked": revoked, "odd": "%C3%A6%00..", "empty-ish": "-",
    }
    pages = {name: _invalid_page(client, token) for name, token in cases.items()}
    frozen_clock(DEADLINE + timedelta(days=14, seconds=1))  # grace is 14 days
    pages["expired"] = _invalid_page(client, good)
    first = pages["unknown"]
    assert first[0] == 404
    assert "Linket er ikke gyldigt" in first[1] and "bed om et nyt" in first[1].lower()
    for name, page in pages.items():
        assert page == first, name
    assert "Anne" not in first[1] and "Flere lærepladser" not in first[1]


def test_a_draft_round_has_no_valid_links(app, seeded):
    round_id = make_round(app, start=False)
    with app.app_context():
        from intake.goals.models import Owner
        from intake.rounds.models import Round

        round_ = db.session.get(Round, round_id)
        invitation = Invitation(
            round=round_, owner=db.session.get(Owner, seeded["anne"]), reminder_count=0
        )
        db.session.add(invitation)
        db.session.flush()
        token = tokens.issue(invitation, tokens.TokenPurpose.INVITATION)
        db.session.commit()
    assert app.test_client().get(f"/opfoelgning/{token}").status_code == 404


def test_guessing_is_throttled_per_ip(app, started):
    client = app.test_client()
    guesser = {"REMOTE_ADDR": "203.0.113.9"}
    codes = [
        client.get(f"/opfoelgning/{'g' * 42}{i % 10}", environ_base=guesser).status_code
        for i in range(12)
    ]
    assert codes[:10] == [404] * 10
    assert codes[10:] == [429, 429]
    token = issue_token(app, "anne@example.dk")
    assert client.get(f"/opfoelgning/{token}", environ_base=guesser).status_code == 429
    other = app.test_client()
    assert (
        other.get(f"/opfoelgning/{token}", environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code
        == 200
    )


def test_too_many_guesses_get_a_page_for_the_owner(app, started):
    """Not the generic 'Det, du skrev, står herunder': why, how long to wait, a new link."""
    client = app.test_client()
    guesser = {"REMOTE_ADDR": "203.0.113.10"}
    for i in range(10):
        assert client.get(f"/opfoelgning/{'h' * 42}{i}", environ_base=guesser).status_code == 404
    page = client.get(f"/opfoelgning/{'h' * 43}", environ_base=guesser)
    assert page.status_code == 429
    text = page.get_data(as_text=True)
    assert "For mange forsøg med links" in text
    assert "Vent 1 minut, og åbn så linket i din e-mail igen." in text
    assert 'href="/opfoelgning/mistet-link"' in text and "Bed om et nyt link" in text
    assert "Det, du skrev" not in text and "Det, du sendte" not in text
    assert 1 <= int(page.headers["Retry-After"]) <= 61  # until the minute's window ends
    # The button's POST has its own count; when it is used up, the same page, and the token
    # the POST carried is not shown back (the generic page lists what was sent).
    for i in range(10):
        bad = client.post("/opfoelgning/aabn", data={"token": f"{'i' * 42}{i}"},
                          environ_base=guesser)
        assert bad.status_code == 404
    token = issue_token(app, "anne@example.dk")
    pressed = client.post("/opfoelgning/aabn", data={"token": token}, environ_base=guesser)
    assert pressed.status_code == 429 and "For mange forsøg med links" in pressed.get_data(True)
    assert token not in pressed.get_data(as_text=True)


def test_valid_opens_do_not_count_towards_the_limit(app, started):
    token = issue_token(app, "anne@example.dk")
    client = app.test_client()
    for _ in range(15):
        assert client.get(f"/opfoelgning/{token}").status_code == 200


def test_get_changes_nothing(app, started):
    token = issue_token(app, "anne@example.dk")
    before = _snapshot(app)
    client = app.test_client()
    for _ in range(3):
        page = client.get(f"/opfoelgning/{token}")
        assert page.status_code == 200
        assert "Åbn spørgeskemaet" in page.get_data(as_text=True)
        assert page.headers["Referrer-Policy"] == "no-referrer"
        assert page.headers["Cache-Control"] == "no-store"
        assert "Anne" not in page.get_data(as_text=True)  # a scanner learns nothing
    assert _snapshot(app) == before
    # Reading the page does not reach the questionnaire either; only the button does.
    assert client.get("/opfoelgning/svar").status_code == 403
    assert open_link(client, token).status_code == 303
    with app.app_context():
        invitation = db.session.scalar(sa.select(LinkToken).where(
            LinkToken.token_hash == tokens.hash_token(token))).invitation
        assert invitation.opened_at is not None


def test_exchange_needs_csrf_and_a_valid_token(app, started):
    token = issue_token(app, "anne@example.dk")
    client = app.test_client()
    assert client.post("/opfoelgning/aabn", data={"token": "nope"}).status_code == 404
    no_csrf = client.post("/opfoelgning/aabn", data={"token": token})
    assert no_csrf.status_code == 200  # the button again, nothing opened
    assert client.get("/opfoelgning/svar").status_code == 403


def _anne_session(app, seeded):
    client = app.test_client()
    assert open_link(client, issue_token(app, "anne@example.dk")).status_code == 303
    return client


def _no_answers(app):
    with app.app_context():
        for invitation in db.session.scalars(sa.select(Invitation)):
            assert invitation.draft_answers is None and invitation.submissions == []


@pytest.mark.parametrize("attack", ["foreign-field", "items", "subject", "items-dropped"])
def test_idor_attempts_change_nothing(app, seeded, started, attack):
    client = _anne_session(app, seeded)
    form = open_form(client, "/opfoelgning/svar")
    g1, g2, g3 = seeded["g1"], seeded["g2"], seeded["g3"]
    form.fill(**{f"g{g1}-status": "naaet", f"g{g2}-status": "naaet"})
    form.press("action", "submit")
    data = form.data()
    if attack == "foreign-field":
        data.add(f"g{g3}-status", "opgivet")
    elif attack == "items":
        data["Items"] = f"{g1},{g2},{g3}"
    elif attack == "subject":
        data["Subject"] = str(seeded["carl"])
    else:
        data["Items"] = str(g1)
    response = client.post("/opfoelgning/svar", data=data)
    assert response.status_code == 404
    _no_answers(app)
    with app.app_context():
        from intake.goals.models import Goal

        assert {db.session.get(Goal, g).status for g in (g1, g2, g3)} == {None}


def test_session_dies_with_its_link(app, seeded, started):
    client = _anne_session(app, seeded)
    assert client.get("/opfoelgning/svar").status_code == 200
    with app.app_context():
        for invitation in db.session.scalars(sa.select(Invitation)):
            tokens.revoke_all(invitation)
        db.session.commit()
    response = client.get("/opfoelgning/svar")
    assert response.status_code == 403
    assert "Åbn linket igen" in response.get_data(as_text=True)


def test_tokens_never_reach_the_request_log(app, started, caplog):
    from intake.followup.logfilter import redact

    token = issue_token(app, "anne@example.dk")
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logging.getLogger("werkzeug").info(
            '127.0.0.1 - - "%s" %s %s', f"GET /opfoelgning/{token} HTTP/1.1", "200", "-"
        )
    assert token not in caplog.text
    assert "/opfoelgning/…" in caplog.text
    assert redact("POST /opfoelgning/svar HTTP/1.1") == "POST /opfoelgning/svar HTTP/1.1"
