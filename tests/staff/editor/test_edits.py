"""Pure edits of a definition mapping (intake/staff/editor/edits.py)."""

import pytest

from intake.staff.editor import edits

MAPPING = {
    "slug": "x",
    "title": "X",
    "fields": [
        {"key": "navn", "type": "text", "label": "Navn"},
        {
            "key": "kommer",
            "type": "choice",
            "label": "Kommer du?",
            "options": [{"code": "ja", "label": "Ja"}, {"code": "nej", "label": "Nej"}],
            "x-other-tool": {"kept": True},
        },
        {"key": "folk", "type": "repeat", "fields": [{"key": "fnavn", "type": "text"}]},
    ],
}


def test_codes_are_made_from_the_label_and_unique():
    assert edits.make_code("Ja, gerne!") == "ja_gerne"
    assert edits.make_code("Årsag til ønsket") == "aarsag_til_oensket"
    assert edits.make_code("Navn", {"navn"}) == "navn_2"
    assert edits.make_code("2 personer") == "f_2_personer"
    assert edits.make_code("!!!") == "felt"


def test_text_value_round_trips():
    assert edits.text_value("Navn", "") == "Navn"
    assert edits.text_value("Navn", "Name") == {"da": "Navn", "en": "Name"}
    assert edits.text_value(" ", "") is None
    assert edits.text_parts({"da": "Navn", "en": "Name"}) == ("Navn", "Name")
    assert edits.text_parts("Navn") == ("Navn", "")


def test_add_move_remove_field_leave_the_original_alone():
    new, address = edits.add_field(MAPPING, "text", "Navn")
    assert address == "navn_2" and new["fields"][-1] == {
        "key": "navn_2",
        "type": "text",
        "label": "Navn",
    }
    assert len(MAPPING["fields"]) == 3
    moved = edits.move_field(MAPPING, "kommer", -1)
    assert [f["key"] for f in moved["fields"]] == ["kommer", "navn", "folk"]
    assert edits.move_field(MAPPING, "navn", -1) == MAPPING  # already first
    assert [f["key"] for f in edits.remove_field(MAPPING, "navn")["fields"]] == ["kommer", "folk"]
    with pytest.raises(KeyError):
        edits.remove_field(MAPPING, "findes_ikke")


def test_sub_fields_are_addressed_through_their_parent():
    new, address = edits.add_field(MAPPING, "email", "E-mail", parent="folk")
    assert address == "folk.e_mail"
    assert edits.field_at(new, "folk.e_mail")["type"] == "email"
    assert "e_mail" in edits.all_keys(new)


def test_option_codes_stay_when_the_label_changes():
    new, code = edits.add_option(MAPPING, "kommer", "Måske", "Maybe")
    assert code == "maaske"
    relabelled = edits.relabel_option(new, "kommer", "maaske", "Måske senere", "")
    options = edits.field_at(relabelled, "kommer")["options"]
    assert options[-1] == {"code": "maaske", "label": "Måske senere"}
    moved = edits.move_option(relabelled, "kommer", "maaske", -1)
    assert [o["code"] for o in edits.field_at(moved, "kommer")["options"]] == [
        "ja",
        "maaske",
        "nej",
    ]
    gone = edits.remove_option(moved, "kommer", "ja")
    assert [o["code"] for o in edits.field_at(gone, "kommer")["options"]] == ["maaske", "nej"]
    assert edits.field_at(gone, "kommer")["x-other-tool"] == {"kept": True}


def test_conditions_are_set_from_a_field_and_its_values():
    new = edits.set_condition(MAPPING, "folk", "show_if", "kommer", ["ja"])
    assert edits.field_at(new, "folk")["show_if"] == {"kommer": "ja"}
    both = edits.set_condition(new, "folk", "show_if", "kommer", ["ja", "nej"])
    assert edits.condition_terms(edits.field_at(both, "folk")["show_if"]) == [
        ("kommer", ["ja", "nej"])
    ]
    cleared = edits.set_condition(both, "folk", "show_if", "kommer", [])
    assert "show_if" not in edits.field_at(cleared, "folk")
    assert [f["key"] for f in edits.condition_sources(MAPPING, "folk")] == ["kommer"]
    assert edits.condition_sources(MAPPING, "navn") == []


def test_placeholders_are_the_answers_then_the_mail_values():
    keys = edits.placeholders(MAPPING)
    assert keys[:3] == ["navn", "kommer", "folk"]
    assert "reference" in keys and "is_waitlisted" in keys


def test_a_followups_goal_block_is_addressed_as_goal_fields():
    mapping = {"kind": "followup", "goal_fields": [{"key": "status", "type": "text"}]}
    new, address = edits.add_field(mapping, "text", "Næste skridt", parent="goal_fields")
    assert address == "goal_fields.naeste_skridt"
    assert [f["key"] for f in new["goal_fields"]] == ["status", "naeste_skridt"]
    moved = edits.move_field(new, address, -1)
    assert [f["key"] for f in moved["goal_fields"]] == ["naeste_skridt", "status"]
    assert "fields" not in moved
