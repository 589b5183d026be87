"""A refused sign-up is explained by intake/signups/refusals.py, next to the service, for the
public form and for staff adding someone by hand alike; no module borrows another package's
private helpers (issue 10 §1: staff used to import them from public/views.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.staff.conftest import page_form
from tests.support.signups import (
    FRIDAY,
    NOW,
    apply,
    field_errors,
    friday_form,
    post,
    seats,
    sign_up,
)

ROOT = Path(__file__).resolve().parents[2]
ADD_FRIDAY = "/staff/f/ivaerksaetterfredag/ny"
FRIDAY_ANSWERS = {
    "navn": "Iværksætter 1", "virksomhed": "Start 1 IVS", "har_cvr": "ja", "cvr": "13748136",
    "startdato": "2024-03-01", "email": "ivaerk1@start1.dk", "telefon": "+45 20 30 40 50",
    "emne": "Finansiering",
}


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def _staff_form(staff_client, dates):
    form = page_form(staff_client, ADD_FRIDAY, ADD_FRIDAY)
    return apply(form, FRIDAY_ANSWERS | {"datoer": list(dates)})


def _seat_notes(html: str) -> list[str]:
    """Each date's label, tags and the place removed: 'fredag 4. december 2026 kl. 08.30–10.00
    (25 ledige pladser)'."""
    labels = re.findall(r'<label for="datoer-\d+">(.*?)</label>', html, re.S)
    plain = [" ".join(re.sub(r"<[^>]+>", "", label).split()) for label in labels]
    return [re.sub(r", Rugekassen.*?Hedensted", "", label) for label in plain]


def test_staff_adding_someone_twice_is_told_which_date_on_the_date_question(
        client, staff_client, smtp_server):
    sign_up(client, FRIDAY, friday_form(client, 1, dates=["2026-12-04"]))
    response = post(staff_client, ADD_FRIDAY, _staff_form(staff_client,
                                                          ["2026-12-04", "2027-02-05"]))
    assert response.status_code == 200
    errors = field_errors(response)
    assert "Du er allerede tilmeldt: fredag 4. december 2026" in errors["datoer"]
    assert "email" not in errors  # typed values stay; the date question carries the refusal


def test_staff_add_page_shows_seats_left_like_the_public_page(app, client, staff_client):
    seats(app, "ivaerksaetterfredag", "occasion:2026-12-04", 1)
    sign_up(client, FRIDAY, friday_form(client, 1, dates=["2026-12-04"]))
    staff_page = _seat_notes(staff_client.get(ADD_FRIDAY).get_data(as_text=True))
    public_page = _seat_notes(client.get(FRIDAY).get_data(as_text=True))
    assert staff_page == public_page
    assert "fredag 4. december 2026 kl. 08.30–10.00 (fuldt – venteliste)" in public_page
    assert "fredag 5. februar 2027 kl. 08.30–10.00 (25 ledige pladser)" in public_page


def _private_imports(path: Path) -> list[str]:
    """`from intake.x.y import _name` where intake.x is not this module's own package."""
    package = path.relative_to(ROOT / "intake").parts[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("intake."):
            if node.module.split(".")[1] == package:
                continue
            found += [f"{path.relative_to(ROOT)}: {node.module}.{alias.name}"
                      for alias in node.names if alias.name.startswith("_")]
    return found


def test_no_module_imports_a_private_helper_of_another_package():
    found = [line for path in sorted((ROOT / "intake").rglob("*.py"))
             for line in _private_imports(path)]
    assert found == []
