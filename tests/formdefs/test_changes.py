"""changes.diff: a readable difference between two definition mappings, in Danish."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
import yaml
from flask_babel import force_locale

from intake.formdefs.changes import ChangeKind, diff

FORMS = Path(__file__).resolve().parents[2] / "forms"


def seed(name: str) -> dict:
    return yaml.safe_load((FORMS / f"{name}.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def kinds(changes) -> list[tuple[str, str | None]]:
    return [(c.kind, c.field) for c in changes]


def field(mapping: dict, key: str) -> dict:
    return next(f for f in mapping["fields"] if f["key"] == key)


@pytest.mark.parametrize(
    "name", ["netvaerksmesse", "samarbejdsgruppe", "ivaerksaetterfredag", "opfoelgning"]
)
def test_a_form_against_itself_has_no_changes(ctx, name):
    mapping = seed(name)
    assert diff(mapping, copy.deepcopy(mapping)) == []


def test_the_version_number_alone_is_no_change(ctx):
    old = seed("netvaerksmesse")
    assert diff(old, old | {"version": 7}) == []


def test_yaml_and_json_forms_of_the_same_definition_are_equal(ctx):
    """The store keeps JSON: dates as text, a Danish-only text maybe as {da: …}."""
    old = seed("netvaerksmesse")
    new = copy.deepcopy(old)
    new["occasions"][0]["date"] = "2027-10-08"
    field(new, "firmanavn")["label"] = {"da": "Virksomhedens navn", "en": "Company name"}
    field(new, "telefon")["help"] = {"da": "Ring hertil"}
    old_help = copy.deepcopy(old)
    field(old_help, "telefon")["help"] = "Ring hertil"
    assert diff(old_help, new) == []


def test_settings_show_old_and_new_values(ctx):
    old = seed("netvaerksmesse")
    new = copy.deepcopy(old)
    new["retention_days"] = 365
    new["notify"] = ["erhverv@hedensted.dk", "messe@hedensted.dk"]
    new["privacy"]["purpose"]["da"] = "Et nyt formål."
    new["title"]["en"] = "Network fair 2028"
    texts = [c.text for c in diff(old, new)]
    assert (
        "Titel ændret: «Network fair 2027 at Hedensted Centeret» (engelsk) → "
        "«Network fair 2028» (engelsk)" in texts
    )
    assert (
        "Besked til personalet ændret: «erhverv@hedensted.dk» → "
        "«erhverv@hedensted.dk, messe@hedensted.dk»" in texts
    )
    assert "Opbevaring i dage ændret: «730» → «365»" in texts
    assert any(
        t.startswith("Privatlivsoplysninger, formål ændret: «Vi bruger")
        and t.endswith("→ «Et nyt formål.»")
        for t in texts
    )
    assert all(c.kind == ChangeKind.SETTING and c.field is None for c in diff(old, new))


def test_opening_closing_and_capacity(ctx):
    old = seed("netvaerksmesse")
    new = copy.deepcopy(old)
    new["closes"] = "2027-10-06 12:00"
    new["capacity"]["seats"] = 150
    new["capacity"]["waiting_list"] = False
    by_kind = {c.kind: c.text for c in diff(old, new)}
    assert (
        by_kind[ChangeKind.CLOSES]
        == "Lukker ændret: 7. oktober 2027 kl. 12.00 → 6. oktober 2027 kl. 12.00"
    )
    with force_locale("en"):  # the wall-clock times in the reader's language too
        (closes,) = [str(c.text) for c in diff(old, new) if c.kind == ChangeKind.CLOSES]
    assert "7 October 2027 at 12:00" in closes and "6 October 2027 at 12:00" in closes
    texts = [c.text for c in diff(old, new) if c.kind == ChangeKind.CAPACITY]
    assert texts == [
        "Pladser, antal pladser ændret: «200» → «150»",
        "Pladser, venteliste ændret: «ja» → «nej»",
    ]


def test_fields_added_removed_renamed_and_moved(ctx):
    old = seed("netvaerksmesse")
    new = copy.deepcopy(old)
    new["fields"] = [f for f in new["fields"] if f["key"] != "branche"]
    new["fields"].insert(2, {"key": "hjemmeside", "type": "text", "label": "Hjemmeside"})
    moved = next(i for i, f in enumerate(new["fields"]) if f["key"] == "kontakt_email")
    new["fields"].insert(0, new["fields"].pop(moved))  # kontakt_email first
    field(new, "firmanavn")["label"]["da"] = "Firmanavn"
    changes = diff(old, new)
    assert kinds(changes) == [
        (ChangeKind.FIELD_REMOVED, "branche"),
        (ChangeKind.FIELD_ADDED, "hjemmeside"),
        (ChangeKind.FIELD_MOVED, "kontakt_email"),
        (ChangeKind.FIELD_RENAMED, "firmanavn"),
    ]
    assert [c.text for c in changes] == [
        "Feltet «Branche» (branche) er fjernet",
        "Feltet «Hjemmeside» (hjemmeside) er tilføjet som nr. 4",
        "Feltet «E-mail til kontaktpersonen» (kontakt_email) er flyttet fra nr. 8 til nr. 1",
        "Feltet firmanavn har fået ny tekst: «Virksomhedens navn» → «Firmanavn»",
    ]


def test_type_and_type_properties_use_the_types_own_labels(ctx):
    old = seed("netvaerksmesse")
    new = copy.deepcopy(old)
    field(new, "branche")["type"] = "textarea"
    field(new, "branche")["max_length"] = 500
    field(new, "telefon")["required"] = False
    texts = [c.text for c in diff(old, new)]
    assert "Feltet «Branche» (branche) har skiftet type: «tekst» → «lang tekst»" in texts
    assert "Feltet «Branche» (branche): «Højst antal tegn» ændret: «100» → «500»" in texts
    assert (
        "Feltet «Telefon til kontaktpersonen» (telefon): «Skal udfyldes» ændret: "
        "«ja» → «nej»" in texts
    )


def test_options_added_removed_relabelled_and_code_kept(ctx):
    old = seed("netvaerksmesse")
    new = copy.deepcopy(old)
    options = field(new, "netvaerk")["options"]
    options[0]["label"]["da"] = "Netværk efter branche"
    del options[1]
    options.append({"code": "digitalt", "label": "Digitalt netværk"})
    changes = [c for c in diff(old, new) if c.field == "netvaerk"]
    assert kinds(changes) == [
        (ChangeKind.OPTION_REMOVED, "netvaerk"),
        (ChangeKind.OPTION_ADDED, "netvaerk"),
        (ChangeKind.OPTION_RELABELLED, "netvaerk"),
    ]
    assert changes[0].text.endswith(
        "svarmuligheden «Aldersopdelt netværk» (aldersopdelt) er fjernet"
    )
    assert changes[2].text.endswith(
        "svarmuligheden brancheopdelt har fået ny tekst: "
        "«Brancheopdelt netværk» → «Netværk efter branche»"
    )


def test_option_capacity_is_a_capacity_change(ctx):
    old = seed("samarbejdsgruppe")
    new = copy.deepcopy(old)
    field(new, "gruppe")["options"][0]["capacity"] = 3
    [change] = diff(old, new)
    assert change.kind == ChangeKind.CAPACITY and change.field == "gruppe"
    assert "pladser ændret" in change.text and "«3»" in change.text


def test_a_sub_field_of_a_repeat_is_named_with_its_parent(ctx):
    old = seed("netvaerksmesse")
    new = copy.deepcopy(old)
    field(new, "deltagere")["fields"][0]["label"] = "Fulde navn"
    [change] = diff(old, new)
    assert (change.kind, change.field) == (ChangeKind.FIELD_RENAMED, "deltagere.navn")


def test_goal_fields_of_a_followup(ctx):
    old = seed("opfoelgning")
    new = copy.deepcopy(old)
    new["goal_fields"][0]["label"] = "Status nu"
    [change] = diff(old, new)
    assert change.field == f"goal_fields.{old['goal_fields'][0]['key']}"


def test_occasions_added_moved_removed_and_changed(ctx):
    old = seed("netvaerksmesse")
    old["occasions"] += [
        {"date": date(2027, 11, 5), "start": "09:00", "end": "12:00", "place": "Rugekassen"},
        {"date": date(2027, 12, 3), "start": "09:00", "end": "12:00", "place": "Rugekassen"},
    ]
    new = copy.deepcopy(old)
    new["occasions"][0]["date"] = "2027-10-15"  # moved
    new["occasions"][1]["place"] = "Hedensted Centeret"  # changed on the same day
    del new["occasions"][2]  # 3 Dec removed … and one added in its place: a move
    changes = [c for c in diff(old, new) if c.kind.startswith("occasion")]
    assert [c.text for c in changes] == [
        "Datoen 8. oktober 2027 er flyttet til 15. oktober 2027",
        "Datoen 3. december 2027 er fjernet",
        "Datoen 5. november 2027, sted ændret: «Rugekassen» → «Hedensted Centeret»",
    ]
    new["occasions"].append(
        {"date": "2028-01-07", "start": "09:00", "end": "12:00", "place": "Rugekassen"}
    )
    moved = [c.text for c in diff(old, new) if c.kind == ChangeKind.OCCASION_MOVED]
    assert moved == [
        "Datoen 8. oktober 2027 er flyttet til 15. oktober 2027",
        "Datoen 3. december 2027 er flyttet til 7. januar 2028",
    ]


def test_a_monthly_rule_compared_key_by_key(ctx):
    old = seed("ivaerksaetterfredag")
    new = copy.deepcopy(old)
    new["occasions"]["every_month"]["weekday"] = "torsdag"
    new["occasions"]["every_month"]["skip"] = [date(2027, 7, 1)]
    texts = [c.text for c in diff(old, new)]
    assert texts == [
        "Fast dato hver måned, ugedag ændret: «fredag» → «torsdag»",
        "Fast dato hver måned, springes over ændret: (intet) → «2027-07-01»",
    ]
