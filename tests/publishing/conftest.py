"""Publishing fixtures: the follow-up form with a public comment per goal and the name
consent (contract C4; added here while forms/opfoelgning.yaml lacks them), a seeded period
with a started round, and helpers that answer the questionnaire and publish through the
rendered pages."""

from __future__ import annotations

import pytest

from tests.staff.conftest import create_staff
from tests.support.goals import (
    FOLLOWUP_FORM,
    STAFF_NOW,
    find_form,
    issue_token,
    login,
    make_round,
    open_link,
    page_form,
    seed,
)

COMMENT_FIELD = (
    "\n  - key: offentlig_kommentar\n    type: textarea\n    max_length: 1000\n"
    "    label:\n      da: Kommentar, der må vises offentligt\n"
    "      en: Comment that may be shown publicly\n"
)
NAME_FIELD = (
    "\n  - key: navn_offentligt\n    type: consent\n    purpose: name\n"
    "    label:\n      da: Mit navn må vises ved mine mål på kommunens side om erhvervspolitikken\n"
    "      en: My name may be shown with my goals on the municipality's policy page\n"
)


def policy_forms(tmp_path):
    """forms/opfoelgning.yaml, with the two C4 fields added if it does not have them yet."""
    text = FOLLOWUP_FORM.read_text(encoding="utf-8")
    if "key: offentlig_kommentar" not in text:
        text = text.replace("\n  - key: gjort\n", COMMENT_FIELD + "\n  - key: gjort\n", 1)
    if "key: navn_offentligt" not in text:
        text = text.replace("\nprivacy:\n", NAME_FIELD + "\nprivacy:\n", 1)
    target = tmp_path / "policy-forms"
    target.mkdir(exist_ok=True)
    (target / FOLLOWUP_FORM.name).write_text(text, encoding="utf-8")
    return target


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(FORMS_DIR=str(policy_forms(tmp_path)))


@pytest.fixture
def now(frozen_clock):
    frozen_clock(STAFF_NOW)
    return STAFF_NOW


@pytest.fixture
def seeded(app, now):
    """2027: goal 1 (Anne and Bo), goal 2 (Anne), goal 3 (Carl); a started round."""
    ids = seed(app)
    ids["round"] = make_round(app)
    return ids


@pytest.fixture
def staff(app, now):
    create_staff(app)
    return login(app)


def answer(app, email: str, round_id: int, goals: dict, general: dict | None = None) -> None:
    """The owner opens their link and sends the questionnaire as rendered: `goals` is
    {goal id: {"status": …, "fremdrift": …, …}}, `general` the general fields (a consent
    box: True ticks it, False leaves it unticked)."""
    client = app.test_client()
    assert open_link(client, issue_token(app, email, round_id)).status_code == 303
    form = page_form(client, "/opfoelgning/svar", field="action")
    values = {f"g{goal_id}-{key}": value for goal_id, block in goals.items()
              for key, value in block.items()}
    for key, value in (general or {}).items():
        if isinstance(value, bool):
            values[key] = form.options(key) if value else []
        else:
            values[key] = value
    form.fill(**values)
    form.press("action", "submit")
    response = client.post("/opfoelgning/svar", data=form.data())
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]


def publication_url(round_id: int) -> str:
    return f"/staff/maal/runder/{round_id}/offentliggoerelse"


def staff_form(staff, round_id: int):
    return page_form(staff, publication_url(round_id), field="action")


def post_and_confirm(staff, round_id: int, form, url: str | None = None):
    """Post the staff form, then confirm the preview page it answers with; the response."""
    url = url or publication_url(round_id)
    preview = staff.post(url, data=form.data())
    assert preview.status_code == 200, preview.status_code
    confirm = find_form(preview.get_data(as_text=True), field="confirm")
    return staff.post(confirm.action, data=confirm.data())
