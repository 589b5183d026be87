"""A round's sender is the configured brand (issue 11 "branding by settings"): its contact and
the default invitation and reminder texts name INTAKE_BRAND_NAME, never a hard-coded office."""

from __future__ import annotations

import pytest

from tests.support.goals import forms_dir, make_round, seed
from tests.support.htmlform import RenderedForm


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(FORMS_DIR=str(forms_dir(tmp_path)), BRAND_NAME="Erhverv Vejle Nord",
                    BRAND_CONTACT_EMAIL="erhverv@vejle-nord.dk")


def test_a_new_round_takes_the_brand_as_sender_and_contact(app):
    from intake.extensions import db
    from intake.rounds.models import Round

    seed(app)
    round_id = make_round(app, start=False)
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        assert (round_.contact_name, round_.contact_email) == (
            "Erhverv Vejle Nord", "erhverv@vejle-nord.dk")
        assert "Erhverv Vejle Nord følger op" in round_.invitation_body
        assert round_.reminder_body.rstrip().endswith("Erhverv Vejle Nord")
        assert "Hedensted" not in round_.invitation_body + round_.reminder_body


def test_the_staff_round_form_is_prefilled_with_the_brand(app, staff, seeded):
    page = staff.get(f"/staff/maal/perioder/{seeded['year']}/runder/ny")
    assert page.status_code == 200, page.status_code
    html = page.get_data(as_text=True)
    form = next(f for i in range(5) if "contact_name" in (f := RenderedForm(html, i)).names)
    assert form.values["contact_name"] == ["Erhverv Vejle Nord"]
    assert form.values["contact_email"] == ["erhverv@vejle-nord.dk"]
    assert "Erhverv Vejle Nord følger op" in form.values["invitation_body"][0]
