"""Staff search finds Danish letters however they were typed or stored (issue 8, part 3).

The example: a sign-up with name "Åse Ærø" and organisation "Østergaard Byg ApS". On
SQLite, search for "Åse", "åse", "ÅSE", "ærø" or "østergaard" found nothing (SQLite's
lower() knows only ASCII); on PostgreSQL it depended on the server's locale. Every query is
tried as typed on a PC (NFC) and as pasted from a Mac (NFD), on sign-ups made through the
public form in either form, and on a row stored decomposed before the fix.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.signups.models import Signup
from tests.conftest import open_form
from tests.staff.conftest import add_signup, group_answers

LIST = "/staff/f/samarbejdsgruppe/tilmeldinger"
QUERIES = ["Åse", "åse", "ÅSE", "ærø", "ÆRØ", "østergaard", "ØSTERGAARD BYG", "Åse Ærø",
           "kontakt@østergaard", "KONTAKT@ØSTERGAARD.DK"]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def found(staff_client, query: str) -> list[str]:
    page = staff_client.get(f"{LIST}?q={quote(query)}")
    assert page.status_code == 200
    return re.findall(r"/staff/t/(HE-[A-Z0-9]{6})", page.get_data(as_text=True))


def sign_up_in_browser(client, typed) -> str:
    """Through the rendered public form; `typed` turns each value into what the browser sends."""
    form = open_form(client, "/f/samarbejdsgruppe")
    values = group_answers(1, navn=typed("Åse Ærø"), organisation=typed("Østergaard Byg ApS"),
                           email=typed("Kontakt@Østergaard.DK"))
    for key, value in values.items():
        form.set(key, value)
    response = client.post("/f/samarbejdsgruppe", data=form.data())
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return re.search(r"(HE-[A-Z0-9]{6})", response.headers["Location"]).group(1)


@pytest.mark.parametrize("typed", [str, nfd], ids=["typed-nfc", "typed-nfd"])
def test_staff_search_finds_the_example_however_it_was_typed(app, client, staff_client, now, typed):
    other = add_signup(app, "samarbejdsgruppe", group_answers(2, navn="Aase Hansen",
                                                              organisation="Oestergaard Lager"))
    reference = sign_up_in_browser(client, typed)
    with app.app_context():
        stored = db.session.scalar(sa.select(Signup).where(Signup.reference == reference))
        assert stored.answers["navn"] == "Åse Ærø", "input is NFC from the boundary on"
        assert stored.email == "kontakt@østergaard.dk"
    for query in QUERIES:
        for spelled in (query, nfd(query)):
            assert found(staff_client, spelled) == [reference], (query, spelled == query)
    assert found(staff_client, "aase") == [other], "å is its own letter, not a with a ring"


def test_staff_search_finds_rows_stored_decomposed(app, staff_client, now):
    """A row written decomposed (before the fix, or by a bulk import) is found the same way."""
    reference = add_signup(app, "samarbejdsgruppe", group_answers(
        1, navn=nfd("ÅSE ÆRØ"), organisation=nfd("Østergaard Byg ApS")))
    for query in QUERIES[:-2]:
        for spelled in (query, nfd(query)):
            assert found(staff_client, spelled) == [reference], query


def test_search_text_follows_changed_answers(app, now):
    reference = add_signup(app, "samarbejdsgruppe", group_answers(1, navn="Åse Ærø"))
    with app.app_context():
        signup = db.session.scalar(sa.select(Signup).where(Signup.reference == reference))
        assert "\nåse ærø\n" in signup.search_text
        signup.answers = {**signup.answers, "navn": "Ib Ørsted"}
        db.session.commit()
        assert "\nib ørsted\n" in signup.search_text and "åse" not in signup.search_text
