"""Two editors on one draft: the second is told who saved first, keeps what they typed, and
nothing is overwritten."""

from tests.staff.conftest import page_form
from tests.staff.editor.conftest import SECOND, draft

URL = "/staff/skemaer/netvaerksmesse/felter/branche"


def test_the_second_editor_is_told_and_keeps_their_typing(app, editor, second_editor):
    first = page_form(editor, URL, URL)
    second = page_form(second_editor, URL, URL)
    second.set("label__da", "Branche (kollegaens udgave)")
    assert second_editor.post(URL, data=second.data()).status_code == 303

    first.set("label__da", "Hvilken branche er I i?")
    response = editor.post(URL, data=first.data())
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert f"{SECOND} gemte ændringer i skemaet" in html and "intet er overskrevet" in html
    assert 'value="Hvilken branche er I i?"' in html
    field = next(f for f in draft(app, "netvaerksmesse").mapping["fields"] if f["key"] == "branche")
    assert field["label"]["da"] == "Branche (kollegaens udgave)"


def test_a_stale_button_changes_nothing(app, editor, second_editor):
    form_page = "/staff/skemaer/netvaerksmesse"
    html = editor.get(form_page).get_data(as_text=True)  # opened before the colleague saved
    second = page_form(second_editor, URL, URL).set("label__da", "Ny")
    assert second_editor.post(URL, data=second.data()).status_code == 303
    from tests.support.htmlform import RenderedForm

    for index in range(html.count("<form")):
        form = RenderedForm(html, form_index=index)
        if form.action == f"{form_page}/felter/branche/slet":
            response = editor.post(form.action, data=form.data(), follow_redirects=True)
            break
    assert f"{SECOND} gemte ændringer" in response.get_data(as_text=True)
    assert "branche" in [f["key"] for f in draft(app, "netvaerksmesse").mapping["fields"]]
    # The page opened again carries the new revision, and its button works.
    response = page_form(editor, form_page, f"{form_page}/felter/branche/slet")
    assert editor.post(response.action, data=response.data()).status_code == 303
    assert "branche" not in [f["key"] for f in draft(app, "netvaerksmesse").mapping["fields"]]
