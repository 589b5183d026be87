"""The English catalogue: complete, compiled, in step with the sources, and actually used.

Danish msgids are the source; intake/translations/en holds the only catalogue. The .mo is
committed so a clean clone runs without a compile step, which is why (b) checks it is current.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from tests.support.htmlform import RenderedForm
from tests.support.signups import (
    FRIDAY,
    GROUP,
    HIDDEN_ERROR_PREFIX,
    NOW,
    field_errors,
    friday_form,
    group_form,
    mails_to,
    post,
    sign_up,
    text_of,
    text_part,
)

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "intake" / "translations"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.mo"

# The same keywords as the extract command in docs/i18n.md (pybabel's defaults plus these).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
GETTEXT_FUNCTIONS = {"gettext", "ngettext", "pgettext", "npgettext",
                     "lazy_gettext", "lazy_ngettext", "lazy_pgettext", "lazy_npgettext"}


def _po():
    with PO.open("rb") as fh:
        return read_po(fh, locale="en")


def _translations(catalog) -> dict:
    def key(value):  # read_mo gives plural forms as lists
        return tuple(value) if isinstance(value, list | tuple) else value

    return {(key(m.id), m.context): key(m.string) for m in catalog if m.id}


# --- (a) every message translated -----------------------------------------------------------------

def test_every_message_has_a_translation_and_none_is_fuzzy():
    catalog = _po()
    assert len(catalog) > 500
    untranslated = [
        m.id for m in catalog if m.id and not (all(m.string) if m.pluralizable else m.string)
    ]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [], f"{len(untranslated)} msgids without English: {untranslated[:10]}"
    assert fuzzy == [], f"fuzzy entries (check and remove the flag): {fuzzy[:10]}"


def test_translations_keep_every_placeholder():
    """babel's own checks: the same %(name)s placeholders, the right number of plural forms."""
    problems = [(m.id, [str(e) for e in errors]) for m, errors in _po().check()]
    assert problems == []


# --- (b) the committed .mo is the compiled .po ----------------------------------------------------

def test_committed_mo_matches_the_po(tmp_path):
    fresh = tmp_path / "messages.mo"
    with fresh.open("wb") as fh:
        write_mo(fh, _po())
    with fresh.open("rb") as fh:
        expected = _translations(read_mo(fh))
    with MO.open("rb") as fh:
        committed = _translations(read_mo(fh))
    stale = sorted(str(k[0]) for k in expected.keys() ^ committed.keys())
    changed = sorted(
        str(k[0]) for k in expected.keys() & committed.keys() if expected[k] != committed[k]
    )
    assert not stale and not changed, (
        "messages.mo is out of date; run pybabel compile -d intake/translations "
        f"(differs in: {(stale + changed)[:10]})")


# --- (c) nothing in the sources is missing from the catalogue -------------------------------------

def test_every_msgid_in_the_sources_is_in_the_catalogue():
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh, "babel.cfg")
    in_po = {m.id if isinstance(m.id, str) else m.id[0]: m.pluralizable for m in _po() if m.id}
    tops = {pattern.split("/", 1)[0] for pattern, _method in method_map}  # intake, templates

    def only_mapped(path: str) -> bool:  # keeps the walk out of tests/, bench/, .venv/ …
        parts = Path(path).relative_to(ROOT).parts
        return parts[0] in tops and not parts[-1].startswith((".", "_"))

    missing, plural_mismatch = set(), set()
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, directory_filter=only_mapped):
        msgid = message if isinstance(message, str) else message[0]
        if not msgid:
            continue
        if msgid not in in_po:
            missing.add(f"{filename}:{lineno}: {msgid!r}")
        elif in_po[msgid] != (not isinstance(message, str)):
            plural_mismatch.add(f"{filename}:{lineno}: {msgid!r}")
    assert not missing, (
        f"{len(missing)} msgids are not in the English catalogue; "
        "see docs/i18n.md (extract, update, translate, compile):\n"
        + "\n".join(sorted(missing)[:30])
    )
    assert not plural_mismatch, "singular/plural differs from the .po:\n" + "\n".join(
        sorted(plural_mismatch)
    )


def test_every_gettext_alias_in_the_code_is_an_extraction_keyword():
    """`from flask_babel import ngettext as _n` would hide its strings from (c); catch it here."""
    unknown = []
    for path in (ROOT / "intake").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "flask_babel":
                for alias in node.names:
                    used = alias.asname or alias.name
                    if alias.name in GETTEXT_FUNCTIONS and used not in KEYWORDS:
                        unknown.append(f"{path.relative_to(ROOT)}: {alias.name} as {used}")
    assert unknown == [], "add these names to KEYWORDS here and to the command in docs/i18n.md"


def test_no_text_is_marked_inside_an_f_string():
    """Python 3.11's extractor does not look inside f-strings, so `f"{_('ingen mål')}"` stays
    Danish on an English page (found on the policy page's chart text)."""
    hidden = []
    for path in (ROOT / "intake").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                        and call.func.id in KEYWORDS):
                    hidden.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert hidden == [], "mark the text outside the f-string: " + ", ".join(hidden)


# --- (d) the interface in English -----------------------------------------------------------------

@pytest.fixture
def _now(frozen_clock):
    frozen_clock(NOW)


def _english(client):
    response = client.get("/sprog/en")
    assert response.status_code == 303


