"""Action plans in the follow-up questionnaire (issue 14 §3): the goal field `handlingsplan`
(type file) posted back through the rendered page. Files are checked by content with the
same Danish messages as a sign-up's, every other answer stays when one is refused, accepted
files are stored when a draft is saved and when the answers are sent (and after the
deadline, as a late answer), a stored file is kept when the owner saves again without
choosing a new one, and "Fjern" removes it."""

from __future__ import annotations

import io
import os
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.files.models import UploadedFile
from intake.rounds.models import Invitation
from tests.conftest import open_form
from tests.support.files import PDF, made
from tests.support.goals import DEADLINE, forms_dir, issue_token, make_round, open_link, seed

URL = "/opfoelgning/svar"


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(FORMS_DIR=str(forms_dir(tmp_path)), UPLOADS_DIR=str(tmp_path / "filer"))


@pytest.fixture
def owner(app, frozen_clock):
    """Anne's browser with an open questionnaire; (client, ids)."""
    frozen_clock(DEADLINE - timedelta(days=10))
    ids = seed(app)
    make_round(app)
    client = app.test_client()
    assert open_link(client, issue_token(app, "anne@example.dk")).status_code == 303
    return client, ids


def on_disk(app) -> list[str]:
    directory = app.config["UPLOADS_DIR"]
    return sorted(os.listdir(directory)) if os.path.isdir(directory) else []


class Stored:
    """Anne's invitation as stored: id, draft, latest sent answers, late answers."""

    def __init__(self, app):
        from intake.goals.models import Owner

        with app.app_context():
            found = db.session.scalar(
                sa.select(Invitation).join(Owner).where(Owner.email == "anne@example.dk"))
            self.id, self.draft_answers = found.id, found.draft_answers
            self.submitted_at = found.submitted_at
            self.latest = found.latest.answers if found.latest else None
            self.late_answers = [a.answers for a in found.late_answers]


invitation = Stored


def rows(app) -> list[UploadedFile]:
    with app.app_context():
        found = list(db.session.scalars(sa.select(UploadedFile).order_by(UploadedFile.id)))
        db.session.expunge_all()
        return found


def post(client, action: str, files: dict | None = None, **typed):
    """Open the page, type `typed`, attach `files` {field name: [(file name, bytes)]}, press
    the button named `action` and post the form back as a browser does (multipart)."""
    form = open_form(client, URL).fill(**typed)
    form.press("action", action)
    data = form.data()
    for name, items in (files or {}).items():
        assert name in form.names, name
        data.setlist(name, [(io.BytesIO(content), filename) for filename, content in items])
    return client.post(URL, data=data, content_type="multipart/form-data")


def plan(ids) -> str:
    return f"g{ids['g1']}-handlingsplan"


def statuses(ids) -> dict:
    return {f"g{ids['g1']}-status": "i_gang", f"g{ids['g2']}-status": "naaet"}


def test_the_page_posts_multipart_with_one_picker_per_goal(owner):
    client, ids = owner
    page = client.get(URL).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    for goal in ("g1", "g2"):
        picker = re.search(rf'<input[^>]*name="g{ids[goal]}-handlingsplan"[^>]*>', page).group(0)
        assert 'type="file"' in picker and "multiple" in picker
        assert 'accept=".pdf,.docx,.xlsx,application/pdf' in picker
    assert "Filtyper: PDF, Word (DOCX), Excel (XLSX). Højst 3 filer på hver højst 10 MB." in page
    assert "Kommentar, der må vises offentligt" in page


def test_a_draft_stores_the_file_on_the_invitation_and_goal(app, owner):
    client, ids = owner
    response = post(client, "draft", {plan(ids): [("Handlingsplan 2027.pdf", PDF)]},
                    **{f"g{ids['g1']}-gjort": "Møde med skolerne"})
    assert response.status_code == 303, response.get_data(as_text=True)
    (row,) = rows(app)
    draft = invitation(app).draft_answers
    assert draft["goals"][str(ids["g1"])]["handlingsplan"] == [
        {"id": row.id, "name": "Handlingsplan 2027.pdf", "size": len(PDF), "type": "pdf"}]
    assert (row.invitation_id, row.goal_id, row.signup_id) == (
        invitation(app).id, ids["g1"], None)
    assert (row.form_slug, row.field_key, row.kind) == ("opfoelgning", "handlingsplan", "pdf")
    assert on_disk(app) == [row.storage_name]
    page = client.get(URL).get_data(as_text=True)
    assert "Gemt: Handlingsplan 2027.pdf. Vælg en ny fil, hvis du vil erstatte den." in page
    assert f'name="{plan(ids)}-fjern" value="{row.id}"' in page


