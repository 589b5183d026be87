"""Mail headers follow RFC 5322 and RFC 2047 whatever the length or letters of names and
subjects (issue 9 §2): delivered through a real aiosmtpd server and parsed back from the
bytes it received with the standard library's strict policy.
"""

from __future__ import annotations

import email
import re
from email import policy
from email.header import decode_header, make_header

import pytest

from intake.extensions import db
from intake.outbox.delivery import deliver_due
from intake.outbox.service import enqueue
from tests.support.signups import GROUP, NOW, group_form, outbox, sign_up, signups

ARO = "xn--r-3fa9c.dk"  # ærø.dk in IDNA (RFC 5891)
ENCODED_WORD = re.compile(rb"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")
DANISH_NAME = ("Hedensted Kommune, Erhverv og Udvikling – "
               + " ".join(["Ærø Østergård Åse Søndergaard-Bøgelund"] * 5))
SUBJECTS = [
    "Bekræftelse: " + "Ærlig snak om grøn omstilling på Østergård, " * 5 + "og så videre",
    "Tilmelding " + "x" * 230,  # one word too long to fold as plain text
    "Kort emne",
    "Ø" * 280,
]


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def deliver(app) -> None:
    """The worker's delivery, with this test's app (the `deliver` fixture has its own)."""
    with app.app_context():
        while deliver_due():
            pass


def _sender(name: str) -> str:
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{quoted}" <erhverv@hedensted.dk>'


def _rfc2047_display_name(raw_header: str) -> str:
    """The display name decoded by RFC 2047 §6.2 (whitespace between adjacent encoded-words
    is dropped). Python 3.11's modern parser keeps that whitespace in a display name
    (CPython gh-128110), so the name is read with the classic decoder."""
    phrase = raw_header.rsplit("<", 1)[0].strip()
    text = str(make_header(decode_header(phrase)))
    return text[1:-1].replace('\\"', '"') if text.startswith('"') else text


def _check_standards(raw: bytes) -> email.message.EmailMessage:
    lines = raw.split(b"\r\n")
    assert max(len(line) for line in lines) <= 998  # RFC 5322 §2.1.1, a MUST
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert max(len(line) for line in head.split(b"\r\n")) <= 78  # the SHOULD, for headers
    words = ENCODED_WORD.findall(head)
    assert all(len(word) <= 75 for word in words), max(words, key=len)  # RFC 2047 §2
    assert head.isascii()
    parsed = email.message_from_bytes(raw, policy=policy.strict)
    assert parsed.defects == []
    for name in ("Subject", "From", "To", "Reply-To"):
        if parsed[name] is not None:
            assert parsed[name].defects == (), name
    return parsed


@pytest.mark.parametrize("subject", SUBJECTS)
def test_long_danish_subject_and_sender_name_follow_the_rfcs(make_app, smtp_server, subject):
    app = make_app(MAIL_DEFAULT_SENDER=_sender(DANISH_NAME), STAFF_NOTIFY_ENABLED=False)
    assert len(DANISH_NAME) > 200
    with app.app_context():
        enqueue("test", ["modtager@firma.dk"], subject, "Tekst med æøå", reply_to="aase@ærø.dk")
        db.session.commit()
    deliver(app)
    [raw] = smtp_server.handler.raw
    parsed = _check_standards(raw)
    assert str(parsed["Subject"]) == subject
    [sender] = parsed["From"].addresses
    assert sender.addr_spec == "erhverv@hedensted.dk"
    classic = email.message_from_bytes(raw, policy=policy.compat32)
    assert _rfc2047_display_name(classic["From"]) == DANISH_NAME
    [mail] = smtp_server.messages
    assert mail["X-Envelope-From"] == "erhverv@hedensted.dk"
    # A Danish domain goes in its IDNA form, in the envelope and the headers alike.
    assert parsed["Reply-To"].addresses[0].addr_spec == f"aase@{ARO}"


@pytest.mark.parametrize("name", [
    "Hedensted Kommune, Erhverv",  # the example of issue 9: a comma in the name
    'Søren "Søn" Sørensen',
    "A" * 120,  # one ASCII word too long to fold
    "Erhverv",
])
def test_sender_names_survive_the_round_trip(make_app, smtp_server, name):
    app = make_app(MAIL_DEFAULT_SENDER=_sender(name), STAFF_NOTIFY_ENABLED=False)
    with app.app_context():
        enqueue("test", ["modtager@firma.dk"], "Emne", "Tekst")
        db.session.commit()
    deliver(app)
    [raw] = smtp_server.handler.raw
    parsed = _check_standards(raw)
    assert parsed["From"].addresses[0].addr_spec == "erhverv@hedensted.dk"
    classic = email.message_from_bytes(raw, policy=policy.compat32)
    assert _rfc2047_display_name(classic["From"]) == name
    assert smtp_server.messages[0]["X-Envelope-From"] == "erhverv@hedensted.dk"


def test_a_danish_recipient_domain_is_sent_in_idna_form(make_app, smtp_server):
    app = make_app(STAFF_NOTIFY_ENABLED=False)
    with app.app_context():
        enqueue("test", ["post@ærø.dk"], "Emne", "Tekst")
        db.session.commit()
    deliver(app)
    [mail] = smtp_server.messages
    assert mail["X-Envelope-To"] == f"post@{ARO}"
    parsed = _check_standards(smtp_server.handler.raw[0])
    assert parsed["To"].addresses[0].addr_spec == f"post@{ARO}"


def test_staff_notification_replies_to_the_person_who_signed_up(make_app, smtp_server):
    app = make_app()  # the group form notifies erhverv@hedensted.dk
    client = app.test_client()
    sign_up(client, GROUP, group_form(client, navn="Åse Ærø", email="Aase.Aero@Firma1.dk"))
    deliver(app)
    [signup] = signups(app)
    person = signup.email  # as stored: aase.aero@firma1.dk
    by_recipient = {m["X-Envelope-To"]: m for m in smtp_server.messages}
    staff_mail = by_recipient["erhverv@hedensted.dk"]
    assert staff_mail["Reply-To"] == person
    assert by_recipient[person]["Reply-To"] is None  # the person's own mail has none
    for raw in smtp_server.handler.raw:
        _check_standards(raw)
    staff_row = next(m for m in outbox(app) if m.kind == "staff_notified")
    assert staff_row.reply_to == person

