"""A form's fields in the editor, through the rendered forms: add, edit, move, remove,
options with stable codes, show_if from lists."""

from intake.staff.editor import edits
from tests.staff.conftest import page_form, post_form
from tests.staff.editor.conftest import draft, press
from tests.support.htmlform import RenderedForm

FORM = "/staff/skemaer/netvaerksmesse"


def keys(app, slug="netvaerksmesse"):
    return [f["key"] for f in draft(app, slug).mapping["fields"]]


def test_add_a_field_then_edit_its_generated_properties(app, editor):
    response = post_form(
        editor, FORM, f"{FORM}/felter", type="choice", label="Hvor hørte I om messen?"
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{FORM}/felter/hvor_hoerte_i_om_messen")
    url = f"{FORM}/felter/hvor_hoerte_i_om_messen"
    form = page_form(editor, url, url)
    assert "widget" in form.names and "options" not in form.names  # options: own page
    form.set("label__en", "Where did you hear about the fair?").set("widget", "select")
    form.set("required", "y")
    assert editor.post(url, data=form.data()).status_code == 303
    field = edits.field_at(draft(app, "netvaerksmesse").mapping, "hvor_hoerte_i_om_messen")
    assert field == {
        "key": "hvor_hoerte_i_om_messen",
        "type": "choice",
        "label": {"da": "Hvor hørte I om messen?", "en": "Where did you hear about the fair?"},
        "required": True,
        "widget": "select",
    }


def test_a_mistake_is_shown_in_danish_next_to_the_field_and_the_typing_stays(app, editor):
    url = f"{FORM}/felter/branche"
    form = page_form(editor, url, url)
    form.set("max_length", "hundrede").set("label__da", "Branche (ny tekst)")
    response = editor.post(url, data=form.data())
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="form-error-message" id="err-max_length"' in html
    assert 'value="hundrede"' in html and 'value="Branche (ny tekst)"' in html
    assert edits.field_at(draft(app, "netvaerksmesse").mapping, "branche")["max_length"] == 100


def test_renaming_a_key_to_one_in_use_is_refused(app, editor):
    url = f"{FORM}/felter/branche"
    form = page_form(editor, url, url).set("key", "cvr")
    response = editor.post(url, data=form.data())
    assert response.status_code == 422
    assert "Nøglen bruges allerede" in response.get_data(as_text=True)


def test_up_down_and_remove(app, editor):
    before = keys(app)
    response = press(editor, FORM, f"{FORM}/felter/cvr/flyt", "step", "up")
    assert response.status_code == 303
    assert keys(app)[:2] == ["cvr", "firmanavn"]
    response = post_form(editor, FORM, f"{FORM}/felter/branche/slet")
    assert response.status_code == 303 and "branche" not in keys(app)
    assert len(keys(app)) == len(before) - 1


def test_sub_fields_of_a_repeat(app, editor):
    url = f"{FORM}/felter/deltagere"
    response = post_form(editor, url, f"{FORM}/felter", type="text", label="Stilling")
    assert response.status_code == 303
    sub = edits.field_at(draft(app, "netvaerksmesse").mapping, "deltagere.stilling")
    assert sub == {"key": "stilling", "type": "text", "label": "Stilling"}


def test_options_keep_their_code_when_relabelled(app, editor):
    url = f"{FORM}/felter/netvaerk/svar"
    response = post_form(editor, url, url, **{"new-da": "Tværfagligt netværk"})
    assert response.status_code == 303
    options = edits.field_at(draft(app, "netvaerksmesse").mapping, "netvaerk")["options"]
    assert options[-1] == {"code": "tvaerfagligt_netvaerk", "label": "Tværfagligt netværk"}
    action = f"{url}/brancheopdelt"
    form = page_form(editor, url, action).set("o-0-da", "Netværk efter branche")
    assert form.values["o-0-description_da"] == ["Med virksomheder i samme branche."]
    form.press("action", "save")
    assert editor.post(action, data=form.data()).status_code == 303
    options = edits.field_at(draft(app, "netvaerksmesse").mapping, "netvaerk")["options"]
    assert options[0]["code"] == "brancheopdelt"
    assert options[0]["label"] == {"da": "Netværk efter branche", "en": "Network by trade"}
    assert options[0]["description"]["da"] == "Med virksomheder i samme branche."
    response = press(editor, url, action, "action", "down")
    assert response.status_code == 303
    options = edits.field_at(draft(app, "netvaerksmesse").mapping, "netvaerk")["options"]
    assert [o["code"] for o in options][:2] == ["aldersopdelt", "brancheopdelt"]


def test_an_empty_option_gets_a_danish_message(app, editor):
    url = f"{FORM}/felter/netvaerk/svar"
    response = post_form(editor, url, url, **{"new-da": "", "new-en": "Only English"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Skriv svarmuligheden på dansk." in html and 'value="Only English"' in html


def test_show_if_is_built_by_choosing_a_field_and_its_values(app, editor):
    url = f"{FORM}/felter/branche/show_if"
    page = editor.get(url).get_data(as_text=True)
    assert 'value="netvaerk"' in page and 'value="firmanavn"' not in page  # options only
    html = editor.get(f"{url}?felt=netvaerk").get_data(as_text=True)
    form = RenderedForm(html, form_index=html.count("<form") - 1)  # step 2: the values
    assert form.action == url
    form.set("values", ["brancheopdelt", "geografisk"])
    assert editor.post(url, data=form.data()).status_code == 303
    field = edits.field_at(draft(app, "netvaerksmesse").mapping, "branche")
    assert field["show_if"] == {"netvaerk": ["brancheopdelt", "geografisk"]}
    field_page = editor.get(f"{FORM}/felter/branche").get_data(as_text=True)
    assert "netvaerk er brancheopdelt eller geografisk" in field_page
    assert press(editor, url, url, "clear", "1").status_code == 303
    assert "show_if" not in edits.field_at(draft(app, "netvaerksmesse").mapping, "branche")


def test_a_followups_per_goal_questions(app, editor):
    import yaml

    from intake.extensions import db
    from intake.formdefs import store
    from tests.conftest import ROOT

    mapping = yaml.safe_load((ROOT / "forms" / "opfoelgning.yaml").read_text(encoding="utf-8"))
    with app.app_context():
        store.create_form(mapping, by="test")
        db.session.commit()
    page = "/staff/skemaer/opfoelgning"
    html = editor.get(page).get_data(as_text=True)
    first_goal_key = mapping["goal_fields"][0]["key"]
    assert f"/felter/goal_fields.{first_goal_key}" in html
    response = post_form(editor, page, f"{page}/felter", type="text", label="Hvad mangler I?")
    assert response.status_code == 303  # the form's own fields first: a plain field
    html = editor.get(page).get_data(as_text=True)
    form = RenderedForm(
        html,
        form_index=[
            RenderedForm(html, form_index=i).values.get("parent")
            for i in range(html.count("<form"))
        ].index(["goal_fields"]),
    )
    form.fill(type="text", label="Hvad er næste skridt?")
    response = editor.post(form.action, data=form.data())
    assert response.headers["Location"].endswith("/felter/goal_fields.hvad_er_naeste_skridt")
    goal = draft(app, "opfoelgning").mapping["goal_fields"]
    assert goal[-1] == {
        "key": "hvad_er_naeste_skridt",
        "type": "text",
        "label": "Hvad er næste skridt?",
    }
    url = f"{page}/felter/goal_fields.hvad_er_naeste_skridt"
    assert editor.get(url).status_code == 200
    assert press(editor, page, f"{url}/flyt", "step", "up").status_code == 303
    goal = draft(app, "opfoelgning").mapping["goal_fields"]
    assert goal[-2]["key"] == "hvad_er_naeste_skridt"