def test_saving_again_without_a_new_file_keeps_it_and_submitting_stores_it(app, owner):
    client, ids = owner
    docx = made("docx")
    assert post(client, "draft", {plan(ids): [("plan.docx", docx)]}).status_code == 303
    (row,) = rows(app)
    # The browser sends no file the second time: the stored one stays, in the sent version.
    response = post(client, "submit", **statuses(ids))
    assert response.status_code == 303, response.get_data(as_text=True)
    sent = invitation(app).latest
    assert sent["goals"][str(ids["g1"])]["handlingsplan"] == [
        {"id": row.id, "name": "plan.docx", "size": len(docx), "type": "docx"}]
    assert [r.id for r in rows(app)] == [row.id] and len(on_disk(app)) == 1


def test_files_chosen_when_sending_are_stored_with_the_version(app, owner):
    client, ids = owner
    response = post(client, "submit", {
        plan(ids): [("a.pdf", PDF), ("b.xlsx", made("xlsx"))],
        f"g{ids['g2']}-handlingsplan": [("c.pdf", PDF)],
    }, **statuses(ids))
    assert response.status_code == 303, response.get_data(as_text=True)
    stored = rows(app)
    assert [(r.name, r.goal_id) for r in stored] == [
        ("a.pdf", ids["g1"]), ("b.xlsx", ids["g1"]), ("c.pdf", ids["g2"])]
    assert len(on_disk(app)) == 3


BAD = [
    ("too big", [("stor.pdf", PDF + b"0" * (10 * 1024 * 1024))],
     "«stor.pdf» er for stor. En fil må højst fylde 10 MB. Vælg en mindre fil."),
    ("wrong kind by content", [("plan.pdf", made("png"))],
     "«plan.pdf» er ikke en af de filtyper, vi tager imod (PDF, Word (DOCX), Excel (XLSX)). "
     "Vælg en anden fil."),
    ("a kind not allowed here", [("foto.png", made("png"))],
     "«foto.png» er ikke en af de filtyper, vi tager imod (PDF, Word (DOCX), Excel (XLSX)). "
     "Vælg en anden fil."),
    ("content against the ending", [("plan.docx", PDF)],
     "Filens indhold passer ikke med endelsen .docx (indholdet er PDF). Omdøb filen, eller "
     "vælg en anden, og vælg den igen."),
    ("path parts", [("../../etc/plan.pdf", PDF)],
     "Filnavnet må ikke indeholde mapper eller skråstreger (/ og \\). Omdøb filen, og vælg "
     "den igen."),
    ("control characters", [("plan\x07.pdf", PDF)],
     "Filnavnet indeholder usynlige styretegn. Omdøb filen, og vælg den igen."),
    ("direction override", [("plan\u202efdp.exe", PDF)],
     "Filnavnet indeholder usynlige styretegn. Omdøb filen, og vælg den igen."),
    ("double extension", [("rapport.pdf.exe", PDF)],
     "Filnavnet har en endelse, vi ikke tager imod (fx .exe eller en dobbelt endelse som "
     ".pdf.exe). Omdøb filen, og vælg den igen."),
    ("too many", [("a.pdf", PDF), ("b.pdf", PDF), ("c.pdf", PDF), ("d.pdf", PDF)],
     "Du kan højst vedhæfte 3 filer. Vælg filerne igen."),
]


@pytest.mark.parametrize("action", ["draft", "submit"])
@pytest.mark.parametrize("case,files,message", BAD, ids=[b[0] for b in BAD])
def test_a_refused_file_gets_a_danish_message_and_every_answer_stays(
        app, owner, case, files, message, action):
    import html

    client, ids = owner
    typed = {f"g{ids['g1']}-gjort": "Møde med skolerne", "kommentar": "Godt samarbejde",
             **statuses(ids)}
    response = post(client, action, {plan(ids): files}, **typed)
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert message in page
    assert "Der er fejl i formularen" in page
    again = open_form_of(page)
    assert again.values[f"g{ids['g1']}-gjort"][0].strip() == "Møde med skolerne"
    assert again.values["kommentar"][0].strip() == "Godt samarbejde"
    assert again.values[f"g{ids['g2']}-status"] == ["naaet"]
    found = invitation(app)
    assert found.draft_answers is None and found.submitted_at is None
    assert rows(app) == [] and on_disk(app) == []


def open_form_of(page: str):
    from tests.support.htmlform import RenderedForm

    return RenderedForm(page)


