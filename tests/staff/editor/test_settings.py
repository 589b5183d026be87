"""The form's own settings pages: generated forms, lists edited one entry at a time, the mail
with placeholders inserted from a list."""

from tests.staff.conftest import page_form, post_form
from tests.staff.editor.conftest import draft, press

BASE = "/staff/skemaer/netvaerksmesse/indstillinger"


def test_general_settings(app, editor):
    url = f"{BASE}/generelt"
    form = page_form(editor, url, url)
    assert form.values["closes"] == ["2027-10-07T12:00"]
    assert form.values["listed"] == ["y"]  # listed on / unless the form says otherwise
    form.set("closes", "2027-10-06T12:00").set("listed", []).set("title__en", "")
    form.set("notify", "erhverv@hedensted.dk\nmesse@hedensted.dk")
    assert editor.post(url, data=form.data()).status_code == 303
    mapping = draft(app, "netvaerksmesse").mapping
    assert mapping["closes"] == "2027-10-06 12:00"
    assert mapping["listed"] is False
    assert mapping["title"] == "Netværksmesse 2027 i Hedensted Centeret"
    assert mapping["notify"] == ["erhverv@hedensted.dk", "messe@hedensted.dk"]
    assert mapping["privacy"]["controller"]["da"].startswith("Hedensted Kommune")  # untouched


def test_a_bad_number_is_named_in_danish_and_kept(app, editor):
    url = f"{BASE}/generelt"
    form = page_form(editor, url, url).set("retention_days", "to år")
    response = editor.post(url, data=form.data())
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="err-retention_days"' in html and 'value="to år"' in html


def test_capacity(app, editor):
    url = f"{BASE}/kapacitet"
    response = post_form(editor, url, url, seats="150", waiting_list=[])
    assert response.status_code == 303
    capacity = draft(app, "netvaerksmesse").mapping["capacity"]
    assert capacity == {"per": "form", "seats": 150, "people": "deltagere"}


def test_mail_placeholders_are_inserted_from_a_list(app, editor):
    url = f"{BASE}/mail"
    before = draft(app, "netvaerksmesse").revision
    form = page_form(editor, url, url)
    assert "firmanavn" in form.options("placeholder") and "reference" in form.options("placeholder")
    form.set("placeholder", "kontakt_email").set("body__da", "Tak for tilmeldingen.")
    response = editor.post(url, data=form.press("insert", "1").data())
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Tak for tilmeldingen. {{ kontakt_email }}</textarea>" in html
    assert draft(app, "netvaerksmesse").revision == before  # nothing saved until "Gem"


def test_dates_are_a_list_edited_one_at_a_time(app, editor):
    url = f"{BASE}/datoer"
    form = page_form(editor, url, url)
    assert form.values["e0-date"] == ["2027-10-08"]
    form.set("e0-date", "2027-10-09")
    assert editor.post(url, data=form.press("action", "save").data()).status_code == 303
    occasions = draft(app, "netvaerksmesse").mapping["occasions"]
    assert occasions[0]["date"] == "2027-10-09" and occasions[0]["start"] == "09:00"
    html = editor.get(url).get_data(as_text=True)
    from tests.support.htmlform import RenderedForm

    new = RenderedForm(html, form_index=html.count("<form") - 1)
    new.fill(
        **{
            "new-date": "2027-10-10",
            "new-start": "10:00",
            "new-end": "12:00",
            "new-place__da": "Juelsminde",
        }
    )
    assert editor.post(url, data=new.data()).status_code == 303
    assert len(draft(app, "netvaerksmesse").mapping["occasions"]) == 2
    assert press(editor, url, url, "action", "remove").status_code == 303
    occasions = draft(app, "netvaerksmesse").mapping["occasions"]
    assert [o["date"] for o in occasions] == ["2027-10-10"]


def test_a_monthly_rule(app, editor):
    url = "/staff/skemaer/ivaerksaetterfredag/indstillinger/maanedlig"
    form = page_form(editor, url, url)
    assert form.values["weekday"] == ["fredag"]
    form.set("count", "8")
    assert editor.post(url, data=form.data()).status_code == 303
    rule = draft(app, "ivaerksaetterfredag").mapping["occasions"]["every_month"]
    assert rule["count"] == 8 and rule["capacity"] == 25


def test_eligibility_rules_name_a_field_from_a_list(app, editor):
    url = f"{BASE}/betingelser"
    form = page_form(editor, url, url)
    assert "postnummer" in form.options("e0-field") and "deltagere" not in form.options("e0-field")
    form.set("e0-in", "7130\n7140")
    assert editor.post(url, data=form.press("action", "save").data()).status_code == 303
    rule = draft(app, "netvaerksmesse").mapping["eligibility"][0]
    assert rule["field"] == "postnummer" and rule["in"] == ["7130", "7140"]
    assert rule["message"]["en"].startswith("The network fair")
