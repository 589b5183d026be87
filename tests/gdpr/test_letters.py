"""GDPR find and erase match an address however it was typed or stored (issue 8, part 3).

The person's address has Danish letters ("Kontakt@Åbyg.DK"): stored decomposed on their own
sign-up, upper-case in a repeat row of someone else's sign-up, and in a mail that belongs to
no sign-up. Staff type it in NFC or NFD, in any case. Before the fix, SQLite's JSON text
(which escapes "å") and lower() (ASCII only) hid it, and PostgreSQL depended on the locale.
"""

from __future__ import annotations

import unicodedata

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.gdpr import person as persons
from intake.gdpr import service
from intake.outbox import service as outbox
from intake.outbox.models import OutboxMessage
from intake.signups.models import Signup
from tests.exports.factory import FULL_ANSWERS, add_signup

ADDRESS = "Kontakt@Åbyg.DK"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


SPELLINGS = ["kontakt@åbyg.dk", "KONTAKT@ÅBYG.DK", nfd(ADDRESS), nfd("kontakt@åbyg.dk"), ADDRESS]


@pytest.fixture
def people(app):
    own = add_signup(app, "eksport", FULL_ANSWERS | {
        "navn": nfd("Åse Ærø"), "email": nfd(ADDRESS), "telefon": "+4520304050", "deltagere": []})
    listing = add_signup(app, "eksport", FULL_ANSWERS | {"deltagere": [
        {"navn": "Åse Ærø", "email": "KONTAKT@ÅBYG.DK", "foedt": None},
        {"navn": "Bo Bæk", "email": "bo@example.dk", "foedt": None},
    ]})
    with app.app_context():
        outbox.enqueue("followup_new_link", [nfd(ADDRESS)], "Nyt link", "Hej Åse")
        db.session.commit()
    return own, listing


@pytest.mark.parametrize("typed", SPELLINGS)
def test_find_matches_every_spelling(app, people, typed):
    own, listing = people
    with app.app_context():
        report = service.find(persons.parse(typed))
    answers = next(s for s in report.sections if s.title == "Tilmeldinger")
    assert {(row[0], row[4]) for row in answers.rows} == {
        (own, "Tilmeldt"), (listing, "Nævnt som deltager")}
    mails = next(s for s in report.sections if s.title == "Mails")
    assert "Nyt link" in {row[3] for row in mails.rows}


def test_erase_by_a_decomposed_upper_case_query(app, people):
    own, listing = people
    with app.app_context():
        entry = service.erase(persons.parse(nfd("KONTAKT@ÅBYG.DK")), actor="test")
        db.session.commit()
        assert entry.payload["signups"]["references"] == [own]
        remaining = {s.reference: s for s in db.session.scalars(sa.select(Signup))}
        assert set(remaining) == {listing}
        assert [row["navn"] for row in remaining[listing].answers["deltagere"]] == ["Bo Bæk"]
        assert "åbyg" not in remaining[listing].search_text, "the keys follow the redaction"
        subjects = set(db.session.scalars(sa.select(OutboxMessage.subject)))
        assert "Nyt link" not in subjects


def test_the_person_is_one_address(app):
    assert persons.parse(nfd(" KONTAKT@ÅBYG.DK ")) == persons.parse("kontakt@åbyg.dk")
    assert persons.parse("kontakt@åbyg.dk").matches(nfd(ADDRESS))