def test_a_refused_new_file_leaves_the_stored_one_shown_and_kept(app, owner):
    client, ids = owner
    assert post(client, "draft", {plan(ids): [("plan.pdf", PDF)]}).status_code == 303
    (row,) = rows(app)
    response = post(client, "draft", {plan(ids): [("rapport.pdf.exe", PDF)]})
    assert response.status_code == 200
    assert "Gemt: plan.pdf." in response.get_data(as_text=True)
    assert [r.id for r in rows(app)] == [row.id] and on_disk(app) == [row.storage_name]


def test_remove_takes_the_file_out_and_off_the_disk(app, owner):
    client, ids = owner
    assert post(client, "draft", {plan(ids): [("plan.pdf", PDF)]}).status_code == 303
    (row,) = rows(app)
    form = open_form(client, URL)
    form.set(f"{plan(ids)}-fjern", str(row.id)).press("action", "draft")
    assert client.post(URL, data=form.data(),
                       content_type="multipart/form-data").status_code == 303
    assert invitation(app).draft_answers["goals"][str(ids["g1"])].get("handlingsplan") is None
    assert rows(app) == [] and on_disk(app) == []
    assert "Gemt:" not in client.get(URL).get_data(as_text=True)


def test_a_new_file_replaces_a_draft_file_but_a_sent_version_keeps_its_own(app, owner):
    client, ids = owner
    assert post(client, "submit", {plan(ids): [("v1.pdf", PDF)]},
                **statuses(ids)).status_code == 303
    (first,) = rows(app)
    assert post(client, "draft", {plan(ids): [("kladde.pdf", PDF)]}).status_code == 303
    assert [r.name for r in rows(app)] == ["v1.pdf", "kladde.pdf"]
    assert post(client, "draft", {plan(ids): [("ny kladde.pdf", PDF)]}).status_code == 303
    # The first draft's file is named by no stored answer any more; version 1's file stays.
    assert [r.name for r in rows(app)] == ["v1.pdf", "ny kladde.pdf"]
    assert first.storage_name in on_disk(app) and len(on_disk(app)) == 2


def test_a_late_answer_keeps_its_files(app, frozen_clock):
    frozen_clock(DEADLINE - timedelta(minutes=30))
    ids = seed(app)
    make_round(app)
    client = app.test_client()
    assert open_link(client, issue_token(app, "anne@example.dk")).status_code == 303
    form = open_form(client, URL).fill(**statuses(ids))
    form.press("action", "submit")
    data = form.data()
    data.setlist(plan(ids), [(io.BytesIO(PDF), "sent plan.pdf")])
    frozen_clock(DEADLINE + timedelta(minutes=2))
    response = client.post(URL, data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    found = invitation(app)
    (late,) = found.late_answers
    (row,) = rows(app)
    assert late["goals"][str(ids["g1"])]["handlingsplan"] == [row.reference()]
    assert on_disk(app) == [row.storage_name]


def test_a_file_for_another_owners_goal_is_refused(app, owner):
    client, ids = owner
    form = open_form(client, URL)
    form.press("action", "draft")
    data = form.data()
    data.setlist(f"g{ids['g3']}-handlingsplan", [(io.BytesIO(PDF), "plan.pdf")])
    response = client.post(URL, data=data, content_type="multipart/form-data")
    assert response.status_code == 404
    assert rows(app) == [] and on_disk(app) == []


def test_the_name_consent_is_stored_with_time_and_wording_and_kept_when_saved_again(
        app, owner, frozen_clock):
    """Contract C4: `navn_offentligt` (consent, purpose name) in the general part."""
    client, ids = owner
    form = open_form(client, URL)
    (value,) = form.options("navn_offentligt")
    assert post(client, "draft", navn_offentligt=value).status_code == 303
    given = invitation(app).draft_answers["general"]["navn_offentligt"]
    assert given["given"] is True and given["lang"] == "da"
    assert given["wording"] == (
        "Mit navn må vises ved mine mål på kommunens side om erhvervspolitikken")
    frozen_clock(DEADLINE - timedelta(days=10) + timedelta(hours=1))
    # The box comes back ticked; sending later renews nothing.
    assert open_form(client, URL).values.get("navn_offentligt") == [value]
    assert post(client, "submit", **statuses(ids)).status_code == 303
    assert invitation(app).latest["general"]["navn_offentligt"] == given
    # Unticked: nothing is stored.
    form = open_form(client, URL)
    form.values.pop("navn_offentligt")
    form.press("action", "submit")
    assert client.post(URL, data=form.data()).status_code == 303
    assert invitation(app).latest["general"].get("navn_offentligt") is None
