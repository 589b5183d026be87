"""The `consent` field type (issue 14 §4, contract C1): described for the loader, the editor
and XLSForm; where it may stand; what is stored, shown and exported."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
import yaml
from flask_babel import force_locale
from openpyxl import load_workbook

from intake.formdefs.loader import load_mapping
from intake.formdefs.types import REGISTRY
from intake.formdefs.types.consent import (
    is_given,
    keep_earlier,
    purpose,
    without_times,
)
from intake.formdefs.xlsform import read_workbook, workbook_bytes

FORM = """\
slug: messe
title: Messe
fields:
  - {key: email, type: email, required: true, label: E-mail}
  - key: nyheder
    type: consent
    label: {da: "Ja tak, send mig nyt fra Hedensted Erhverv",
            en: "Yes please, send me news from Hedensted Erhverv"}
    help: Du kan altid afmelde dig igen.
confirmation: {subject: Tak, body: Tak}
privacy:
  controller: Hedensted Kommune
  purpose: Test
  legal_basis: Art. 6, stk. 1, litra a
  retention: 1 år
  rights: Indsigt, berigtigelse, sletning
  contact: erhverv@hedensted.dk
"""
GIVEN = {"given": True, "at": "2026-11-30T09:12:40+00:00",
         "wording": "Ja tak, send mig nyt fra Hedensted Erhverv", "lang": "da"}


def mapping(**changes) -> dict:
    data = yaml.safe_load(FORM)
    data["fields"][1].update(changes)
    return data


def test_the_type_describes_its_own_properties():
    described = REGISTRY["consent"].describe()
    names = [p["name"] for p in described["properties"]]
    assert names == ["key", "type", "label", "help", "show_if", "purpose"]
    purpose_prop = described["properties"][-1]
    assert purpose_prop["kind"] == "choice"
    assert purpose_prop["allowed"] == ["news", "name"] and purpose_prop["default"] == "news"


def test_the_loader_reads_the_purpose_with_its_default():
    definition, problems = load_mapping(mapping(), "messe.yaml")
    assert problems == []
    assert purpose(definition.field("nyheder")) == "news"
    definition, problems = load_mapping(mapping(purpose="name"), "messe.yaml")
    assert problems == [] and purpose(definition.field("nyheder")) == "name"


@pytest.mark.parametrize("change,problem", [
    ({"purpose": "reklame"}, "'purpose' skal være news eller name"),
    ({"required": True}, "nøglen 'required' bruges ikke af typen consent"),
    ({"default": True}, "nøglen 'default' bruges ikke af typen consent"),
    ({"prefill": True}, "nøglen 'prefill' bruges ikke af typen consent"),
])
def test_a_consent_is_never_required_nor_ticked_in_advance(change, problem):
    _definition, problems = load_mapping(mapping(**change), "messe.yaml")
    assert any(problem in p for p in problems), problems


def test_no_condition_may_depend_on_a_consent():
    data = mapping()
    data["fields"].append({"key": "emner", "type": "text", "label": "Emner",
                           "show_if": {"nyheder": "ja"}})
    _definition, problems = load_mapping(data, "messe.yaml")
    assert any("'nyheder' har ingen svarmulighed 'ja'" in p for p in problems), problems


def test_not_in_a_repeat_nor_in_goal_fields():
    data = mapping()
    data["fields"].append({"key": "folk", "type": "repeat", "label": "Folk", "fields": [
        {"key": "ok", "type": "consent", "label": "Ja tak"}]})
    assert load_mapping(data, "messe.yaml")[1]
    followup = {
        "slug": "opf", "kind": "followup", "title": "Opfølgning",
        "goal_fields": [{"key": "status", "type": "text", "label": "Status"},
                        {"key": "ok", "type": "consent", "label": "Ja tak"}],
        "fields": [{"key": "navn", "type": "consent", "purpose": "name",
                    "label": "Mit navn må vises"}],
        "privacy": yaml.safe_load(FORM)["privacy"],
    }
    problems = load_mapping(followup, "opf.yaml")[1]
    assert any("typen consent kan ikke bruges i 'goal_fields'" in p for p in problems), problems
    followup["goal_fields"].pop()
    assert load_mapping(followup, "opf.yaml")[1] == []


def test_clean_records_time_wording_and_language(app, frozen_clock):
    definition, _ = load_mapping(mapping(), "messe.yaml")
    consent, fdef = REGISTRY["consent"], definition.field("nyheder")
    frozen_clock(datetime(2026, 11, 30, 9, 12, 40, 123456, tzinfo=UTC))
    with app.test_request_context("/"):
        assert consent.clean(fdef, True) == GIVEN
        assert consent.clean(fdef, False) is None
        assert consent.clean(fdef, GIVEN) is GIVEN
    with app.test_request_context("/"), force_locale("en"):
        english = consent.clean(fdef, True)
    assert english["lang"] == "en"
    assert english["wording"] == "Yes please, send me news from Hedensted Erhverv"


def test_english_page_without_english_wording_records_danish(app):
    definition, _ = load_mapping(mapping(label="Ja tak"), "messe.yaml")
    with app.test_request_context("/"), force_locale("en"):
        value = REGISTRY["consent"].clean(definition.field("nyheder"), True)
    assert value["wording"] == "Ja tak" and value["lang"] == "da"


def test_is_given_and_from_stored():
    fdef = load_mapping(mapping(), "messe.yaml")[0].field("nyheder")
    assert is_given(GIVEN)
    assert not is_given(None) and not is_given(True) and not is_given({"given": "true"})
    assert REGISTRY["consent"].from_stored(fdef, GIVEN) is True
    assert REGISTRY["consent"].from_stored(fdef, None) is False


def test_display_and_export_cells(app):
    fdef = load_mapping(mapping(), "messe.yaml")[0].field("nyheder")
    consent = REGISTRY["consent"]
    with app.test_request_context("/"):
        assert consent.display(fdef, GIVEN) == "Ja (givet 30. november 2026 kl. 10.12)"
        assert consent.display(fdef, None) == ""
    with app.test_request_context("/"), force_locale("en"):
        assert consent.display(fdef, GIVEN) == "Yes (given 30 November 2026 at 10:12)"
    headers = [(c.header, c.kind) for c in consent.export_columns(fdef, codes=False)]
    assert headers == [("Ja tak, send mig nyt fra Hedensted Erhverv", "text"),
                       ("Ja tak, send mig nyt fra Hedensted Erhverv – givet", "datetime")]
    cells = consent.export_maker(fdef, codes=False)
    assert cells({"nyheder": GIVEN}) == ["Ja", datetime(2026, 11, 30, 10, 12, 40)]
    assert cells({"nyheder": None}) == [None, None] and cells({}) == [None, None]


def test_a_still_ticked_consent_keeps_its_first_time():
    definition = load_mapping(mapping(), "messe.yaml")[0]
    later = dict(GIVEN, at="2026-12-01T08:00:00+00:00")
    kept = keep_earlier(definition.fields, {"nyheder": GIVEN}, {"nyheder": later, "x": 1})
    assert kept == {"nyheder": GIVEN, "x": 1}
    assert keep_earlier(definition.fields, {"nyheder": None}, {"nyheder": later}) == {
        "nyheder": later}
    assert keep_earlier(definition.fields, {"nyheder": GIVEN}, {"nyheder": None}) == {
        "nyheder": None}
    assert keep_earlier(definition.fields, {"nyheder": GIVEN}, {"nyheder": later},
                        keep=lambda f: False) == {"nyheder": later}
    assert without_times({"nyheder": GIVEN}) == without_times({"nyheder": later})


def test_xlsform_writes_and_reads_back_a_consent_field(app):
    data = mapping(purpose="name")
    with app.test_request_context():
        book = workbook_bytes(data)
        reading = read_workbook(book)
    assert reading.problems == []
    fields = {f["key"]: f for f in reading.mapping["fields"]}
    assert fields["nyheder"]["type"] == "consent" and fields["nyheder"]["purpose"] == "name"
    sheet = load_workbook(io.BytesIO(book))["survey"]
    headers = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[3]]
    assert row[headers.index("type")] == "text"  # XLSForm has no consent type: see forms/README
    assert row[headers.index("intake::type")] == "consent"


def test_the_public_form_shows_one_unticked_checkbox(make_app, tmp_path, smtp_server):
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "messe.yaml").write_text(FORM, encoding="utf-8")
    client = make_app(FORMS_DIR=str(forms)).test_client()
    page = client.get("/f/messe").get_data(as_text=True)
    assert page.count('class="form-checkbox"') == 1
    assert 'type="checkbox"' in page and " checked" not in page.split('id="nyheder"')[1][:40]
    assert '<label for="nyheder">Ja tak, send mig nyt fra Hedensted Erhverv</label>' in page
    assert 'aria-describedby="help-nyheder"' in page
