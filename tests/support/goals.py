"""Helpers for the goal and follow-up tests: seed a period with goals and owners, make a
round, read personal links out of delivered mail, open a link as a browser would."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path

from intake.clock import LOCAL
from intake.extensions import db
from tests.support.htmlform import RenderedForm

ROOT = Path(__file__).resolve().parent.parent.parent
FOLLOWUP_FORM = ROOT / "forms" / "opfoelgning.yaml"
LINK_RE = re.compile(r"https://intake\.example\.dk/opfoelgning/([A-Za-z0-9_-]{43})")
DEADLINE = datetime(2027, 10, 1, 12, 0, tzinfo=LOCAL)
# Staff sessions end after 30 idle minutes, so the staff fixtures of tests/goals and
# tests/rounds freeze the clock here before logging in.
STAFF_NOW = datetime(2027, 9, 1, 10, 0, tzinfo=LOCAL)


def forms_dir(tmp_path: Path) -> Path:
    """Only the follow-up form, so other work in forms/ cannot break these tests."""
    target = tmp_path / "goal-forms"
    target.mkdir(exist_ok=True)
    shutil.copy(FOLLOWUP_FORM, target / FOLLOWUP_FORM.name)
    return target


def login(app):
    """A new client logged in as the staff account made by tests/staff/conftest.create_staff."""
    from tests.staff.conftest import log_in

    client = app.test_client()
    response = log_in(client)
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


def seed(app, year: int = 2027) -> dict:
    """Three goals in two focus areas; Anne and Bo share goal 1, Anne also owns goal 2,
    Carl owns goal 3."""
    from intake.goals import service as goals
    from intake.goals.models import FocusArea, Sector

    with app.app_context():
        period = goals.get_or_create_period(year)
        anne = goals.upsert_owner("Anne Andersen", "anne@example.dk", "Jobcenter", Sector.KOMMUNE)
        bo = goals.upsert_owner("Bo Berg", "bo@example.dk", "Berg Byg ApS", Sector.ERHVERV)
        carl = goals.upsert_owner("Carl Clausen", "carl@example.dk", "VIA", Sector.ANDRE)
        g1 = goals.create_goal(
            period,
            goals.GoalData(
                FocusArea.ARBEJDSLIV,
                "Flere lærepladser",
                indicator="Antal lærepladser",
                target="20",
            ),
            [anne, bo],
        )
        g2 = goals.create_goal(
            period, goals.GoalData(FocusArea.ARBEJDSLIV, "Bosætning i bymidten"), [anne]
        )
        g3 = goals.create_goal(
            period, goals.GoalData(FocusArea.BAEREDYGTIGE, "Mindre spild i byggeri"), [carl]
        )
        db.session.commit()
        return {"period": period.id, "year": year, "anne": anne.id, "bo": bo.id, "carl": carl.id,
                "g1": g1.id, "g2": g2.id, "g3": g3.id}


def make_round(
    app, year: int = 2027, deadline: datetime = DEADLINE, start: bool = True, **extra
) -> int:
    from intake.goals import service as goals
    from intake.rounds import service as rounds

    with app.app_context():
        period = goals.period_for_year(year)
        data = rounds.RoundData(
            title=extra.pop("title", f"Opfølgning efterår {year}"),
            form_slug="opfoelgning",
            deadline_at=deadline,
            **extra,
        )
        round_ = rounds.create_round(period, data)
        if start:
            rounds.start(round_)
        db.session.commit()
        return round_.id


def links_in(messages, to: str | None = None) -> list[str]:
    found = []
    for message in messages:
        if to and to not in message["To"]:
            continue
        body = message.get_body(("plain",)).get_content()
        found.extend(LINK_RE.findall(body))
    return found


def open_link(client, token: str):
    """What a person does: GET the link (shows a button), press the button (POST)."""
    page = client.get(f"/opfoelgning/{token}")
    assert page.status_code == 200, page.status_code
    form = RenderedForm(page.get_data(as_text=True))
    return client.post(form.action, data=form.data())


def issue_token(app, owner_email: str, round_id: int | None = None) -> str:
    """A fresh link for an owner's invitation, straight from the service (no mail needed)."""
    import sqlalchemy as sa

    from intake.goals.models import Owner
    from intake.rounds import tokens
    from intake.rounds.models import Invitation, TokenPurpose

    with app.app_context():
        query = sa.select(Invitation).join(Owner).where(Owner.email == owner_email)
        if round_id is not None:
            query = query.where(Invitation.round_id == round_id)
        invitation = db.session.scalars(query.order_by(Invitation.id.desc())).first()
        token = tokens.issue(invitation, TokenPurpose.INVITATION)
        db.session.commit()
        return token


def find_form(html: str, *, field: str | None = None, action: str | None = None) -> RenderedForm:
    """The page's form that has `field`, or whose action ends with `action` (staff pages start
    with the log-out form, so 'the first form' is not the one a test means)."""
    for index in range(html.count("<form")):
        form = RenderedForm(html, form_index=index)
        if field is not None and field in form.names:
            return form
        if action is not None and (form.action or "").endswith(action):
            return form
    raise AssertionError(f"no form with field={field!r} action={action!r}")


def page_form(client, url: str, **kw) -> RenderedForm:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return find_form(response.get_data(as_text=True), **kw)
