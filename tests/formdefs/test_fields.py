"""Every field type, with good and bad values, posted through the rendered HTML form.

The form under test is tests/forms_fixtures/fields/felter.yaml: one field of each type.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from intake.extensions import db
from intake.signups.models import Signup
from tests.conftest import open_form, submit
from tests.support.signups import ERROR_MESSAGE

FIXTURES = Path(__file__).resolve().parents[1] / "forms_fixtures" / "fields"
URL = "/f/felter"


@pytest.fixture
def app(make_app):
    return make_app(FORMS_DIR=str(FIXTURES))


def filled(client, url=URL, **values):
    """The form as a person fills it: the required minimum plus `values` (dashes as __)."""
    form = open_form(client, url)
    form.fill(navn="Anne Hansen", email="anne@firma.dk", interesser=["a", "b"])
    form.set("deltagere-0-navn", "Bo Jensen")
    for name, value in values.items():
        form.set(name.replace("__", "-"), value)
    return form


def stored(app) -> dict:
    with app.app_context():
        signups = db.session.query(Signup).all()
        assert len(signups) == 1, f"expected one sign-up, found {len(signups)}"
        return signups[0].answers


def nothing_stored(app) -> bool:
    with app.app_context():
        return db.session.query(Signup).count() == 0


def errors_of(response) -> dict[str, str]:
    """Messages shown next to each field (the form-error-message with id="err-KEY")."""
    page = response.get_data(as_text=True)
    found = re.findall(ERROR_MESSAGE, page, re.S)
    return {key: html.unescape(re.sub(r"<[^>]+>", " ", text)).strip() for key, text in found}


def post_ok(client, app, form) -> dict:
    response = submit(client, URL, form)
    assert response.status_code == 303, errors_of(response)
    return stored(app)


def post_error(client, app, form, key: str, message: str):
    response = submit(client, URL, form)
    assert response.status_code == 200
    errors = errors_of(response)
    assert key in errors, f"no error for {key}: {errors}"
    assert message in errors[key]
    assert nothing_stored(app)
    return response


# --- good values, as stored -------------------------------------------------------------------

GOOD = [
    ("cvr", "13748136", "13748136"),
    ("cvr", "DK 13 74 81 36", "13748136"),
    ("cvr", "DK-13748136", "13748136"),
    ("telefon", "+45 20 30 40 50", "+4520304050"),
    ("telefon", "0045 20304050", "+4520304050"),
    ("telefon", "20-30-40-50", "+4520304050"),
    ("telefon", "+46 70 123 45 67", "+46701234567"),
    ("postnummer", "8722", "8722"),
    ("postnummer", " 7130 ", "7130"),
    ("antal", "1", 1),
    ("antal", "10", 10),
    ("dato", "2024-03-01", "2024-03-01"),
    ("dato", "01-03-2024", "2024-03-01"),
    ("dato", "1.3.2024", "2024-03-01"),
    ("email", "Anne.Hansen@Firma.DK", "Anne.Hansen@firma.dk"),
    ("kode", "ABC-12", "ABC-12"),
    ("beskrivelse", "linje et\nlinje to", "linje et\nlinje to"),
    ("ja_nej", "nej", "nej"),
    ("navn", "  Anne  ", "Anne"),
]


@pytest.mark.parametrize(("key", "typed", "expected"), GOOD)
def test_good_value_is_cleaned_and_stored(client, app, key, typed, expected):
    answers = post_ok(client, app, filled(client, **{key: typed}))
    assert answers[key] == expected


# --- bad values: a Danish message next to the field, nothing stored -------------------------

BAD = [
    ("cvr", "24256791", "CVR-nummeret er ikke gyldigt"),
    ("cvr", "1234", "CVR-nummeret er ikke gyldigt"),
    ("telefon", "123", "Skriv et gyldigt telefonnummer"),
    ("telefon", "+45 20 30 40", "Skriv et gyldigt telefonnummer"),
    ("postnummer", "872", "Skriv et postnummer med 4 cifre"),
    ("postnummer", "0000", "Postnummeret 0000 findes ikke i Danmark"),
    ("antal", "0", "Tallet skal være mindst 1."),
    ("antal", "11", "Tallet må højst være 10."),
    ("antal", "fem", "Skriv et helt tal"),
    ("dato", "31-02-2024", "Datoen 31-02-2024 findes ikke i kalenderen"),
    ("dato", "i morgen", "Skriv en gyldig dato"),
    ("dato", "2019-12-31", "Datoen må ikke være før 01-01-2020."),
    ("dato", "2031-01-01", "Datoen må ikke være efter 31-12-2030."),
    ("email", "anne@", "Skriv en gyldig e-mailadresse"),
    ("email", "anne firma.dk", "Skriv en gyldig e-mailadresse"),
    ("kode", "abc-12", "Koden skal se ud som ABC-12."),
    ("navn", "x" * 21, "Højst 20 tegn (du har skrevet 21)"),
    ("navn", "", "Skriv dit navn."),
    ("beskrivelse", "y" * 51, "Højst 50 tegn"),
]


@pytest.mark.parametrize(("key", "typed", "message"), BAD)
def test_bad_value_is_refused_with_danish_message(client, app, key, typed, message):
    post_error(client, app, filled(client, **{key: typed}), key, message)


def test_error_summary_links_to_fields_and_typed_values_stay(client, app):
    form = filled(client, cvr="24256791", telefon="123", beskrivelse="min tekst\nanden linje",
                  antal="7", kode="ABC-12")
    response = submit(client, URL, form)
    page = response.get_data(as_text=True)
    summary = page.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Der er fejl i formularen" in summary
    assert 'href="#cvr"' in summary and "CVR-nummeret er ikke gyldigt" in html.unescape(summary)
    assert 'href="#telefon"' in summary
    assert 'aria-invalid="true"' in page
    again = type(form)(page)
    assert again.values["cvr"] == ["24256791"]
    assert again.values["telefon"] == ["123"]
    assert again.values["antal"] == ["7"]
    assert again.values["kode"] == ["ABC-12"]
    assert again.values["navn"] == ["Anne Hansen"]
    assert again.values["interesser"] == ["a", "b"]
    assert again.values["beskrivelse"][0].replace("\r\n", "\n").strip() == "min tekst\nanden linje"
    assert again.values["deltagere-0-navn"] == ["Bo Jensen"]
    assert nothing_stored(app)


CONTROL = [(key, "An\x00ne") for key in ("navn", "kode", "beskrivelse", "email", "telefon", "cvr",
                                         "postnummer", "antal", "dato", "deltagere__0__navn")]
CONTROL += [("navn", "An\x1bne"), ("beskrivelse", "An\x07ne"), ("navn", "An\u202ene")]


@pytest.mark.parametrize(("key", "bad"), CONTROL)
def test_control_characters_are_refused_with_a_message(client, app, key, bad):
    form = filled(client, **{key: bad})
    response = submit(client, URL, form)
    assert response.status_code == 200
    errors = errors_of(response)
    assert errors, "a control character must be refused"
    if key in ("navn", "kode", "beskrivelse"):
        assert "usynlige styretegn" in errors[key]
    assert nothing_stored(app)


def test_overlong_values_of_every_text_type_are_refused(client, app):
    form = filled(client, email="a" * 300 + "@firma.dk", telefon="2" * 40, cvr="1" * 40,
                  postnummer="8" * 30, beskrivelse="z" * 6000)
    response = submit(client, URL, form)
    assert response.status_code == 200
    errors = errors_of(response)
    assert {"email", "telefon", "cvr", "postnummer", "beskrivelse"} <= errors.keys()
    assert nothing_stored(app)


# --- choices ------------------------------------------------------------------------------------

def test_multichoice_min_max_and_required(client, app):
    post_error(client, app, filled(client, interesser=["a"]), "interesser", "Vælg mindst 2.")
    post_error(
        client, app, filled(client, interesser=["a", "b", "c", "d"]), "interesser", "Vælg højst 3."
    )
    form = filled(client)
    form.values.pop("interesser")
    post_error(client, app, form, "interesser", "Sæt kryds ved mindst én af mulighederne.")
    assert post_ok(client, app, filled(client, interesser=["a", "c", "d"]))["interesser"] == [
        "a",
        "c",
        "d",
    ]


@pytest.mark.parametrize(
    ("key", "value"),
    [("ja_nej", "måske"), ("sektor", "privat"), ("rolle", "chef"), ("interesser", "zz")],
)
def test_values_the_page_never_offered_are_refused(client, app, key, value):
    form = filled(client)
    form.values[key] = [value, "a"] if key == "interesser" else [value]
    post_error(client, app, form, key, "Vælg en af mulighederne.")


def test_choice_option_show_if(client, app):
    # "Detail" is offered only for sektor=erhverv; posting it for kommune is refused.
    post_error(client, app, filled(client, sektor="kommune", rolle="detail"), "rolle",
               "Den valgte mulighed passer ikke til dine andre svar.")
    answers = post_ok(
        client, app, filled(client, sektor="erhverv", rolle="detail", firma="Byg ApS")
    )
    assert answers["rolle"] == "detail"
    page = client.get(URL).get_data(as_text=True)
    assert re.search(r'<option value="detail"[^>]*data-show-if="[^"]*sektor', page)


def test_option_without_condition_needs_no_other_answer(client, app):
    assert post_ok(client, app, filled(client, rolle="andet"))["rolle"] == "andet"


# --- show_if and required_if on the server ------------------------------------------------------

def test_hidden_field_is_ignored_and_not_stored(client, app):
    # firma is required, but only shown for sektor=erhverv; a value posted anyway is dropped.
    answers = post_ok(client, app, filled(client, sektor="kommune", firma="Hemmelig A/S"))
    assert "firma" not in answers
    assert answers["sektor"] == "kommune"


def test_shown_field_is_required(client, app):
    post_error(
        client, app, filled(client, sektor="erhverv"), "firma", "Udfyld venligst dette felt."
    )


def test_shown_field_is_stored(client, app):
    assert (
        post_ok(client, app, filled(client, sektor="erhverv", firma="Byg ApS"))["firma"]
        == "Byg ApS"
    )


def test_show_if_is_rendered_with_a_hint_for_people_without_javascript(client, app):
    page = client.get(URL).get_data(as_text=True)
    assert 'id="wrap-firma"' in page and "data-show-if" in page
    hint = re.search(r'<span class="form-hint cond-hint" id="cond-firma">(.*?)</span>', page,
                     re.S).group(1)
    assert "Erhverv" in html.unescape(hint) and "Sektor" in html.unescape(hint)


def test_required_if(client, app):
    post_error(
        client, app, filled(client, ja_nej="ja"), "begrundelse", "Udfyld venligst dette felt."
    )
    assert (
        post_ok(client, app, filled(client, ja_nej="ja", begrundelse="Fordi"))["begrundelse"]
        == "Fordi"
    )


def test_required_if_not_triggered(client, app):
    assert post_ok(client, app, filled(client, ja_nej="nej"))["begrundelse"] is None


# --- repeat -------------------------------------------------------------------------------------

def test_repeat_ignores_empty_rows(client, app):
    form = filled(
        client, deltagere__1__navn="", deltagere__2__navn="Cia", deltagere__2__email="cia@firma.dk"
    )
    answers = post_ok(client, app, form)
    assert answers["deltagere"] == [
        {"navn": "Bo Jensen", "email": None},
        {"navn": "Cia", "email": "cia@firma.dk"},
    ]


def test_repeat_needs_at_least_one_row(client, app):
    post_error(client, app, filled(client, deltagere__0__navn=""), "deltagere", "Udfyld mindst 1.")


def test_repeat_row_with_a_missing_required_subfield(client, app):
    form = filled(client, deltagere__1__email="dan@firma.dk")
    response = post_error(
        client, app, form, "deltagere", "Nr. 2, Navn: Udfyld venligst dette felt."
    )
    errors = errors_of(response)
    assert "Udfyld venligst dette felt." in errors["deltagere-1-navn"]
    assert 'href="#deltagere-1-navn"' in response.get_data(as_text=True)


def test_repeat_row_with_a_bad_email(client, app):
    response = post_error(client, app, filled(client, deltagere__0__email="bo@"), "deltagere",
                          "Nr. 1, E-mail: Skriv en gyldig e-mailadresse")
    assert "Skriv en gyldig e-mailadresse" in errors_of(response)["deltagere-0-email"]


def test_repeat_offers_max_rows_only(client, app):
    form = open_form(client, URL)
    assert "deltagere-2-navn" in form.names and "deltagere-3-navn" not in form.names
    data = filled(client).data()
    data["deltagere-3-navn"] = "Extra"
    response = client.post(URL, data=data)
    assert response.status_code == 303
    assert [row["navn"] for row in stored(app)["deltagere"]] == ["Bo Jensen"]


# --- info, prefill, defaults, the whole record ---------------------------------------------------

def test_info_is_shown_and_never_stored(client, app):
    assert "Læs dette først." in client.get(URL).get_data(as_text=True)
    assert "velkomst" not in post_ok(client, app, filled(client))


def test_prefill_from_query_only_for_prefill_fields(client, app):
    form = open_form(client, URL + "?kilde=Avisen&navn=Mallory&land=Sverige")
    assert form.values["kilde"] == ["Avisen"]
    assert form.values["navn"] == [""]
    assert form.values["land"] == ["Danmark"]
    form.fill(navn="Anne", email="anne@firma.dk", interesser=["a", "b"])
    form.set("deltagere-0-navn", "Bo")
    assert post_ok(client, app, form)["kilde"] == "Avisen"


def test_prefill_cannot_inject_markup(client, app):
    page = client.get(URL + "?kilde=%22%3E%3Cscript%3Ealert(1)%3C/script%3E").get_data(as_text=True)
    assert "<script>alert(1)" not in page


def test_default_is_offered_and_can_be_changed(client, app):
    assert open_form(client, URL).values["land"] == ["Danmark"]
    assert post_ok(client, app, filled(client, land="Norge"))["land"] == "Norge"


def test_full_record_with_every_type(client, app):
    form = filled(
        client, kode="XYZ-99", beskrivelse="Hej", antal="3", dato="24-12-2026", ja_nej="ja",
        begrundelse="Derfor", telefon="20 30 40 50", cvr="DK 13 74 81 36", postnummer="8722",
        sektor="erhverv", rolle="detail", firma="Byg ApS", interesser=["b", "d"],
        deltagere__1__navn="Cia", deltagere__1__email="CIA@Firma.dk",
    )
    response = submit(client, URL, form, follow=True)
    assert response.status_code == 200
    answers = stored(app)
    assert answers == {
        "navn": "Anne Hansen",
        "kode": "XYZ-99",
        "beskrivelse": "Hej",
        "email": "anne@firma.dk",
        "antal": 3,
        "dato": "2026-12-24",
        "ja_nej": "ja",
        "begrundelse": "Derfor",
        "telefon": "+4520304050",
        "cvr": "13748136",
        "postnummer": "8722",
        "sektor": "erhverv",
        "rolle": "detail",
        "firma": "Byg ApS",
        "interesser": ["b", "d"],
        "deltagere": [
            {"navn": "Bo Jensen", "email": None},
            {"navn": "Cia", "email": "CIA@firma.dk"},
        ],
        "kilde": None,
        "land": "Danmark",
    }
    with app.app_context():
        signup = db.session.query(Signup).one()
        assert (signup.form_slug, signup.form_version) == ("felter", 3)
        assert signup.phone == "+4520304050"
    receipt = html.unescape(response.get_data(as_text=True))
    assert "20 30 40 50" in receipt  # phone shown as xx xx xx xx
    assert "8722 Hedensted" in receipt  # town from the shipped table
    assert "24-12-2026" in receipt
    assert "Beta, Delta" in receipt
    assert "Byg ApS" in receipt
