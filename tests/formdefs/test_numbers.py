"""Numbers and dates are read exactly as written (issue 8 §5): a whole-number field refuses
7.5 and 7,5 instead of storing 75, no parser drops a separator, impossible values get a Danish
message, and every example a message shows is one the form accepts."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict

from intake.formdefs.blocks import build_block_class
from intake.formdefs.loader import load_file
from intake.formdefs.numbers import (
    NumberError,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_time,
)
from tests.conftest import submit
from tests.formdefs.test_fields import FIXTURES, URL, errors_of, filled, nothing_stored, post_ok
from tests.support.goals import FOLLOWUP_FORM


@pytest.fixture
def app(make_app):
    return make_app(FORMS_DIR=str(FIXTURES))


@pytest.fixture
def fields_app(app):
    return app


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("12", 12),
        ("-3", -3),
        ("1.000", 1000),
        ("1 000", 1000),
        ("10.000.000", 10_000_000),
        (" 7 ", 7),
    ],
)
def test_integers_as_danes_write_them(typed, value):
    assert parse_integer(typed) == value


@pytest.mark.parametrize(
    "typed", ["7.5", "7,5", "1_000", "1.00", "1.000 000", "١٢", "fem", "12e3", "0x10"]
)
def test_integers_never_drop_a_separator(typed):
    with pytest.raises(NumberError):
        parse_integer(typed)


@pytest.mark.parametrize(("typed", "value"), [
    ("7,5", Decimal("7.5")), ("1.234,5", Decimal("1234.5")), ("1 234,5", Decimal("1234.5")),
    ("12", Decimal(12)), ("-0,25", Decimal("-0.25")),
])
def test_decimals_with_the_danish_comma(typed, value):
    assert parse_decimal(typed) == value


@pytest.mark.parametrize("typed", ["7.5", "1.234", "7,5,1", "1,2.3"])
def test_ambiguous_decimals_are_refused(typed):
    with pytest.raises(NumberError):
        parse_decimal(typed)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("31-12-2027", date(2027, 12, 31)),
        ("2027-12-31", date(2027, 12, 31)),
        ("31.12.2027", date(2027, 12, 31)),
        ("31/12/2027", date(2027, 12, 31)),
        ("1.3.2024", date(2024, 3, 1)),
    ],
)
def test_dates_day_first_or_iso(typed, value):
    assert parse_date(typed) == value


@pytest.mark.parametrize("typed", ["31-02-2027", "2027-31-12", "12-31-2027", "31-12.2027"])
def test_impossible_or_mixed_dates_are_refused(typed):
    with pytest.raises(NumberError):
        parse_date(typed)


@pytest.mark.parametrize(("typed", "ok"), [("12:00", True), ("12.00", True), ("9.30", True),
                                          ("24.00", False), ("12.75", False), ("kl. 12", False)])
def test_clock_times(typed, ok):
    if ok:
        assert parse_time(typed)
    else:
        with pytest.raises(NumberError):
            parse_time(typed)


# -- the follow-up progress field (whole number 0-100) ----------------------------------------

@pytest.fixture
def progress_block(app):
    definition, problems = load_file(FOLLOWUP_FORM)
    assert problems == []
    cls = build_block_class("Goal", definition.goal_fields)

    def post(typed: str):
        with app.test_request_context():
            form = cls(
                formdata=MultiDict({"g1-status": "i_gang", "g1-fremdrift": typed}), prefix="g1-"
            )
            ok = form.validate()
            return (
                ok,
                form.answers().get("fremdrift"),
                form["fremdrift"].errors,
                form["fremdrift"](),
            )

    return post


@pytest.mark.parametrize("typed", ["7.5", "7,5"])
def test_progress_refuses_decimals_instead_of_storing_75(progress_block, typed):
    ok, _stored, errors, html = progress_block(typed)
    assert not ok
    assert "Skriv et helt tal fra 0 til 100, uden komma." in [str(e) for e in errors]
    assert f'value="{typed}"' in html  # what was typed stays


def test_progress_refuses_impossible_values_and_keeps_good_ones(progress_block):
    ok, _stored, errors, _html = progress_block("150")
    assert not ok and "Tallet må højst være 100." in [str(e) for e in errors]
    assert progress_block("75")[:2] == (True, 75)


def test_progress_input_is_text_so_no_browser_drops_the_comma(progress_block):
    html = progress_block("")[3]
    assert 'type="text"' in html and 'inputmode="numeric"' in html and 'type="number"' not in html


# -- every example shown in a message is accepted by the form -----------------------------------

BAD_INPUT = {
    "telefon": "123",
    "cvr": "1234",
    "postnummer": "87",
    "antal": "fem",
    "dato": "i morgen",
    "email": "anne@",
}


def _examples(message: str) -> list[str]:
    found = re.search(r"\bfx (.+?)\.?$", message.strip())
    if found is None:  # a message without an example has none to get wrong
        return []
    return [e.strip() for e in found.group(1).split(" eller ")]


@pytest.mark.parametrize("key", sorted(BAD_INPUT))
def test_every_example_in_a_message_is_accepted(client, fields_app, key):
    response = submit(client, URL, filled(client, **{key: BAD_INPUT[key]}))
    message = errors_of(response)[key]
    for example in _examples(message):
        with fields_app.app_context():
            from intake.extensions import db
            from intake.signups.models import Signup

            db.session.query(Signup).delete()
            db.session.commit()
        post_ok(client, fields_app, filled(client, **{key: example}))


def test_phone_stays_as_typed_on_a_page_with_errors(client, fields_app):
    response = submit(client, URL, filled(client, telefon="20 12 34 56", cvr="1234"))
    page = response.get_data(as_text=True)
    assert 'value="20 12 34 56"' in page and "+4520123456" not in page
    assert nothing_stored(fields_app)
