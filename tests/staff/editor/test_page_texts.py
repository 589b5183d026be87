"""What the editor pages say about a form's state (issue 12 newcomer review): sentences apart
(Jinja's trim_blocks once glued them), the forms list's status, the publish page of a first
version, and the form page once the draft equals the published version."""

from __future__ import annotations

import html as html_lib
import re

from tests.staff.conftest import post_form
from tests.staff.editor.test_lifecycle import new_blank
from tests.support.shipped import shipped_version
from tests.support.signups import text_of

FORM = "/staff/skemaer/netvaerksmesse"
V = shipped_version("netvaerksmesse")
NEW = "/staff/skemaer/internt-oplaeg"

EDITOR_PAGES = (
    "/staff/skemaer",
    FORM,
    NEW,
    "/staff/skemaer/ny",
    f"{FORM}/kopi",
    f"{FORM}/felter/firmanavn",
    f"{FORM}/felter/deltagere",
    f"{FORM}/felter/netvaerk/svar",
    f"{FORM}/felter/branche/show_if?felt=netvaerk",
    f"{FORM}/indstillinger/generelt",
    f"{FORM}/indstillinger/kapacitet",
    f"{FORM}/indstillinger/mail",
    f"{FORM}/indstillinger/privatliv",
    f"{FORM}/indstillinger/datoer",
    f"{FORM}/indstillinger/betingelser",
    "/staff/skemaer/ivaerksaetterfredag/indstillinger/maanedlig",
    f"{FORM}/offentliggoer",
    f"{NEW}/offentliggoer",
    f"{FORM}/historik?a={V}&b={V}",
    "/staff/skemaer/regneark",
    f"{FORM}/regneark",
)


def visible_text(response) -> str:
    """The page's text, tags as spaces, scripts and styles left out."""
    page = response.get_data(as_text=True)
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def status_of(editor, slug: str) -> str:
    page = editor.get("/staff/skemaer").get_data(as_text=True)
    row = re.search(rf'<tr>(?:(?!</tr>).)*/staff/skemaer/{slug}".*?</tr>', page, re.S).group(0)
    cell = re.search(r'class="form-status">(.*?)</td>', row, re.S).group(1)
    return html_lib.unescape(re.sub(r"\s+", " ", cell)).strip()


def edit_label(editor, text: str = "Hvilken branche?") -> None:
    url = f"{FORM}/felter/branche"
    assert post_form(editor, url, url, label__da=text).status_code == 303


def test_no_sentence_is_glued_to_the_next(app, editor):
    assert new_blank(editor).status_code == 303
    edit_label(editor)  # "senest gemt af" on a published form too
    for url in EDITOR_PAGES:
        response = editor.get(url)
        assert response.status_code == 200, url
        glued = re.findall(r"\w{2}[.!?:][A-ZÆØÅ]\w+", visible_text(response))
        assert glued == [], (url, glued)
    new = text_of(editor.get(NEW))
    assert "Ikke offentliggjort endnu. Kladden er senest gemt af redaktoer@hedensted.dk" in new
    published = text_of(editor.get(FORM))
    assert f"Offentliggjort version: {V}. Kladden er senest gemt af" in published


def test_forms_list_shows_every_state(app, editor):
    assert status_of(editor, "netvaerksmesse") == "Offentliggjort"
    edit_label(editor)
    assert status_of(editor, "netvaerksmesse") == "Offentliggjort, ændringer i kladden"
    assert post_form(editor, FORM, f"{FORM}/luk").status_code == 303
    assert status_of(editor, "netvaerksmesse") == "Lukket, ændringer i kladden"
    assert new_blank(editor).status_code == 303
    assert status_of(editor, "internt-oplaeg") == "Ikke offentliggjort"


def test_publish_page_of_a_first_version_compares_with_nothing(app, editor):
    assert new_blank(editor).status_code == 303
    page = text_of(editor.get(f"{NEW}/offentliggoer"))
    assert "Offentliggør du det nu, bliver det version 1" in page
    assert "Ændringer i forhold til den offentliggjorte version" not in page
    assert "Ingen ændringer." not in page
    response = post_form(editor, f"{NEW}/offentliggoer", f"{NEW}/offentliggoer")
    assert response.status_code == 303
    assert "Version 1 er offentliggjort." in text_of(editor.get(NEW))
    again = visible_text(editor.get(f"{NEW}/offentliggoer"))
    assert "bliver det version 1" not in again
    assert "Ændringer i forhold til den offentliggjorte version Ingen ændringer." in again


def test_form_page_says_published_when_the_draft_has_no_changes(app, editor):
    published = text_of(editor.get(FORM))
    assert "Skemaet er offentliggjort, og kladden har ingen ændringer" in published
    assert "Skemaet kan offentliggøres." not in published
    edit_label(editor)
    changed = text_of(editor.get(FORM))
    assert "Ingen fejl. Skemaet kan offentliggøres." in changed
    assert "kladden har ingen ændringer" not in changed
    assert post_form(editor, f"{FORM}/offentliggoer", f"{FORM}/offentliggoer").status_code == 303
    assert "kladden har ingen ændringer" in text_of(editor.get(FORM))
    assert new_blank(editor).status_code == 303
    assert "Ingen fejl. Skemaet kan offentliggøres." in text_of(editor.get(NEW))


def test_xlsform_pages_explain_the_workbook_without_the_repository(app, editor):
    for url in ("/staff/skemaer/regneark", f"{FORM}/regneark"):
        page = editor.get(url).get_data(as_text=True)
        assert "README" not in page
        guide = page.split('id="xlsform-subset"')[1].split("</ul>")[0]
        assert 3 <= guide.count("<li>") <= 5
        assert "survey" in guide and "choices" in guide and "settings" in guide
        assert 'href="/staff/skemaer/regneark/skabelon.xlsx"' in page.split('id="xlsform-guide"')[1]
