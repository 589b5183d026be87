"""A news mail may link to one published inspiration sheet (contract C6): staff pick it on the
form (only published sheets are offered), the mail carries its absolute public link, and a
sheet withdrawn meanwhile is refused with a Danish message, what was typed kept."""

from __future__ import annotations

from intake.clock import now as clock_now
from intake.extensions import db
from intake.goals.models import FocusArea
from intake.inspiration.models import InspirationSheet
from tests.news.conftest import add_consent, new_form, preview, received, send, sendings
from tests.support.signups import field_errors, html_part, text_part


def _sheet(app, title: str, published: bool = True, n: int = 1) -> int:
    with app.app_context():
        sheet = InspirationSheet(
            focus_area=FocusArea.BAEREDYGTIGE, title=title, description="",
            storage_name=f"{n:064x}", file_name="ark.pdf", size=10, sha256="0" * 64,
            is_published=published, published_at=clock_now() if published else None)
        db.session.add(sheet)
        db.session.commit()
        return sheet.id


def test_the_mail_links_to_the_chosen_published_sheet(app, staff_client, smtp_server, deliver):
    add_consent(app, "anna@byg.dk")
    sheet_id = _sheet(app, "Overskudsvarme mellem naboer")
    _sheet(app, "Kladde, ikke offentlig", published=False, n=2)
    form = new_form(staff_client)
    assert form.options("sheet") == [str(sheet_id)]  # only the published one (and "none")
    assert send(staff_client, sheet=str(sheet_id)).status_code == 303
    assert sendings(app)[0].sheet_id == sheet_id
    deliver()
    [mail] = received(smtp_server)
    url = f"https://intake.example.dk/erhvervspolitik/inspiration/{sheet_id}"
    assert f"Inspirationsark: Overskudsvarme mellem naboer\r\n{url}" in text_part(mail)
    assert f'<a href="{url}"' in html_part(mail)
    page = staff_client.get(f"/staff/nyheder/{sendings(app)[0].id}").get_data(as_text=True)
    assert "Overskudsvarme mellem naboer" in page


def test_a_sheet_withdrawn_before_sending_is_refused_and_the_text_kept(app, staff_client):
    add_consent(app, "anna@byg.dk")
    sheet_id = _sheet(app, "Snart væk")
    form = new_form(staff_client).fill(subject="Nyt ark", body="Se arket", sheet=str(sheet_id))
    with app.app_context():
        db.session.get(InspirationSheet, sheet_id).is_published = False
        db.session.commit()
    response = staff_client.post("/staff/nyheder/ny", data=form.data())
    assert response.status_code == 422
    assert field_errors(response)["sheet"] == (
        "Inspirationsarket findes ikke længere. Vælg et andet.")
    assert 'value="Nyt ark"' in response.get_data(as_text=True)
    assert sendings(app) == []


def test_without_published_sheets_the_choice_is_not_shown(app, staff_client):
    add_consent(app, "anna@byg.dk")
    assert 'id="sheet"' not in staff_client.get("/staff/nyheder/ny").get_data(as_text=True)
    assert preview(staff_client).status_code == 200
