"""The staff editor offers the `file` type with its own properties, from its description
alone (intake/formdefs/types/file.py; no editor code names it)."""

from intake.staff.editor import edits
from tests.staff.conftest import page_form, post_form
from tests.staff.editor.conftest import draft

FORM = "/staff/skemaer/netvaerksmesse"


def test_add_a_file_field_and_set_its_properties(app, editor):
    response = post_form(editor, FORM, f"{FORM}/felter", type="file", label="Jeres handlingsplan")
    assert response.status_code == 303
    url = f"{FORM}/felter/jeres_handlingsplan"
    form = page_form(editor, url, url)
    assert {"allowed", "max_mb", "max_files", "required"} <= form.names
    assert not {"default", "prefill", "max_length", "pattern"} & form.names
    form.set("allowed", "pdf, docx").set("max_mb", "5").set("max_files", "2").set("required", "y")
    assert editor.post(url, data=form.data()).status_code == 303
    field = edits.field_at(draft(app, "netvaerksmesse").mapping, "jeres_handlingsplan")
    assert field == {"key": "jeres_handlingsplan", "type": "file",
                     "label": "Jeres handlingsplan", "required": True,
                     "allowed": "pdf, docx", "max_mb": 5, "max_files": 2}


def test_a_wrong_kind_is_named_in_danish_on_the_form_page(app, editor):
    post_form(editor, FORM, f"{FORM}/felter", type="file", label="Bilag")
    url = f"{FORM}/felter/bilag"
    form = page_form(editor, url, url).set("allowed", "pdf, exe")
    assert editor.post(url, data=form.data()).status_code == 303  # a draft may be unfinished
    page = editor.get(FORM).get_data(as_text=True)
    assert "&#39;allowed&#39; kan kun være pdf, docx, xlsx, png og jpeg" in page
