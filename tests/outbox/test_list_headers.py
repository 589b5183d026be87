"""Extra headers of a message (issue 14 §4): only List-Unsubscribe, List-Unsubscribe-Post and
List-Id, never a line break in a value (header injection), sent as written by both
transports (a real aiosmtpd server, and the .eml files), and scrubbed with the link once a
link mail has gone."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.invitations import linkmail
from intake.outbox.delivery import deliver_due
from intake.outbox.models import OutboxMessage
from intake.outbox.service import clean_headers, enqueue
from tests.support.signups import NOW

TOKEN = "T" * 43
LINK = f"https://intake.example.dk/nyheder/afmeld/{TOKEN}"
HEADERS = {"List-Unsubscribe": f"<{LINK}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def _deliver(app) -> None:
    with app.app_context():
        while deliver_due():
            pass


def test_both_headers_reach_the_smtp_server_exactly_as_written(make_app, smtp_server):
    app = make_app()
    with app.app_context():
        enqueue("news_message", ["modtager@firma.dk"], "Nyt", "Tekst", headers=HEADERS)
        db.session.commit()
    _deliver(app)
    [received] = smtp_server.messages
    assert received["List-Unsubscribe"] == f"<{LINK}>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    raw = smtp_server.handler.raw[0]
    assert f"List-Unsubscribe: <{LINK}>\r\n".encode() in raw  # one line, not encoded
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in raw


def test_the_eml_file_backend_writes_them_too(make_app, tmp_path):
    app = make_app(MAIL_FILE_DIR=str(tmp_path / "mail"))
    with app.app_context():
        enqueue("news_message", ["modtager@firma.dk"], "Nyt", "Tekst", headers=HEADERS)
        db.session.commit()
    _deliver(app)
    [path] = (tmp_path / "mail").glob("*.eml")
    written = message_from_bytes(path.read_bytes(), policy=default)
    assert written["List-Unsubscribe"] == f"<{LINK}>"
    assert written["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_message_without_extra_headers_has_none(make_app, smtp_server):
    app = make_app()
    with app.app_context():
        message = enqueue("test", ["modtager@firma.dk"], "Nyt", "Tekst")
        db.session.commit()
        assert message.headers is None
    _deliver(app)
    assert smtp_server.messages[0]["List-Unsubscribe"] is None


@pytest.mark.parametrize("headers", [
    {"List-Unsubscribe": f"<{LINK}>\r\nBcc: alle@example.com"},
    {"List-Unsubscribe": f"<{LINK}>\nBcc: alle@example.com"},
    {"List-Unsubscribe": f"<{LINK}>\rX: y"},
    {"List-Unsubscribe": "<https://x.dk/\x00>"},
    {"List-Unsubscribe": "<https://ærø.dk/afmeld>"},  # not one ASCII line
    {"List-Unsubscribe": ""},
    {"List-Unsubscribe": "x" * 901},
    {"Bcc": "alle@example.com"},
    {"From": "falsk@example.com"},
    {"Message-ID": "<x@example.com>"},
    {"X-Anything": "y"},
    {"List-Unsubscribe\r\nBcc": "alle@example.com"},
])
def test_header_injection_and_other_names_are_refused(app, headers):
    with app.app_context():
        with pytest.raises(ValueError):
            enqueue("news_message", ["modtager@firma.dk"], "Nyt", "Tekst", headers=headers)
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_names_are_stored_in_their_canonical_spelling():
    assert clean_headers({"list-unsubscribe": "<https://x.dk/a>", "LIST-ID": "Nyt <n.x.dk>"}) == {
        "List-Unsubscribe": "<https://x.dk/a>", "List-Id": "Nyt <n.x.dk>"}
    assert clean_headers({}) is None and clean_headers(None) is None


def test_a_row_changed_by_hand_cannot_add_a_header_either(make_app, smtp_server):
    app = make_app()
    with app.app_context():
        message = enqueue("test", ["modtager@firma.dk"], "Nyt", "Tekst")
        message.headers = {"Bcc": "alle@example.com"}
        db.session.commit()
        message_id = message.id
    _deliver(app)
    assert smtp_server.messages == []
    with app.app_context():
        row = db.session.get(OutboxMessage, message_id)
        assert row.status.value == "failed" and "Bcc" in row.last_error


def test_linkmail_passes_headers_and_scrubs_the_link_from_them_once_sent(make_app, smtp_server):
    app = make_app()
    with app.app_context():
        message = linkmail.enqueue_with_link(
            "news_message", ["modtager@firma.dk"], "Nyt", f"Afmeld: {LINK}", None,
            headers=HEADERS)
        db.session.flush()
        message_id = message.id
        db.session.commit()
    _deliver(app)
    assert smtp_server.messages[0]["List-Unsubscribe"] == f"<{LINK}>"  # sent with the link
    with app.app_context():
        assert linkmail.run() == 1
        row = db.session.get(OutboxMessage, message_id)
        assert TOKEN not in row.body_text and TOKEN not in str(row.headers)
        assert row.headers["List-Unsubscribe"] == (
            "<https://intake.example.dk/nyheder/afmeld/"
            "[personligt link fjernet efter afsendelse]>")
        assert row.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
