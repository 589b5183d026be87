"""The staff side of a round: create, start, the round page's per-owner states and response
rates, resend, change e-mail (the old link dies), revoke, add an owner late, remind now."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from intake.extensions import db
from intake.goals.models import Owner
from intake.rounds.models import Invitation, Reminder, Round, RoundState
from intake.staff.models import AuditEntry
from tests.conftest import open_form
from tests.support.confirm import confirm, confirmation_form
from tests.support.goals import STAFF_NOW as NOW
from tests.support.goals import links_in, login, make_round, open_link, page_form


def _create_round(staff, **values):
    form = page_form(staff, "/staff/maal/perioder/2027/runder/ny", field="title")
    form.fill(
        title="Opfølgning efterår 2027", deadline_date="01-10-2027", deadline_time="12:00", **values
    )
    return staff.post("/staff/maal/perioder/2027/runder/ny", data=form.data())


def test_create_round_with_defaults_and_template_checks(app, staff, seeded):
    response = _create_round(
        staff, invitation_body="Hej {{ navn }}, svar her: {{ lnk }}", reminder_days="7; 2"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (
        "&#39;{{ lnk }}&#39; er ikke en kendt værdi" in html
        or "'{{ lnk }}' er ikke en kendt værdi" in html
    )
    assert "Teksten skal indeholde {{ link }}" in html
    assert "Skriv antal dage før fristen adskilt af komma" in html
    assert "Hej {{ navn }}, svar her: {{ lnk }}" in html  # typed text stays
    response = _create_round(staff)
    assert response.status_code == 303, [
        line for line in response.get_data(as_text=True).splitlines() if "error" in line
    ]
    with app.app_context():
        round_ = db.session.scalar(sa.select(Round))
        assert (
            round_.state == RoundState.DRAFT
            and round_.reminder_days == [7, 2]
            and round_.max_reminders == 3
        )
        assert round_.deadline_at.isoformat() == "2027-10-01T10:00:00+00:00"  # 12.00 CEST
        assert "{{ link }}" in round_.invitation_body


def _start(staff, round_id, times=1):
    """Press "Start", see who will be invited, and confirm
    (`times` confirmations: a double click)."""
    button = page_form(staff, f"/staff/maal/runder/{round_id}", action="/start")
    preview = staff.post(button.action, data=button.data())
    assert "Start runden" in preview.get_data(as_text=True)
    yes = confirmation_form(preview)
    return [staff.post(yes.action, data=yes.data()) for _ in range(times)]


def test_start_invites_every_owner_once_and_the_round_page_follows_them(
    app, staff, seeded, smtp_server, deliver
):
    round_id = make_round(app, start=False)
    smtp_server.handler.reject_recipients = False
    # A double click: the second press invites nobody again.
    assert [r.status_code for r in _start(staff, round_id, times=2)] == [303, 303]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 3
    assert deliver() == 3
    [anne_token] = links_in(smtp_server.messages, to="anne@example.dk")

    # Anne opens and saves a draft; Carl opens and submits; Bo does nothing.
    anne = app.test_client()
    open_link(anne, anne_token)
    form = open_form(anne, "/opfoelgning/svar")
    form.press("action", "draft")
    anne.post("/opfoelgning/svar", data=form.data())
    carl = app.test_client()
    open_link(carl, links_in(smtp_server.messages, to="carl@example.dk")[0])
    form = open_form(carl, "/opfoelgning/svar")
    form.fill(**{f"g{seeded['g3']}-status": "delvist_naaet", f"g{seeded['g3']}-fremdrift": "60"})
    form.press("action", "submit")
    assert carl.post("/opfoelgning/svar", data=form.data()).status_code == 303

    page = staff.get(f"/staff/maal/runder/{round_id}").get_data(as_text=True)
    rows = {
        name: page.split(name, 1)[1].split("</tr>", 1)[0]
        for name in ("Anne Andersen", "Bo Berg", "Carl Clausen")
    }
    # not opened, not submitted
    assert "sendt" in rows["Bo Berg"] and rows["Bo Berg"].count(">nej<") == 2
    assert "version 1" in rows["Carl Clausen"]
    assert rows["Anne Andersen"].count(">nej<") == 1  # opened, with a draft, not submitted
    # Response rate: Det gode arbejdsliv has Anne and Bo (0 of 2),
    # Det bæredygtige has Carl (1 of 1).
    assert "<td>0</td><td>0 %</td>" in page.replace("\n", "").replace("  ", "") or "0 %" in page
    assert "100 %" in page and "33 %" in page

    # Answers side by side: both owners of goal 1 have a column.
    answers = staff.get(f"/staff/maal/runder/{round_id}/svar").get_data(as_text=True)
    section = answers.split("Flere lærepladser", 1)[1].split("</section>", 1)[0]
    assert (
        "Anne Andersen" in section
        and "Bo Berg" in section
        and section.count("Har ikke svaret.") == 2
    )
    assert "Delvist nået" in answers


def test_failed_invitation_shows_on_the_round_page(app, staff, seeded, smtp_server, deliver):
    smtp_server.handler.reject_recipients = True
    round_id = make_round(app)
    deliver()
    page = staff.get(f"/staff/maal/runder/{round_id}").get_data(as_text=True)
    assert page.count("fejlet") == 3 and "550" in page


def test_resend_change_email_revoke_and_add_owner_late(app, staff, seeded, smtp_server, deliver):
    round_id = make_round(app)
    deliver()
    [old_bo] = links_in(smtp_server.messages, to="bo@example.dk")
    with app.app_context():
        bo = db.session.scalar(
            sa.select(Invitation).join(Owner).where(Owner.email == "bo@example.dk")
        ).id
        carl = db.session.scalar(
            sa.select(Invitation).join(Owner).where(Owner.email == "carl@example.dk")
        ).id
    url = f"/staff/maal/runder/{round_id}"

    resend = page_form(staff, url, action=f"/invitationer/{carl}/gensend")
    assert staff.post(resend.action, data=resend.data()).status_code == 303
    deliver()
    assert len(links_in(smtp_server.messages, to="carl@example.dk")) == 2

    # Another owner's address is refused; a new one kills the old links and sends a new one.
    form = page_form(staff, f"{url}/invitationer/{bo}/email", field="email")
    form.fill(email="anne@example.dk")
    assert "Den e-mail har en anden målejer allerede." in staff.post(
        f"{url}/invitationer/{bo}/email", data=form.data()).get_data(as_text=True)
    form.fill(email="Bo.Berg@Example.dk")
    assert staff.post(f"{url}/invitationer/{bo}/email", data=form.data()).status_code == 303
    deliver()
    [new_bo] = links_in(smtp_server.messages, to="bo.berg@example.dk")
    assert app.test_client().get(f"/opfoelgning/{old_bo}").status_code == 404
    assert open_link(app.test_client(), new_bo).status_code == 303

    revoke = page_form(staff, url, action=f"/invitationer/{bo}/tilbagekald")
    assert confirm(staff, staff.post(revoke.action, data=revoke.data())).status_code == 303
    assert app.test_client().get(f"/opfoelgning/{new_bo}").status_code == 404

    late = page_form(staff, url, field="name")
    late.fill(
        goal=str(seeded["g3"]),
        name="Dorte Dam",
        email="dorte@example.dk",
        organisation="Insero",
        sector="andre",
    )
    assert staff.post(late.action, data=late.data()).status_code == 303
    deliver()
    [dorte] = links_in(smtp_server.messages, to="dorte@example.dk")
    client = app.test_client()
    open_link(client, dorte)
    assert "Mindre spild i byggeri" in client.get("/opfoelgning/svar").get_data(as_text=True)
    with app.app_context():
        actions = list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))
        assert actions[-4:] == [
            "round.resend",
            "owner.change_email",
            "round.revoke",
            "round.add_owner",
        ]


def test_remind_now_only_those_who_have_not_answered(
    app, staff, seeded, smtp_server, deliver, frozen_clock
):
    round_id = make_round(app)
    deliver()
    from intake.rounds import answers

    with app.app_context():
        carl = db.session.scalar(
            sa.select(Invitation).join(Owner).where(Owner.email == "carl@example.dk")
        )
        answers.submit(carl, {"goals": {}, "general": {}}, 1)
        db.session.commit()
    frozen_clock(NOW + timedelta(days=1))
    staff = login(app)  # the day after: a new staff session
    button = page_form(staff, f"/staff/maal/runder/{round_id}", action="/paamind")
    yes = confirmation_form(staff.post(button.action, data=button.data()))
    response = staff.post(yes.action, data=yes.data(), follow_redirects=True)
    assert "2 påmindelser er sendt" in response.get_data(as_text=True)
    confirm(staff, staff.post(button.action, data=button.data()))  # same day again: nobody
    deliver()
    reminders = [m for m in smtp_server.messages if m["Subject"].startswith("Påmindelse")]
    assert sorted(m["To"] for m in reminders) == ["anne@example.dk", "bo@example.dk"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Reminder.id))) == 2
        assert all(r.is_manual for r in db.session.scalars(sa.select(Reminder)))


def test_edit_round_moves_the_deadline_but_keeps_the_questionnaire(app, staff, seeded, tmp_path):
    round_id = make_round(app)
    url = f"/staff/maal/runder/{round_id}/rediger"
    form = page_form(staff, url, field="title")
    assert form.values["deadline_date"] == ["2027-10-01"] and form.values["reminder_days"] == [
        "7, 2"
    ]
    form.fill(deadline_date="08-10-2027", deadline_time="15:30", reminder_days="3")
    assert staff.post(url, data=form.data()).status_code == 303
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        assert (
            round_.deadline_at.isoformat() == "2027-10-08T13:30:00+00:00"
            and round_.reminder_days == [3]
        )
    data = form.data()
    data["form_slug"] = "noget-andet"
    response = staff.post(url, data=data)
    assert response.status_code == 200
    with app.app_context():
        assert db.session.get(Round, round_id).form_slug == "opfoelgning"
