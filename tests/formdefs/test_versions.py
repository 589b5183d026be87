"""answered_definition: the latest version joined with what only older answered versions had."""

from __future__ import annotations

import copy

from intake.exports import signups
from intake.formdefs.loader import load_mapping
from intake.formdefs.versions import answered_definition

BASE = {
    "slug": "live",
    "version": 1,
    "kind": "signup",
    "title": {"da": "Live"},
    "privacy": {
        key: "Test"
        for key in ("controller", "purpose", "legal_basis", "retention", "rights", "contact")
    },
    "fields": [
        {"key": "navn", "type": "text", "label": {"da": "Navn"}},
        {"key": "firma", "type": "text", "label": {"da": "Firma"}},
        {
            "key": "mad",
            "type": "choice",
            "label": {"da": "Mad"},
            "options": [
                {"code": "kod", "label": {"da": "Kød"}},
                {"code": "veg", "label": {"da": "Vegetar"}},
                {"code": "fisk", "label": {"da": "Fisk"}},
            ],
        },
        {
            "key": "deltagere",
            "type": "repeat",
            "label": {"da": "Deltagere"},
            "fields": [
                {"key": "navn", "type": "text", "label": {"da": "Deltagerens navn"}},
                {"key": "alder", "type": "integer", "label": {"da": "Alder"}},
            ],
        },
    ],
}


def form(mapping: dict):
    definition, problems = load_mapping(copy.deepcopy(mapping), "test")
    assert definition is not None, problems
    return definition


def changed(version: int, change) -> dict:
    mapping = copy.deepcopy(BASE)
    mapping["version"] = version
    change(mapping)
    return mapping


def v2_change(m: dict) -> None:
    fields = m["fields"]
    fields.pop(1)  # firma removed
    fields[0]["label"] = {"da": "Fulde navn"}  # navn renamed
    fields[1]["options"] = [o for o in fields[1]["options"] if o["code"] != "fisk"]
    fields[1]["options"][0]["label"] = {"da": "Kød og fjerkræ"}
    fields[2]["fields"].pop(1)  # alder removed from the repeat
    fields.append({"key": "ny", "type": "text", "label": {"da": "Nyt spørgsmål"}})


def test_nothing_older_is_the_current_definition_itself():
    current = form(BASE)
    assert answered_definition(current, []) is current
    assert answered_definition(current, [current]) is current


def test_removed_fields_options_and_repeat_columns_come_back_with_old_labels():
    old, current = form(BASE), form(changed(2, v2_change))
    joined = answered_definition(current, [old])
    assert [f.key for f in joined.fields] == ["navn", "mad", "deltagere", "ny", "firma"]
    assert joined.field("navn").label.da == "Fulde navn"  # a rename: the current label
    assert joined.field("firma").label.da == "Firma"  # removed: its old label
    mad = joined.field("mad")
    assert [(o.code, o.label.da) for o in mad.options] == [
        ("kod", "Kød og fjerkræ"),
        ("veg", "Vegetar"),
        ("fisk", "Fisk"),
    ]
    repeat = joined.field("deltagere")
    assert [(f.key, f.label.da) for f in repeat.fields] == [
        ("navn", "Deltagerens navn"),
        ("alder", "Alder"),
    ]
    # the current definition itself is untouched (it is cached and served)
    assert [f.key for f in current.fields] == ["navn", "mad", "deltagere", "ny"]
    assert joined.version == current.version and joined.title == current.title


def test_the_newest_version_that_had_a_field_gives_its_label():
    v1 = form(BASE)
    v2 = form(changed(2, lambda m: m["fields"][1].update(label={"da": "Virksomhed"})))
    v3 = form(changed(3, lambda m: m["fields"].pop(1)))
    joined = answered_definition(v3, [v1, v2])  # any order
    assert joined.field("firma").label.da == "Virksomhed"
    assert [f.key for f in joined.fields].count("firma") == 1


def test_an_old_label_now_worn_by_another_field_gets_its_key():
    def swap(m):
        m["fields"].pop(1)
        m["fields"].append({"key": "selskab", "type": "text", "label": {"da": "Firma"}})

    joined = answered_definition(form(changed(2, swap)), [form(BASE)])
    assert [f.label.da for f in joined.fields][-2:] == ["Firma", "Firma (firma)"]


def test_options_of_another_type_are_not_joined():
    def to_text(m):
        m["fields"][2] = {"key": "mad", "type": "text", "label": {"da": "Mad"}}

    joined = answered_definition(form(changed(2, to_text)), [form(BASE)])
    assert joined.field("mad").type == "text" and joined.field("mad").options == ()


def test_the_export_layout_has_a_column_for_every_old_answer():
    joined = answered_definition(form(changed(2, v2_change)), [form(BASE)])
    export = signups.layout(joined)
    headers = [c.header for c in export.main.columns]
    assert "Firma" in headers and "Fulde navn" in headers and "Nyt spørgsmål" in headers
    [(_, spec, _)] = export.repeats
    assert [c.header for c in spec.columns][-2:] == ["Deltagerens navn", "Alder"]
