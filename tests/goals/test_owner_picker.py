"""Goal owners picked from the group's members (issue 13 §1): checkboxes on the new-goal form
and on the goal page, an outside owner still typed in, and one person record for someone who
is both a member and typed in (owners are keyed by e-mail)."""

from __future__ import annotations

import shutil

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.goals.models import Goal, Owner, Sector
from intake.signups.models import Signup
from tests.conftest import ROOT
from tests.staff.conftest import create_staff
from tests.support.goals import STAFF_NOW, login
from tests.support.htmlform import RenderedForm
from tests.support.signups import GROUP, NOW, group_form, sign_up

NEW = "/staff/maal/perioder/2027/maal/ny"


@pytest.fixture
def app(make_app, tmp_path):
    forms = tmp_path / "picker-forms"
    forms.mkdir()
    for name in ("samarbejdsgruppe.yaml", "opfoelgning.yaml"):
        shutil.copy(ROOT / "forms" / name, forms / name)
    return make_app(FORMS_DIR=str(forms))


@pytest.fixture
def staff(app, client, frozen_clock):
    """Members 1-3 of Det gode arbejdsliv (Erhverv, Kommune, Andre), member 4 of Det gode
    erhvervsliv; period 2027; a staff client."""
    frozen_clock(NOW)
    for n, area, sector in ((1, "arbejdsliv", "erhverv"), (2, "arbejdsliv", "kommune"),
                            (3, "arbejdsliv", "andre"), (4, "erhvervsliv", "erhverv")):
        sign_up(client, GROUP, group_form(client, n, gruppe=area, sektor=sector, rolle="andet",
                                          rolle_andet="Medlem"))
    with app.app_context():
        from intake.goals import service as goals

        goals.get_or_create_period(2027)
        db.session.commit()
    frozen_clock(STAFF_NOW)
    create_staff(app)
    return login(app)


def _ids(app) -> dict[int, str]:
    with app.app_context():
        return {int(s.email[6]): str(s.id) for s in db.session.scalars(sa.select(Signup))}


def _form(staff, url: str = NEW) -> RenderedForm:
    html = staff.get(url).get_data(as_text=True)
    return next(RenderedForm(html, i) for i in range(html.count("<form"))
                if "title" in RenderedForm(html, i).names)


def test_members_picked_and_one_typed_make_one_record_per_person(app, staff):
    ids = _ids(app)
    page = staff.get(NEW).get_data(as_text=True)
    assert "Person 1, Firma 1 ApS (Erhverv)" in page and "Person 2, Firma 2 ApS (Kommune)" in page
    assert "Person 4, Firma 4 ApS (Erhverv)" in page  # no group chosen yet: every group
    form = _form(staff)
    form.fill(focus_area="arbejdsliv", title="Flere lærepladser", members=[ids[1], ids[2]],
              owner_name="Person Et", owner_email="PERSON1@Firma1.dk", owner_sector="erhverv")
    response = staff.post(NEW, data=form.data())
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        goal = db.session.scalar(sa.select(Goal))
        assert sorted(o.email for o in goal.owners) == ["person1@firma1.dk", "person2@firma2.dk"]
        assert db.session.scalar(sa.select(sa.func.count(Owner.id))) == 2  # not three
        person1 = db.session.scalar(sa.select(Owner).where(Owner.email == "person1@firma1.dk"))
        assert person1.name == "Person Et"  # the typed details are the newer ones
        person2 = db.session.scalar(sa.select(Owner).where(Owner.email == "person2@firma2.dk"))
        assert person2.sector == Sector.KOMMUNE and person2.organisation == "Firma 2 ApS"


def test_an_outside_owner_alone_and_a_member_of_another_group(app, staff):
    ids = _ids(app)
    form = _form(staff)
    form.fill(focus_area="arbejdsliv", title="Bosætning", members=[ids[4]])
    response = staff.post(NEW, data=form.data())
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vælg kun medlemmer af gruppen «Det gode arbejdsliv»." in html
    assert 'id="error-summary"' in html and 'href="#members-0"' in html
    form = _form(staff)
    form.fill(focus_area="arbejdsliv", title="Bosætning", owner_name="Ulla Udefra")
    html = staff.post(NEW, data=form.data()).get_data(as_text=True)
    assert "Skriv målejerens e-mail." in html and "Vælg en sektor." in html
    assert 'value="Ulla Udefra"' in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Goal.id))) == 0
    form = _form(staff)
    form.fill(focus_area="arbejdsliv", title="Bosætning", owner_name="Ulla Udefra",
              owner_email="ulla@example.dk", owner_organisation="VIA", owner_sector="andre")
    assert staff.post(NEW, data=form.data()).status_code == 303
    with app.app_context():
        goal = db.session.scalar(sa.select(Goal))
        assert [(o.name, o.organisation, o.sector) for o in goal.owners] == [
            ("Ulla Udefra", "VIA", Sector.ANDRE)]


def test_the_goal_page_offers_the_groups_members_who_are_not_owners(app, staff):
    ids = _ids(app)
    with app.app_context():
        from intake.goals import service as goals
        from intake.goals.models import FocusArea

        typed = goals.upsert_owner("P. Et", "person1@firma1.dk", "Firma 1 ApS", Sector.ERHVERV)
        goal = goals.create_goal(goals.period_for_year(2027),
                                 goals.GoalData(FocusArea.ARBEJDSLIV, "Flere lærepladser"),
                                 [typed])
        db.session.commit()
        url, typed_id = f"/staff/maal/maal/{goal.id}", typed.id
    html = staff.get(url).get_data(as_text=True)
    form = next(RenderedForm(html, i) for i in range(html.count("<form"))
                if "pick-members" in RenderedForm(html, i).names)
    assert sorted(form.options("pick-members")) == sorted([ids[2], ids[3]])  # not 1, not 4
    response = staff.post(url, data=form.data())
    assert "Vælg mindst ét medlem." in response.get_data(as_text=True)
    form.fill(**{"pick-members": [ids[3]]})
    assert staff.post(url, data=form.data()).status_code == 303
    with app.app_context():
        goal = db.session.get(Goal, goal.id)
        assert sorted(o.email for o in goal.owners) == ["person1@firma1.dk", "person3@firma3.dk"]
        assert db.session.scalar(sa.select(sa.func.count(Owner.id))) == 2
        assert goal.owners[0].id == typed_id or goal.owners[1].id == typed_id
