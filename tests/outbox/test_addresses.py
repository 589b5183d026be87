"""An address intake cannot deliver is refused where it enters, with a Danish message, by the
one check in intake/outbox/addresses.py (issue 8 §1 "at the field"): the public e-mail field,
participants inside a `repeat`, goal owners typed or imported by staff, staff accounts and
the notify addresses of a form definition. A Danish domain is fine (sent as IDNA).
"""

from __future__ import annotations

import io
import textwrap

import openpyxl
import pytest

from intake.extensions import db
from intake.formdefs.loader import load_file
from intake.goals.importer import COLUMNS
from intake.outbox.addresses import (
    UndeliverableAddress,
    deliverable,
    is_deliverable,
    parse_mailbox,
    smtp_form,
)
from tests.staff.conftest import create_staff, log_in
from tests.support.goals import STAFF_NOW as GOALS_NOW
from tests.support.goals import forms_dir, page_form, seed
from tests.support.htmlform import RenderedForm
from tests.support.signups import (
    FAIR,
    GROUP,
    NOW,
    fair_form,
    field_errors,
    group_form,
    post,
    sign_up,
    signups,
)

REFUSED = "Vi kan ikke sende mail til en adresse med æ, ø, å eller andre specialtegn før @."
UNDELIVERABLE = ["søren@firma1.dk", "Åse@firma.dk", "δοκιμή@παράδειγμα.δοκιμή"]


# --- the one check ---

@pytest.mark.parametrize("address", UNDELIVERABLE)
def test_the_check_refuses_what_needs_smtputf8(app, address):
    with app.test_request_context(), pytest.raises(UndeliverableAddress) as raised:
        deliverable(address)
    with app.test_request_context():
        assert str(raised.value.message).startswith(REFUSED)
        assert not is_deliverable(address)


def test_a_danish_domain_is_kept_as_typed_and_sent_as_idna():
    assert deliverable("post@ærø.dk") == "post@ærø.dk"
    assert smtp_form("post@ærø.dk") == "post@xn--r-3fa9c.dk"


@pytest.mark.parametrize(("value", "name", "address"), [
    ('"Hedensted Kommune, Erhverv" <erhverv@hedensted.dk>', "Hedensted Kommune, Erhverv",
     "erhverv@hedensted.dk"),
    ("Hedensted Erhverv <erhverv@hedensted.dk>", "Hedensted Erhverv", "erhverv@hedensted.dk"),
    ("erhverv@hedensted.dk", "", "erhverv@hedensted.dk"),
    ("Ærø Kommune <post@ærø.dk>", "Ærø Kommune", "post@ærø.dk"),
])
def test_a_sender_is_parsed_as_rfc_5322_reads_it(value, name, address):
    mailbox = parse_mailbox(value)
    assert (mailbox.display_name, mailbox.address) == (name, address)


@pytest.mark.parametrize("value", [
    "Hedensted Kommune, Erhverv <erhverv@hedensted.dk>",  # unquoted comma: two mailboxes
    "Hedensted Erhverv", "a@hedensted.dk, b@hedensted.dk", "Søren <søren@firma.dk>",
    "Hedensted <erhverv@hedensted.dk", "Navn <erhverv@hedensted.dk>\r\nBcc: x@evil.example",
])
def test_a_sender_that_is_not_one_deliverable_mailbox_is_refused(value):
    with pytest.raises(UndeliverableAddress):
        parse_mailbox(value)


# --- public forms ---

@pytest.fixture
def public(frozen_clock):
    frozen_clock(NOW)


def test_public_email_field_refuses_a_non_ascii_local_part_and_keeps_it(client, app, public):
    response = post(client, GROUP, group_form(client, email="søren@firma1.dk"))
    assert response.status_code == 200
    assert REFUSED in field_errors(response)["email"]
    assert 'value="søren@firma1.dk"' in response.get_data(as_text=True)
    assert signups(app) == []


def test_the_message_is_english_for_an_english_page(client, app, public):
    client.get("/sprog/en")
    response = post(client, GROUP, group_form(client, email="søren@firma1.dk"))
    assert response.status_code == 200
    assert (
        "We cannot send mail to an address with æ, ø, å or other special characters before the @."
        in field_errors(response)["email"])


def test_participants_inside_a_repeat_are_checked_too(client, app, public):
    form = fair_form(client, people=2, deltagere__1__email="åse@firma1.dk")
    response = post(client, FAIR, form)
    assert response.status_code == 200
    errors = field_errors(response)
    assert any(key.startswith("deltagere-1-email") for key in errors), errors
    assert REFUSED in " ".join(errors.values())
    assert signups(app) == []


def test_a_danish_domain_signs_up(client, app, public):
    sign_up(client, GROUP, group_form(client, email="soeren@ærø.dk"))
    [signup] = signups(app)
    assert signup.email == "soeren@ærø.dk"


# --- goal owners, typed and imported by staff ---

