"""A capacity bucket is one value (issue 10 §1): built by its constructors, parsed from the
stored string, named and sized from the form definition; no other module builds or parses
the stored string."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from intake.formdefs.registry import current_registry
from intake.signups import buckets
from intake.signups.buckets import Bucket

ROOT = Path(__file__).resolve().parents[2]
STORED = ["form", "option:rammer", "occasion:2026-12-04", "occasion:2026-12-04-0830"]


@pytest.mark.parametrize("stored", STORED)
def test_stored_string_round_trips(stored):
    assert str(Bucket.parse(stored)) == stored


def test_constructors_make_the_strings_already_stored():
    assert str(Bucket.whole_form()) == "form"
    assert str(Bucket.option("rammer")) == "option:rammer"
    assert str(Bucket.occasion("2026-12-04")) == "occasion:2026-12-04"
    assert Bucket.parse("option:rammer") == Bucket.option("rammer")
    assert Bucket.parse("option:a:b").key == "a:b"  # only the first colon separates


@pytest.mark.parametrize("stored", ["", "gruppe", "options:rammer", "form:x", "seat:1"])
def test_parse_refuses_what_is_not_a_bucket(stored):
    with pytest.raises(ValueError):
        Bucket.parse(stored)


def test_kind_questions():
    assert Bucket.whole_form().is_whole_form and Bucket.whole_form().occasion_key is None
    assert Bucket.option("rammer").occasion_key is None
    assert not Bucket.occasion("2026-12-04").is_whole_form
    assert Bucket.occasion("2026-12-04").occasion_key == "2026-12-04"


def test_label_and_seats_come_from_the_definition(app):
    with app.test_request_context():
        group = current_registry().get("samarbejdsgruppe")
        friday = current_registry().get("ivaerksaetterfredag")
        fair = current_registry().get("netvaerksmesse")
        rammer = group.field("gruppe").option("rammer")
        assert Bucket.option("rammer").label(group) == str(rammer.label)
        assert Bucket.option("nedlagt").label(group) == "nedlagt"  # an option since removed
        assert Bucket.whole_form().label(fair) == "Hele arrangementet"
        assert "december 2026" in Bucket.occasion("2026-12-04").label(friday)
        assert buckets.label(group, "option:rammer") == str(rammer.label)

        assert Bucket.option("rammer").defined_seats(group) == (rammer.capacity or 12)
        assert Bucket.whole_form().defined_seats(fair) == 200
        assert Bucket.occasion("2026-12-04").defined_seats(friday) == 25
        assert Bucket.whole_form().defined_seats(friday) is None  # no form-wide limit


def test_which_answer_chooses_a_bucket(app):
    with app.test_request_context():
        group = current_registry().get("samarbejdsgruppe")
        friday = current_registry().get("ivaerksaetterfredag")
        fair = current_registry().get("netvaerksmesse")
        assert buckets.of_choice(group, "gruppe", "rammer") == "option:rammer"
        assert buckets.of_choice(group, "sektor", "kommune") is None
        assert buckets.of_choice(friday, "datoer", "2026-12-04") == "occasion:2026-12-04"
        assert buckets.of_choice(fair, "netvaerk", "geografisk") is None
        assert buckets.configured(group)[0] == "option:arbejdsliv"
        assert buckets.configured(fair) == ["form"]


# The stored string, made or read by hand: a quote then "option:" or "occasion:", a
# comparison with "form", or a split at the colon of a bucket.
BY_HAND = re.compile(
    r"""f?["'](option|occasion):|(bucket|target|old)\.partition\(|"""
    r"""bucket\s*[!=]=\s*["']form["']|startswith\(["'](option|occasion)"""
)


def test_no_module_or_template_builds_or_parses_a_bucket_by_hand():
    own = ROOT / "intake" / "signups" / "buckets.py"
    paths = [*(ROOT / "intake").rglob("*.py"), *(ROOT / "templates").rglob("*.html")]
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in paths if path != own
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BY_HAND.search(line)
    ]
    assert found == []
