"""The XLSForm subset: conditions, constraints, types, yes/no cells and names."""

from __future__ import annotations

import pytest

from intake.formdefs.xlsform.subset import (
    Unsupported,
    clean_name,
    condition_text,
    constraint_text,
    language_code,
    parse_condition,
    parse_constraint,
    split_type,
    yes_no,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("${har_cvr} = 'ja'", {"har_cvr": "ja"}),
    ("${x}='a' and ${y} = \"b\"", {"x": "a", "y": "b"}),
    ("selected(${behov}, 'andet')", {"behov": "andet"}),
    ("${x} = 'a' or ${x} = 'b'", {"x": ["a", "b"]}),
    ("(${x} = 'a')", {"x": ["a"]}),
    ("(${x} = 'a' or ${x} = 'b') and selected(${y}, 'c')", {"x": ["a", "b"], "y": "c"}),
    ("selected(${y}, 'c') or selected(${y}, 'd')", {"y": ["c", "d"]}),
    ("${antal} = 3", {"antal": 3}),
    ("${Firma_Navn} = 'ja'", {"firma_navn": "ja"}),
])
def test_conditions_in_the_subset(text, expected):
    assert parse_condition(text) == expected


@pytest.mark.parametrize(("text", "why"), [
    ("${x} != 'a'", "'!='"),
    ("${x} = 'a' or ${y} = 'b'", "samme felt"),
    ("${x} > 3", "'>'"),
    ("count-selected(${x}) = 2", "count-selected()"),
    ("${x} = 'a' and", "«and»"),
    ("${x} = 'a' and ${x} = 'b'", "to gange"),
    ("not(${x} = 'a')", "not()"),
    ("${x} = ${y}", "værdi i anførselstegn"),
])
def test_conditions_outside_the_subset_say_why(text, why):
    with pytest.raises(Unsupported) as raised:
        parse_condition(text)
    assert why in str(raised.value)


@pytest.mark.parametrize("condition", [
    {"gruppe": "arbejdsliv", "sektor": "kommune"},
    {"maal_status": ["undervejs", "ikke_startet"]},
    {"x": ["a"]},
    {"antal": 3, "navn": "it's"},
])
def test_condition_round_trip(condition):
    assert parse_condition(condition_text(condition, set())) == condition


def test_several_choice_fields_use_selected():
    text = condition_text({"behov": ["a", "b"], "x": "c"}, {"behov"})
    assert text == "(selected(${behov}, 'a') or selected(${behov}, 'b')) and ${x} = 'c'"
    assert parse_condition(text) == {"behov": ["a", "b"], "x": "c"}


@pytest.mark.parametrize(("text", "expected"), [
    (". >= 1 and . <= 10", {"min": 1, "max": 10}),
    (".>=0.5", {"min": 0.5}),
    (". > 0 and . < 100", {"min": 1, "max": 99}),
    ("regex(., '^[0-9]{4}$')", {"pattern": "^[0-9]{4}$"}),
])
def test_constraints_in_the_subset(text, expected):
    assert parse_constraint(text) == expected


@pytest.mark.parametrize("text", [
    "string-length(.) <= 3", ". != 3", ". >= ${x}", ". > 1.5", ". >= 1 or . <= 3",
    ". >= 1 and . >= 2",
])
def test_constraints_outside_the_subset(text):
    with pytest.raises(Unsupported):
        parse_constraint(text)


def test_constraint_round_trip():
    text = constraint_text((0, 7.5), "it's [0-9]")
    assert text == ". >= 0 and . <= 7.5 and regex(., \"it's [0-9]\")"
    assert parse_constraint(text) == {"min": 0, "max": 7.5, "pattern": "it's [0-9]"}


@pytest.mark.parametrize(("cell", "expected"), [
    ("select_one ja_nej", ("select_one", "ja_nej")),
    ("select one  farver", ("select_one", "farver")),
    ("select_multiple behov", ("select_multiple", "behov")),
    ("select all that apply behov", ("select_multiple", "behov")),
    ("begin group", ("begin group", None)),
    ("Integer", ("integer", None)),
    ("rank farver", ("rank", "farver")),
])
def test_types_as_pyxform_spells_them(cell, expected):
    assert split_type(cell) == expected


@pytest.mark.parametrize(("cell", "expected"), [
    (True, True), ("yes", True), ("TRUE", True), ("true()", True), ("ja", True),
    ("no", False), ("FALSE", False), ("Nej", False), (0, False), ("${x} = 'a'", None),
])
def test_yes_no_cells(cell, expected):
    assert yes_no(cell) is expected


def test_names_and_languages():
    assert clean_name(" Navn-paa.Firma ") == "navn_paa_firma"
    assert language_code("Dansk (da)") == "da"
    assert language_code("Danish (da)") == "da"
    assert language_code("English (en)") == "en"
    assert language_code("English") == "en"
    assert language_code("Français (fr)") == "fr"