@pytest.fixture
def goals_app(make_app, tmp_path, frozen_clock):
    frozen_clock(GOALS_NOW)
    app = make_app(FORMS_DIR=str(forms_dir(tmp_path)))
    create_staff(app)
    return app


def _staff(app):
    client = app.test_client()
    assert log_in(client).status_code == 303
    return client


def _goal_url(app) -> str:
    return f"/staff/maal/maal/{seed(app)['g1']}"


def test_a_goal_owner_typed_by_staff_is_checked(goals_app):
    staff = _staff(goals_app)
    url = _goal_url(goals_app)
    owner = page_form(staff, url, field="owner-name")
    owner.fill(**{"owner-name": "Søren Sørensen", "owner-email": "søren@firma1.dk",
                  "owner-sector": "erhverv"})
    response = staff.post(url, data=owner.data())
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert REFUSED in page and "søren@firma1.dk" in page


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append([title for _, title in COLUMNS])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_goal_owner_imported_from_a_workbook_is_checked(goals_app):
    from intake.goals import service
    from intake.goals.models import Owner

    staff = _staff(goals_app)
    with goals_app.app_context():
        service.get_or_create_period(2027)
        db.session.commit()
    data = _xlsx([["1", "arbejdsliv", "Flere lærepladser", None, None, None, None,
                   "Søren", "søren@firma1.dk", "", "erhverv"]])
    form = page_form(staff, "/staff/maal/perioder/2027/import", field="file")
    payload = form.data().to_dict()
    payload["file"] = (io.BytesIO(data), "maal.xlsx")
    response = staff.post("/staff/maal/perioder/2027/import", data=payload,
                          content_type="multipart/form-data")
    assert response.status_code == 200
    page = response.get_data(as_text=True).replace("&laquo;", "«").replace("&raquo;", "»")
    assert "«Målejer e-mail» er ikke en gyldig e-mailadresse: «søren@firma1.dk»" in page
    assert "specialtegn før @" in page
    with goals_app.app_context():
        assert db.session.query(Owner).count() == 0


# --- staff accounts and form definitions ---

@pytest.mark.parametrize("url", ["/opfoelgning/mistet-link",
                                 "/f/samarbejdsgruppe/send-bekraeftelse", "/staff/konti/ny"])
def test_every_other_email_field_refuses_a_non_ascii_local_part_and_keeps_it(app, url):
    """By kind: the lost-link pages and a staff account (not only the forms' e-mail fields)
    say so next to the field instead of accepting an address no mail can reach."""
    create_staff(app, email="admin@hedensted.dk")
    client = app.test_client()
    if url.startswith("/staff/"):
        assert log_in(client, email="admin@hedensted.dk").status_code == 303
    page = client.get(url)
    assert page.status_code == 200, url
    form = RenderedForm(page.get_data(as_text=True), form_index=_form_with_email(page))
    form.values["email"] = ["søren@firma1.dk"]
    response = client.post(url, data=form.data())
    assert response.status_code in (200, 400, 422), response.status_code
    assert REFUSED in field_errors(response).get("email", ""), field_errors(response)
    assert 'value="søren@firma1.dk"' in response.get_data(as_text=True)


def _form_with_email(page) -> int:
    html = page.get_data(as_text=True)
    return next(i for i in range(html.count("<form"))
                if "email" in RenderedForm(html, form_index=i).names)


def test_a_staff_account_needs_a_deliverable_address(app):
    result = app.test_cli_runner().invoke(
        args=["staff", "create", "søren@hedensted.dk", "--password", "korrekt hest batteri 42"])
    assert result.exit_code != 0
    assert "Ugyldig e-mailadresse" in result.output and "før @ kræver SMTPUTF8" in result.output


PRIVACY = """
privacy:
  controller: Hedensted Kommune
  purpose: Test
  legal_basis: Art. 6
  retention: 1 år
  rights: Indsigt
  contact: erhverv@hedensted.dk
"""


def _problems(tmp_path, notify: str) -> tuple[object, list[str]]:
    path = tmp_path / "form.yaml"
    body = f"""
        slug: t1
        title: T
        notify: {notify}
        fields: [{{key: a, type: text, label: A}}]
    """
    path.write_text(textwrap.dedent(body) + PRIVACY, encoding="utf-8")
    return load_file(path)


def test_notify_addresses_in_a_form_definition_are_checked(tmp_path):
    _, problems = _problems(tmp_path, "[søren@hedensted.dk, ok@hedensted.dk]")
    assert problems == ["form.yaml: notify: 'søren@hedensted.dk' er ikke en gyldig e-mailadresse "
                        "(æ, ø, å eller andre specialtegn før @ kan intake ikke sende til)"]
    form, problems = _problems(tmp_path, "erhverv@hedensted.dk")  # one address may stand alone
    assert problems == [] and form.notify == ("erhverv@hedensted.dk",)
    _, problems = _problems(tmp_path, "{to: erhverv@hedensted.dk}")
    assert problems == ["form.yaml: notify: skal være en liste af e-mailadresser"]
