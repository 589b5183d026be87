"""The policy page lists each focus area's published inspiration sheets (contract C6), with
the public download link; an unpublished sheet is not there."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT
from tests.inspiration.conftest import new_sheet
from tests.inspiration.conftest import publish as publish_sheet
from tests.publishing.conftest import policy_forms
from tests.publishing.test_public import _publish
from tests.reports.report_fixtures import answer
from tests.staff.conftest import create_staff
from tests.support.goals import login, make_round, seed


@pytest.fixture
def app(make_app, tmp_path):
    forms = policy_forms(tmp_path)
    shutil.copy(ROOT / "forms" / "inspiration.yaml", forms)
    return make_app(FORMS_DIR=str(forms), UPLOADS_DIR=str(tmp_path / "filer"))


def test_published_sheets_under_their_area(app, now):
    ids = seed(app)
    create_staff(app)
    staff = login(app)
    shown = new_sheet(staff, title="Genbrug på byggepladsen", area="baeredygtige")
    new_sheet(staff, title="Kladde om lærlinge", area="arbejdsliv")
    assert publish_sheet(staff, shown).status_code == 303
    # Before any status is published the sheets are listed on the friendly page.
    html = app.test_client().get("/erhvervspolitik").get_data(as_text=True)
    assert "Der er ikke offentliggjort en status endnu" in html
    assert f'href="/erhvervspolitik/inspiration/{shown}"' in html
    assert "Kladde om lærlinge" not in html

    round_id = make_round(app)
    answer(app, "carl@example.dk", round_id, {ids["g3"]: {"status": "i_gang"}})
    _publish(app, round_id)

    html = app.test_client().get("/erhvervspolitik").get_data(as_text=True)
    area = html.split('id="omraade-baeredygtige"')[1].split("</section>")[0]
    assert "Genbrug på byggepladsen" in area
    assert f'href="/erhvervspolitik/inspiration/{shown}"' in area
    assert "Kladde om lærlinge" not in html
