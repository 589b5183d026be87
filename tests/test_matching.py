"""The matching rule in one place (intake.matching): keys made in Python, the same on every
database and locale, for every spelling of the same text."""

from __future__ import annotations

import json
import unicodedata

import pytest

from intake import matching
from intake.formdefs.registry import current_registry


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize("text", ["Åse Ærø", "åse ærø", "ÅSE ÆRØ", nfd("Åse Ærø"), nfd("ÅSE  ÆRØ "),
                                  "A\u030ase \u00c6r\u00f8"])
def test_every_spelling_folds_to_one_key(text):
    assert matching.fold(text) == "åse ærø"


def test_fold_keeps_danish_letters_apart_and_follows_unicode_casefolding():
    assert matching.fold("Aase") != matching.fold("Åse")
    assert matching.fold("STRASSE") == matching.fold("Straße") == "strasse"


def test_email_key_changes_case_and_form_but_never_the_address():
    assert matching.email_key(nfd(" Kontakt@ÅBYG.DK ")) == "kontakt@åbyg.dk"
    # casefold's "ss" would be another mailbox
    assert matching.email_key("Straße@x.dk") == "straße@x.dk"


def test_ascii_anchor_is_in_every_spelling_and_in_escaped_json():
    key = matching.email_key("kontakt@åbyg.dk")
    anchor = matching.ascii_anchor(key)
    assert anchor == "kontakt@"
    for stored in (nfd("KONTAKT@ÅBYG.DK"), json.dumps(["kontakt@åbyg.dk"])):
        assert anchor in stored.lower()


def test_search_text_holds_names_and_contacts_of_every_row(app):
    with app.app_context():
        form = current_registry().get("samarbejdsgruppe")
    text = matching.search_text(form, {
        "navn": nfd("Åse Ærø"), "organisation": "Østergaard Byg ApS", "stilling": "Direktør",
        "email": "Info@Åbyg.DK", "telefon": "+4520304050", "motivation": "Åse er med",
        "gruppe": "erhvervsliv"})
    assert text == "\nåse ærø\nøstergaard byg aps\ninfo@åbyg.dk\n+4520304050\n"
    unknown = matching.search_text(None, {"navn": "Bo",
                                          "deltagere": [{"email": "A@B.DK", "x": "y"}]})
    assert unknown == "\nbo\na@b.dk\n"
    assert matching.search_text(form, {}) == ""


def test_the_boundary_hands_every_value_over_in_nfc(app):
    with app.test_request_context("/?q=" + "A%CC%8Ase", method="POST",
                                  data={"navn": [nfd("Åse"), nfd("Ærø")]}):
        from flask import request

        assert request.args["q"] == "Åse"
        assert request.form.getlist("navn") == ["Åse", "Ærø"]
