"""starters: new forms from a template or a shipped form, and a clone for the next edition.

Every mapping produced must pass the checker (loader.load_mapping)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from intake.clock import LOCAL
from intake.formdefs import starters
from intake.formdefs.loader import load_mapping

FORMS = Path(__file__).resolve().parents[2] / "forms"


def seed(name: str) -> dict:
    return yaml.safe_load((FORMS / f"{name}.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def passes(mapping: dict):
    definition, problems = load_mapping(mapping, "test")
    assert problems == [] and definition is not None
    return definition


def test_the_list_has_three_templates_then_every_shipped_form(ctx):
    ids = [s.id for s in starters.starters()]
    assert ids[:3] == ["blank", "event", "questionnaire"]
    assert sorted(ids[3:]) == sorted(f"form:{p.stem}" for p in FORMS.glob("*.yaml"))
    assert all(s.title and s.description for s in starters.starters())


@pytest.mark.parametrize(
    "starter_id",
    [
        "blank",
        "event",
        "questionnaire",
        "form:netvaerksmesse",
        "form:samarbejdsgruppe",
        "form:ivaerksaetterfredag",
        "form:opfoelgning",
    ],
)
def test_every_starter_gives_a_form_that_passes_the_checker(ctx, starter_id):
    mapping = starters.new_from_starter(starter_id, "nytaarskur", "Nytårskur 2027")
    definition = passes(mapping)
    assert (definition.slug, definition.version, definition.title.da) == (
        "nytaarskur",
        1,
        "Nytårskur 2027",
    )


def test_a_title_can_have_an_english_version(ctx):
    mapping = starters.new_from_starter("blank", "oplaeg", {"da": "Oplæg", "en": "Talk"})
    assert passes(mapping).title.en == "Talk"


def test_the_event_template_has_its_dates_ahead(ctx, frozen_clock):
    frozen_clock(datetime(2031, 6, 1, 12, 0, tzinfo=LOCAL))
    definition = passes(starters.new_from_starter("event", "messe", "Messe"))
    assert definition.occasions and all(o.day > date(2031, 6, 1) for o in definition.occasions)
    assert definition.closes_at < definition.occasions[0].starts_at


def test_each_call_gives_a_fresh_copy(ctx):
    first = starters.new_from_starter("form:netvaerksmesse", "a-messe", "A")
    first["fields"].clear()
    second = starters.new_from_starter("form:netvaerksmesse", "b-messe", "B")
    assert second["fields"]


def test_an_unknown_starter_and_a_bad_slug_are_refused(ctx):
    with pytest.raises(starters.UnknownStarter):
        starters.new_from_starter("form:findes-ikke", "ny", "Ny")
    with pytest.raises(starters.StarterInvalid) as refused:
        starters.new_from_starter("blank", "Ikke en slug", "Ny")
    assert any("'slug' skal være små bogstaver" in p for p in refused.value.problems)


def test_the_fair_cloned_for_next_year(ctx):
    old = seed("netvaerksmesse")
    clone = starters.clone_for_next_edition(old, "netvaerksmesse-2028")
    definition = passes(clone)
    assert (definition.slug, definition.version) == ("netvaerksmesse-2028", 1)
    assert clone["title"] == {
        "da": "Netværksmesse 2028 i Hedensted Centeret",
        "en": "Network fair 2028 at Hedensted Centeret",
    }
    assert clone["opens"] == "2027-01-01 00:00" and clone["closes"] == "2028-10-07 12:00"
    assert clone["occasions"][0]["date"] == date(2028, 10, 8)  # a Sunday now: the date is kept
    assert old["occasions"][0]["date"] == date(2027, 10, 8)  # the original is untouched
    assert old["slug"] == "netvaerksmesse"
    assert clone["fields"] == old["fields"] and clone["privacy"] == old["privacy"]


def test_a_clone_with_its_own_title_and_stored_json_dates(ctx):
    stored = seed("netvaerksmesse")
    stored["occasions"][0]["date"] = "2027-10-08"  # as the store keeps it
    clone = starters.clone_for_next_edition(stored, "messe-naeste", {"da": "Messen", "en": "Fair"})
    assert clone["occasions"][0]["date"] == "2028-10-08"
    assert clone["title"] == {"da": "Messen", "en": "Fair"}
    passes(clone)


def test_29_february_becomes_28_february(ctx):
    mapping = seed("netvaerksmesse")
    mapping["occasions"][0]["date"] = date(2028, 2, 29)
    mapping["opens"] = datetime(2028, 2, 1, 8, 0)
    mapping["closes"] = "2028-02-29 12:00"
    clone = starters.clone_for_next_edition(mapping, "messe-2029")
    assert clone["occasions"][0]["date"] == date(2029, 2, 28)
    assert clone["closes"] == "2029-02-28 12:00"
    assert clone["opens"] == datetime(2029, 2, 1, 8, 0)
    passes(clone)


def test_a_monthly_rule_keeps_its_rule_and_moves_skipped_days(ctx):
    mapping = seed("ivaerksaetterfredag")
    mapping["occasions"]["every_month"]["skip"] = [date(2027, 7, 2)]
    clone = starters.clone_for_next_edition(mapping, "fredag-2028")
    rule = clone["occasions"]["every_month"]
    assert rule["weekday"] == "fredag" and rule["skip"] == [date(2028, 7, 2)]
    assert clone["opens"] == "2027-01-01 00:00"
    passes(clone)


def test_a_clone_under_a_bad_slug_is_refused(ctx):
    with pytest.raises(starters.StarterInvalid):
        starters.clone_for_next_edition(seed("netvaerksmesse"), "Messe 2028")
