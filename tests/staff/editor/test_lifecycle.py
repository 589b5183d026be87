"""A form's life in the editor: new from a starter, clone, checker report, preview with a
test sign-up, publish, history, restore, close and reopen; and the role check."""

import sqlalchemy as sa

from intake.extensions import db
from intake.outbox.models import OutboxMessage
from intake.signups.models import Signup
from intake.staff.models import AuditEntry
from intake.staff.roles import Role
from tests.staff.conftest import create_staff, csrf_of, log_in, page_form, post_form
from tests.staff.editor.conftest import EDITOR, draft
from tests.support.htmlform import RenderedForm
from tests.support.shipped import shipped_version

V = shipped_version("netvaerksmesse")  # the version the editor starts from


def audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def new_blank(editor, slug="internt-oplaeg", title="Internt oplæg"):
    return post_form(
        editor, "/staff/skemaer/ny", "/staff/skemaer/ny", starter="blank", slug=slug, title=title
    )


def test_new_form_from_a_starter(app, editor):
    response = new_blank(editor)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/staff/skemaer/internt-oplaeg")
    mapping = draft(app, "internt-oplaeg").mapping
    assert mapping["title"] == "Internt oplæg" and mapping["fields"][0]["key"] == "navn"
    assert "form.create" in audit_actions(app)
    again = new_blank(editor, title="Igen")
    assert again.status_code == 200
    assert "Adressen bruges allerede" in again.get_data(as_text=True)


def test_a_bad_address_is_refused_in_danish(app, editor):
    response = new_blank(editor, slug="Internt Oplæg")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "små bogstaver (a-z)" in html
    assert 'value="Internt Oplæg"' in html


def test_clone_for_the_next_edition(app, editor):
    url = "/staff/skemaer/netvaerksmesse/kopi"
    form = page_form(editor, url, url)
    assert form.values["title"] == ["Netværksmesse 2028 i Hedensted Centeret"]
    assert form.values["slug"] == ["netvaerksmesse-2028"]
    assert editor.post(url, data=form.data()).status_code == 303
    mapping = draft(app, "netvaerksmesse-2028").mapping
    assert mapping["occasions"][0]["date"] == "2028-10-08"
    assert mapping["title"]["en"] == "Network fair 2028 at Hedensted Centeret"


def test_checker_report_links_each_mistake_to_its_field(app, editor):
    url = "/staff/skemaer/netvaerksmesse/felter/branche"
    form = page_form(editor, url, url).set("label__da", "").set("label__en", "")
    assert editor.post(url, data=form.data()).status_code == 303  # a draft may have mistakes
    html = editor.get("/staff/skemaer/netvaerksmesse").get_data(as_text=True)
    assert 'href="/staff/skemaer/netvaerksmesse/felter/branche"' in html.split('id="problems"')[1]
    publish = editor.get("/staff/skemaer/netvaerksmesse/offentliggoer").get_data(as_text=True)
    assert "kan ikke offentliggøres" in publish and "Offentliggør skemaet" not in publish


def test_publish_shows_the_change_report_then_publishes(app, editor):
    url = "/staff/skemaer/netvaerksmesse/felter/branche"
    form = page_form(editor, url, url).set("label__da", "Hvilken branche?")
    assert editor.post(url, data=form.data()).status_code == 303
    page = "/staff/skemaer/netvaerksmesse/offentliggoer"
    html = editor.get(page).get_data(as_text=True)
    assert "Intet af det indsamlede berøres." in html  # no answers yet
    assert "Hvilken branche?" in html.split('id="differences"')[1]
    response = post_form(editor, page, page)
    assert response.status_code == 303
    from intake.formdefs import store

    with app.app_context():
        newest = store.versions("netvaerksmesse")[0]
    assert newest.version == V + 1 and newest.published_by == EDITOR
    assert "form.publish" in audit_actions(app)


def test_history_shows_the_difference_and_restores(app, editor):
    url = "/staff/skemaer/netvaerksmesse/felter/branche"
    form = page_form(editor, url, url).set("label__da", "Hvilken branche?")
    editor.post(url, data=form.data())
    page = "/staff/skemaer/netvaerksmesse/offentliggoer"
    post_form(editor, page, page)
    history = "/staff/skemaer/netvaerksmesse/historik"
    html = editor.get(f"{history}?a={V}&b={V + 1}").get_data(as_text=True)
    assert "Hvilken branche?" in html.split('id="diff"')[1] and EDITOR in html
    response = None
    html = editor.get(history).get_data(as_text=True)
    for index in range(html.count("<form")):
        form = RenderedForm(html, form_index=index)
        if form.action == f"{history}/{V}/gendan":
            response = editor.post(form.action, data=form.data())
    assert response.status_code == 303
    field = next(f for f in draft(app, "netvaerksmesse").mapping["fields"] if f["key"] == "branche")
    assert field["label"]["da"] == "Branche"
    assert editor.get(f"{history}?a={V}&b=99").status_code == 404