@pytest.mark.usefixtures("_now")
def test_index_in_english_and_back_to_danish(client):
    _english(client)
    page = client.get("/")
    text = text_of(page)
    assert '<html lang="en">' in page.get_data(as_text=True)
    assert "Register with Hedensted Erhverv" in text
    assert (
        "Skip to content" in text and "Privacy policy" in text and "Accessibility statement" in text
    )
    assert "Open for registration until 7 October 2027 at 12:00." in text  # English date pattern
    assert "Tilmeld dig hos" not in text and " kl. " not in text

    client.get("/sprog/da")
    text = text_of(client.get("/"))
    assert "Tilmeld dig hos Hedensted Erhverv" in text
    assert "Åben for tilmelding til 7. oktober 2027 kl. 12.00." in text
    assert "Register with" not in text


@pytest.mark.usefixtures("_now")
def test_form_errors_in_english(client):
    _english(client)
    form = RenderedForm(client.get(GROUP).get_data(as_text=True))  # posted back as rendered, empty
    response = post(client, GROUP, form)
    assert response.status_code == 200
    text = text_of(response)
    assert "There are errors in the form" in text
    assert "(required)" in text and "Send registration" in text
    errors = field_errors(response)
    assert errors, "the empty form should have field errors"
    assert any("Please fill in this field." in e for e in errors.values()), errors
    hidden = re.findall(HIDDEN_ERROR_PREFIX, response.get_data(as_text=True))
    assert hidden == ["Error: "] * len(errors), hidden  # the hidden "Error:" before each
    assert "Udfyld" not in text and "Der er fejl" not in text


@pytest.mark.usefixtures("_now")
def test_receipt_in_english(client):
    _english(client)
    response = post(client, GROUP, group_form(client, 1))
    assert response.status_code == 303, field_errors(response)
    reference = response.headers["Location"].rsplit("/", 1)[-1]
    text = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", "", text_of(client.get(response.headers["Location"])))
    )
    assert "Thank you for registering" in text
    assert f"Your reference number is {reference}." in text
    assert "We have sent a confirmation to person1@firma1.dk." in text
    assert "Tak for din tilmelding" not in text


@pytest.mark.usefixtures("_now")
def test_not_found_page_in_english(client):
    _english(client)
    response = client.get("/findes-ikke")
    assert response.status_code == 404
    text = text_of(response)
    assert "Page not found" in text and "Check the address, or go to the front page." in text
    assert "Error code" in text and "Go to the front page" in text
    client.get("/sprog/da")
    assert "Siden findes ikke" in text_of(client.get("/findes-ikke"))


CONFIRMED_FORM = """\
slug: eksportkursus
title: {da: Kursus i eksport, en: Export course}
occasions:
  - date: 2026-12-10
    start: "09:00"
    end: "12:00"
    place: {da: "Rugekassen, Hedensted", en: "Rugekassen, Hedensted"}
capacity: {per: form, seats: 10, waiting_list: true}
fields:
  - {key: navn, type: text, required: true, label: {da: Navn, en: Name}}
  - {key: email, type: email, required: true, label: {da: E-mail, en: Email}}
confirmation:
  subject:
    da: "Tilmelding bekræftet: {{ form_title }} ({{ reference }})"
    en: "Registration confirmed: Export course ({{ reference }})"
  body:
    da: "Kære {{ navn }}, tak for din tilmelding til kurset."
    en: "Dear {{ navn }}, thank you for registering for the course."
privacy:
  controller: Hedensted Kommune
  purpose: Test
  legal_basis: Art. 6, stk. 1, litra e
  retention: 1 år
  rights: Indsigt, berigtigelse, sletning
  contact: erhverv@hedensted.dk
"""


@pytest.mark.usefixtures("_now")
def test_confirmation_mail_for_an_english_sign_up_is_english(make_app, smtp_server, tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "eksportkursus.yaml").write_text(CONFIRMED_FORM, encoding="utf-8")
    app = make_app(FORMS_DIR=str(forms))
    client = app.test_client()
    _english(client)
    form = RenderedForm(client.get("/f/eksportkursus").get_data(as_text=True))
    form.set("navn", "Alex Smith").set("email", "alex@example.dk")
    reference = sign_up(client, "/f/eksportkursus", form)

    from intake.outbox.delivery import deliver_due

    with app.app_context():
        while deliver_due():
            pass
    (mail,) = mails_to(smtp_server, "alex@example.dk")
    assert mail["Subject"] == f"Registration confirmed: Export course ({reference})"
    body = text_part(mail)
    assert "Dear Alex Smith, thank you for registering for the course." in body
    for english in (f"Reference number: {reference}", "Status: confirmed",
                    "Date: Thursday 10 December 2026 at 09:00-12:00, Rugekassen, Hedensted",
                    "Your answers:", "See, change or cancel your sign-up under My sign-up:",
                    "Kind regards"):
        assert english in body, (english, body)
    assert "Referencenummer" not in body and "Venlig hilsen" not in body and " kl. " not in body


@pytest.mark.usefixtures("_now")
def test_seed_form_mail_in_english_uses_the_catalogue(client, smtp_server, deliver):
    """The seed form's own confirmation text has an English version,
    and so has everything around it."""
    _english(client)
    sign_up(client, FRIDAY, friday_form(client, 1))
    deliver()
    (mail,) = mails_to(smtp_server, "ivaerk1@start1.dk")
    body = text_part(mail)
    assert "Date: Friday 4 December 2026 at " in body, body
    assert "Kind regards" in body and "Venlig hilsen" not in body
    assert mail["Subject"].startswith("Registration confirmed: Network Friday at Rugekassen")
    assert "Dear Iværksætter 1" in body and "Kære" not in body
