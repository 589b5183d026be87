"""Staff pages for periods, the yearly cycle, goals and owners, and "start next period"."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from intake.extensions import db
from intake.goals.models import CycleEvent, Goal, GoalStatus, Owner, Period
from intake.staff.models import AuditEntry
from tests.support.confirm import confirm, confirmation_form
from tests.support.goals import page_form


def test_pages_need_a_staff_session(app, seeded):
    client = app.test_client()
    for url in ("/staff/maal/", "/staff/maal/perioder/2027", f"/staff/maal/maal/{seeded['g1']}"):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    assert client.post("/staff/maal/perioder/2027/naeste").status_code in (400, 403)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Period.id))) == 1


def test_create_period_and_its_dates_make_a_timeline(app, staff):
    form = page_form(staff, "/staff/maal/", field="year")
    form.fill(year="2027")
    assert staff.post("/staff/maal/", data=form.data()).status_code == 303
    form = page_form(staff, "/staff/maal/", field="year")
    form.fill(year="2027")
    again = staff.post("/staff/maal/", data=form.data())
    assert "Perioden findes allerede." in again.get_data(as_text=True)

    # Meeting dates recorded before meetings had their own pages (issue 13 §2) stay and are
    # shown on the timeline, but the dates page no longer offers them.
    with app.app_context():
        from intake.goals import service
        from intake.goals.models import CycleEventKind, FocusArea

        period = service.period_for_year(2027)
        service.set_event(period, CycleEventKind.MEETING_1, FocusArea.ARBEJDSLIV,
                          date(2027, 3, 2), "Krydsservice")
        service.set_event(period, CycleEventKind.MEETING_2, FocusArea.ARBEJDSLIV,
                          date(2027, 9, 9))
        db.session.commit()
    form = page_form(staff, "/staff/maal/perioder/2027/datoer", field="nytaarskur")
    assert "meeting_1__arbejdsliv" not in form.names and "joint_meeting" not in form.names
    dates_page = staff.get("/staff/maal/perioder/2027/datoer").get_data(as_text=True)
    assert "02-03-2027: 1. møde (mål sættes) – Det gode arbejdsliv, Krydsservice" in dates_page
    form.fill(political_report="2027-11-15", nytaarskur="2028-01-08")
    assert staff.post("/staff/maal/perioder/2027/datoer", data=form.data()).status_code == 303
    page = staff.get("/staff/maal/perioder/2027").get_data(as_text=True)
    assert page.index("02-03-2027") < page.index("09-09-2027") < page.index("08-01-2028")
    assert "Krydsservice" in page
    next_item = page.split('class=" next"')[1] if 'class=" next"' in page else page.split("next")[1]
    assert "09-09-2027" in next_item.split("</li>")[0]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(CycleEvent.id))) == 4
    # Clearing a date removes it; the old meeting dates stay.
    form = page_form(staff, "/staff/maal/perioder/2027/datoer", field="nytaarskur")
    form.fill(political_report="")
    staff.post("/staff/maal/perioder/2027/datoer", data=form.data())
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(CycleEvent.id))) == 3


def test_bad_date_is_explained_and_kept(app, staff):
    with app.app_context():
        from intake.goals import service

        service.get_or_create_period(2027)
        db.session.commit()
    form = page_form(staff, "/staff/maal/perioder/2027/datoer", field="nytaarskur")
    form.fill(nytaarskur="32-13-2027")
    response = staff.post("/staff/maal/perioder/2027/datoer", data=form.data())
    assert response.status_code == 200
    assert 'value="32-13-2027"' in response.get_data(as_text=True)


def test_goal_create_edit_owners_and_delete(app, staff, seeded):
    form = page_form(staff, "/staff/maal/perioder/2027/maal/ny", field="title")
    form.fill(focus_area="rammer", title="")
    response = staff.post("/staff/maal/perioder/2027/maal/ny", data=form.data())
    assert "Skriv en titel." in response.get_data(as_text=True)
    form.fill(title="Hurtigere byggesager", indicator="Sagsbehandlingstid", target="Under 40 dage",
              deadline="2027-12-31")
    response = staff.post("/staff/maal/perioder/2027/maal/ny", data=form.data())
    assert response.status_code == 303
    url = response.headers["Location"]
    with app.app_context():
        goal = db.session.scalar(sa.select(Goal).where(Goal.title == "Hurtigere byggesager"))
        assert goal.deadline == date(2027, 12, 31) and goal.owners == []

    # Add a new owner, and an existing owner by e-mail (matched, details updated).
    owner_form = page_form(staff, url, field="owner-name")
    owner_form.fill(
        **{"owner-name": "Eva Egholm", "owner-email": "EVA@example.dk", "owner-sector": "erhverv"}
    )
    assert staff.post(url, data=owner_form.data()).status_code == 303
    owner_form = page_form(staff, url, field="owner-name")
    owner_form.fill(
        **{
            "owner-name": "Carl Clausen",
            "owner-email": "carl@example.dk",
            "owner-sector": "andre",
            "owner-organisation": "VIA University College",
        }
    )
    assert staff.post(url, data=owner_form.data()).status_code == 303
    with app.app_context():
        goal = db.session.get(Goal, goal.id)
        assert sorted(o.email for o in goal.owners) == ["carl@example.dk", "eva@example.dk"]
        assert db.session.get(Owner, seeded["carl"]).organisation == "VIA University College"

    # Edit the goal and set a status.
    edit = page_form(staff, url, field="goal-title")
    assert edit.values["goal-title"] == ["Hurtigere byggesager"]
    edit.fill(**{"goal-title": "Hurtigere byggesager i kommunen", "goal-status": "i_gang"})
    assert staff.post(url, data=edit.data()).status_code == 303
    with app.app_context():
        goal = db.session.get(Goal, goal.id)
        assert goal.title == "Hurtigere byggesager i kommunen" and goal.status == GoalStatus.I_GANG

    # Remove an owner (the button's form), then delete the goal.
    remove = page_form(staff, url, action="/fjern")
    preview = staff.post(remove.action, data=remove.data())  # first: what will happen
    assert "er ikke længere målejer" in preview.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.get(Goal, goal.id).owners) == 2
    assert confirm(staff, preview).status_code == 303
    with app.app_context():
        assert len(db.session.get(Goal, goal.id).owners) == 1
        actions = set(db.session.scalars(sa.select(AuditEntry.action)))
        assert {"goal.create", "goal.add_owner", "goal.update", "goal.remove_owner"} <= actions
    delete = page_form(staff, url, action="/slet")
    preview = staff.post(delete.action, data=delete.data())
    with app.app_context():
        assert db.session.get(Goal, goal.id) is not None  # one click deletes nothing
    assert confirm(staff, preview).status_code == 303
    with app.app_context():
        assert db.session.get(Goal, goal.id) is None


def test_start_next_period_carries_open_goals_with_history(app, staff, seeded):
    with app.app_context():
        db.session.get(Goal, seeded["g2"]).status = GoalStatus.NAAET
        db.session.get(Goal, seeded["g3"]).status = GoalStatus.I_GANG
        db.session.commit()
    button = page_form(staff, "/staff/maal/perioder/2027", action="/naeste")
    preview = staff.post(button.action, data=button.data())
    assert "2 åbne mål fra 2027 føres videre til 2028" in preview.get_data(as_text=True)
    yes = confirmation_form(preview)
    response = staff.post(yes.action, data=yes.data())
    assert response.status_code == 303 and response.headers["Location"].endswith("/perioder/2028")
    staff.post(yes.action, data=yes.data())  # twice does no harm
    with app.app_context():
        carried = db.session.scalars(
            sa.select(Goal).join(Period).where(Period.year == 2028).order_by(Goal.carried_from_id)
        ).all()
        assert [g.carried_from_id for g in carried] == [seeded["g1"], seeded["g3"]]
        g1_2028 = carried[0]
        original = db.session.get(Goal, seeded["g1"])
        assert g1_2028.lineage_id == original.lineage_id
        assert sorted(o.email for o in g1_2028.owners) == ["anne@example.dk", "bo@example.dk"]
        assert carried[1].status == GoalStatus.I_GANG
    history = staff.get(f"/staff/maal/maal/{g1_2028.id}").get_data(as_text=True)
    assert "Historik" in history and "2027" in history
