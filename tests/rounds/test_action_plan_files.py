"""Action plans attached to follow-up answers (issue 14 §3) on the staff side and in the GDPR
tools: the round's workbook lists the file names with staff links, the answer page links
them, staff with the goals role download them (attachment, nosniff), and erasure and
retention remove them from disk."""

from __future__ import annotations

import io
import os
from datetime import timedelta

import openpyxl
import sqlalchemy as sa

from intake.extensions import db
from intake.files import service as files
from intake.files.models import UploadedFile
from intake.formdefs.types.file import Checked
from intake.gdpr import service as gdpr
from intake.gdpr.person import parse
from intake.goals.models import Owner
from intake.rounds import answers
from intake.rounds.models import Invitation
from intake.staff.models import AuditEntry
from intake.staff.roles import Role
from tests.staff.conftest import create_staff, log_in
from tests.support.files import PDF, made
from tests.support.goals import DEADLINE, make_round


def _answer_with_plan(app, seeded, email="anne@example.dk", draft_too=False) -> int:
    """The owner sends a version with an action plan on goal 1; returns the file id."""
    with app.app_context():
        invitation = db.session.scalar(
            sa.select(Invitation).join(Owner).where(Owner.email == email))
        goal = seeded["g1"]
        refs = files.attach_to_invitation(
            invitation, goal, "handlingsplan", [Checked("Handlingsplan Ærø.pdf", "pdf", PDF)])
        answers.submit(invitation, {
            "goals": {str(goal): {"status": "i_gang", "handlingsplan": refs}},
            "general": {"kommentar": "Hej"}}, 2)
        if draft_too:
            more = files.attach_to_invitation(
                invitation, goal, "handlingsplan", [Checked("kladde.docx", "docx", made("docx"))])
            answers.save_draft(invitation, {"goals": {str(goal): {"handlingsplan": more}},
                                            "general": {}})
        db.session.commit()
        return refs[0]["id"]


def _on_disk(app) -> list[str]:
    directory = app.config["UPLOADS_DIR"]
    return sorted(os.listdir(directory)) if os.path.isdir(directory) else []


def test_the_workbook_lists_the_file_with_its_staff_link(app, staff, seeded):
    round_id = make_round(app)
    file_id = _answer_with_plan(app, seeded)
    book = openpyxl.load_workbook(io.BytesIO(
        staff.get(f"/staff/maal/runder/{round_id}/opfoelgning.xlsx").data))
    rows = list(book["Opfølgning"].iter_rows(values_only=True))
    header = rows[0]
    assert "Handlingsplan" in header and "Handlingsplan (link 3)" in header  # max_files: 3
    assert "Kommentar, der må vises offentligt" in header
    assert "Generelt: Mit navn må vises ved mine mål på kommunens side om erhvervspolitikken" \
        in header
    anne = next(r for r in rows[1:] if r[header.index("Målejer")] == "Anne Andersen"
                and r[header.index("Titel")] == "Flere lærepladser")
    assert anne[header.index("Handlingsplan")] == "Handlingsplan Ærø.pdf"
    assert anne[header.index("Handlingsplan (link 1)")] == "Handlingsplan Ærø.pdf"
    assert anne[header.index("Handlingsplan (link 2)")] is None
    row = rows.index(anne) + 1  # openpyxl counts from 1
    link = book["Opfølgning"].cell(row, header.index("Handlingsplan (link 1)") + 1).hyperlink
    assert link.target == f"https://intake.example.dk/staff/filer/{file_id}"


def test_the_answer_page_links_the_file_and_goals_staff_download_it(app, staff, seeded):
    round_id = make_round(app)
    file_id = _answer_with_plan(app, seeded)
    page = staff.get(f"/staff/maal/runder/{round_id}/svar").get_data(as_text=True)
    assert f'href="/staff/filer/{file_id}"' in page and "Handlingsplan Ærø.pdf" in page

    create_staff(app, email="maal@hedensted.dk", roles={Role.GOALS})
    goals_only = app.test_client()
    assert log_in(goals_only, email="maal@hedensted.dk").status_code == 303
    response = goals_only.get(f"/staff/filer/{file_id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment; ")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"] == "application/pdf"
    with app.app_context():
        entry = db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.action == "file.download").order_by(AuditEntry.id.desc())).first()
        assert entry.target.startswith("invitation:")
        assert entry.details["goal"] == seeded["g1"]

    create_staff(app, email="tilmeld@hedensted.dk", roles={Role.SIGNUPS})
    signups_only = app.test_client()
    assert log_in(signups_only, email="tilmeld@hedensted.dk").status_code == 303
    refused = signups_only.get(f"/staff/filer/{file_id}")
    assert refused.status_code == 403 and refused.data != PDF


def test_the_round_page_links_a_draft_s_files_too(app, staff, seeded):
    round_id = make_round(app)
    _answer_with_plan(app, seeded, draft_too=True)
    with app.app_context():
        draft_file = db.session.scalar(
            sa.select(UploadedFile.id).where(UploadedFile.name == "kladde.docx"))
    page = staff.get(f"/staff/maal/runder/{round_id}").get_data(as_text=True)
    unsent = page.split('id="unsent"', 1)[1]
    assert f'<a href="/staff/filer/{draft_file}" download>kladde.docx</a>' in unsent


def test_find_lists_the_files_and_erasure_removes_them_from_disk(app, seeded, frozen_clock):
    frozen_clock(DEADLINE - timedelta(days=5))
    make_round(app)
    file_id = _answer_with_plan(app, seeded, draft_too=True)
    assert len(_on_disk(app)) == 2
    with app.app_context():
        report = gdpr.find(parse("anne@example.dk"))
        (section,) = [s for s in report.sections if s.title == "Vedhæftede filer (opfølgning)"]
        assert sorted(r[3] for r in section.rows) == ["Handlingsplan Ærø.pdf", "kladde.docx"]
        first = next(r for r in section.rows if r[3] == "Handlingsplan Ærø.pdf")
        assert first[1] == "Flere lærepladser" and first[2] == "Handlingsplan"
        assert first[-1] == f"https://intake.example.dk/staff/filer/{file_id}"
        plan = dict(gdpr.plan(parse("anne@example.dk")))
        assert plan["Vedhæftede filer (fx handlingsplaner) slettes (også fra disken)"] == 2
        gdpr.erase(parse("anne@example.dk"))
        db.session.commit()
        assert db.session.scalars(sa.select(UploadedFile)).all() == []
        from intake.rounds.models import Submission

        (kept,) = db.session.scalars(sa.select(Submission)).all()  # de-identified, no file
        assert kept.answers["goals"][str(seeded["g1"])] == {"status": "i_gang"}
    assert _on_disk(app) == []


def test_retention_removes_the_files_from_disk(app, seeded, runner, frozen_clock):
    from tests.rounds.test_retention import EXPIRED

    frozen_clock(DEADLINE - timedelta(days=5))
    make_round(app)
    _answer_with_plan(app, seeded)
    assert len(_on_disk(app)) == 1
    frozen_clock(EXPIRED)
    result = runner.invoke(args=["gdpr", "purge"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalars(sa.select(UploadedFile)).all() == []
        (invitation,) = [i for i in db.session.scalars(sa.select(Invitation))
                         if i.latest is not None]
        assert invitation.latest.answers["goals"][str(seeded["g1"])] == {"status": "i_gang"}
    assert _on_disk(app) == []