def test_preview_test_signup_is_never_stored_and_mails_only_the_staff_member(app, editor):
    new_blank(editor)
    url = "/staff/skemaer/internt-oplaeg/forhaandsvisning"
    html = editor.get(url).get_data(as_text=True)
    assert "Forhåndsvisning" in html and "Dit navn" in html
    form = RenderedForm(html, form_index=html.count("<form") - 1)
    form.fill(navn="Prøve Person", email="someone@example.dk")
    response = editor.post(url, data=form.data())
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Signup)) == 0
        mails = db.session.scalars(sa.select(OutboxMessage)).all()
    assert [m.recipients for m in mails] == [[EDITOR]]
    assert mails[0].subject.startswith("[Forhåndsvisning]")
    bad = RenderedForm(html, form_index=html.count("<form") - 1).fill(navn="", email="x")
    response = editor.post(url, data=bad.data())
    assert response.status_code == 200 and "Der er fejl i formularen" in response.get_data(
        as_text=True
    )


def test_close_now_and_reopen(app, editor):
    page = "/staff/skemaer/netvaerksmesse"
    assert post_form(editor, page, f"{page}/luk").status_code == 303
    assert "Tilmeldingen er lukket" in editor.get(page).get_data(as_text=True)
    assert post_form(editor, page, f"{page}/genaabn").status_code == 303
    assert audit_actions(app)[-2:] == ["form.close", "form.reopen"]


def test_every_editor_route_needs_the_forms_role(app):
    create_staff(app, email="udtraek@hedensted.dk", roles=frozenset({Role.SIGNUPS}))
    client = app.test_client()
    log_in(client, email="udtraek@hedensted.dk")
    assert "Skemaer" not in client.get("/staff/").get_data(as_text=True)
    token = csrf_of(client)
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("staff.editor_"):
            url = (
                rule.rule.replace("<slug>", "netvaerksmesse")
                .replace("<address>", "branche")
                .replace("<code>", "x")
                .replace("<int:version>", "1")
                .replace("<section>", "generelt")
                .replace("<any(show_if, required_if):prop>", "show_if")
            )
            method = "GET" if "GET" in rule.methods else "POST"
            response = client.open(url, method=method, data={"csrf_token": token})
            assert response.status_code == 403, (url, response.status_code)


def test_the_change_report_counts_answers_already_given(app, editor, now):
    from tests.staff.conftest import add_signup, group_answers

    add_signup(app, "samarbejdsgruppe", group_answers())
    page = "/staff/skemaer/samarbejdsgruppe"
    assert post_form(editor, page, f"{page}/felter/motivation/slet").status_code == 303
    html = editor.get(f"{page}/offentliggoer").get_data(as_text=True)
    report = html.split('id="change-report"')[1].split("</ul>")[0]
    assert "<li>" in report and "1" in report


def test_the_audit_log_reads_the_editor_actions_in_danish(app, editor):
    from intake.staff.audit_text import describe

    page = "/staff/skemaer/netvaerksmesse"
    post_form(editor, page, f"{page}/felter/branche/slet")
    post_form(editor, f"{page}/offentliggoer", f"{page}/offentliggoer")
    with app.test_request_context():
        entries = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action.like("form.%")).order_by(AuditEntry.id)
        ).all()
        sentences = [describe(e) for e in entries]
    assert sentences == [
        "Fjernede feltet branche fra skemaet netvaerksmesse",
        f"Offentliggjorde version {V + 1} af skemaet netvaerksmesse",
    ]


def test_a_publish_with_mistakes_is_refused_and_nothing_changes(app, editor):
    from intake.formdefs import store

    url = "/staff/skemaer/netvaerksmesse/felter/branche"
    form = page_form(editor, url, url).set("label__da", "").set("label__en", "")
    editor.post(url, data=form.data())
    page = "/staff/skemaer/netvaerksmesse/offentliggoer"
    token = csrf_of(editor, page)
    revision = draft(app, "netvaerksmesse").revision
    response = editor.post(page, data={"csrf_token": token, "revision": str(revision)})
    assert response.status_code == 409
    assert "kan ikke offentliggøres" in response.get_data(as_text=True)
    with app.app_context():
        assert [v.version for v in store.versions("netvaerksmesse")] == [V]


def test_people_on_a_moved_date_can_be_told_when_publishing(app, editor, now):
    from tests.staff.conftest import add_signup, friday_answers

    add_signup(app, "ivaerksaetterfredag", friday_answers())
    rule = "/staff/skemaer/ivaerksaetterfredag/indstillinger/maanedlig"
    assert post_form(editor, rule, rule, start="09:00").status_code == 303
    page = "/staff/skemaer/ivaerksaetterfredag/offentliggoer"
    form = page_form(editor, page, page)
    assert form.values["notify"] == ["1"]  # offered, ticked
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
    response = editor.post(page, data=form.data(), follow_redirects=True)
    assert "1 tilmeldt har fået en opdateret kalenderinvitation." in response.get_data(as_text=True)
    with app.app_context():
        mails = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert len(mails) == before + 1
    assert mails[-1].kind == "signup_event_changed"
    assert mails[-1].recipients == ["ivaerk1@example.dk"]
