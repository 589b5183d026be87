"""Reading workbooks: a KoboToolbox-made form, a broken one, files that are not workbooks."""

from __future__ import annotations

import io

from openpyxl import Workbook

from intake.formdefs.store import check
from intake.formdefs.xlsform import read_workbook
from intake.uploads.package import Limits
from tests.formdefs.xlsform.conftest import fixture_bytes


def book(survey: list[list], choices: list[list] | None = None,
         settings: list[list] | None = None, **sheets) -> bytes:
    workbook = Workbook()
    workbook.active.title = "survey"
    for row in survey:
        workbook.active.append(row)
    for name, rows in (("choices", choices), ("settings", settings), *sheets.items()):
        if rows is not None:
            sheet = workbook.create_sheet(name)
            for row in rows:
                sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def where(problems) -> list[tuple]:
    return [(p.sheet, p.row, p.column) for p in problems]


def test_kobo_form_reads_into_intake_types(ctx):
    reading = read_workbook(fixture_bytes("kobo_rugekasser.xlsx"))
    assert reading.problems == []
    mapping = reading.mapping
    assert mapping["slug"] == "rugekasser-interesse"
    assert mapping["title"] == "Interesse for de nye Rugekasser"
    assert "version" not in mapping
    fields = {f["key"]: f for f in mapping["fields"]}
    assert [f["key"] for f in mapping["fields"]] == [
        "velkommen", "virksomhed", "firmanavn", "kontaktperson", "ansatte", "startdato",
        "har_cvr", "cvr_nummer", "behov", "andet_behov", "kvm", "flytter_med", "bemaerkninger"]
    assert fields["velkommen"]["type"] == "info"
    assert fields["velkommen"]["text"]["en"] == "Rugekassen is expanding. Tell us what you need."
    assert fields["virksomhed"] == {"key": "virksomhed", "type": "info",
                                    "text": {"da": "Om virksomheden", "en": "About the company"}}
    assert fields["firmanavn"]["required"] is True
    assert fields["ansatte"]["min"] == 0 and fields["ansatte"]["max"] == 500
    assert "pattern_message" not in fields["ansatte"]
    assert fields["har_cvr"]["type"] == "choice"
    assert [o["code"] for o in fields["har_cvr"]["options"]] == ["ja", "nej"]
    assert fields["cvr_nummer"]["show_if"] == {"har_cvr": "ja"}
    assert fields["cvr_nummer"]["pattern"] == "^[0-9]{8}$"
    assert fields["cvr_nummer"]["pattern_message"] == "Et CVR-nummer har 8 cifre"
    assert fields["behov"]["type"] == "multichoice"
    assert fields["andet_behov"]["show_if"] == {"behov": "andet"}
    assert fields["kvm"]["show_if"] == {"har_cvr": ["ja", "nej"]}
    assert fields["flytter_med"]["type"] == "repeat" and fields["flytter_med"]["max"] == 3
    assert fields["flytter_med"]["fields"][0]["key"] == "navn"
    assert fields["bemaerkninger"]["type"] == "textarea"
    notes = where(reading.notices)
    assert ("settings", 2, "version") in notes and ("settings", 2, "style") in notes
    assert ("survey", 1, "$kuid") in notes
    assert ("survey", 2, "type") in notes and ("survey", 3, "type") in notes  # start, end
    assert ("survey", 8, "constraint_message::Danish (da)") in notes
    # Only intake's own settings are missing (the upload brings them, see test_upload_views).
    assert [p.field for p in check(mapping)] == ["privacy"]


def test_broken_workbook_is_reported_by_row_and_column(ctx):
    reading = read_workbook(fixture_bytes("broken.xlsx"))
    assert where(reading.problems) == [
        ("survey", 3, "type"),  # geopoint
        ("survey", 4, "relevant"),  # !=
        ("survey", 5, "constraint"),  # string-length
        ("survey", 6, "type"),  # no list "farver"
        ("survey", 8, "type"),  # calculate
        ("survey", 9, "appearance"),  # likert
    ]
    texts = [str(p) for p in reading.problems]
    assert texts[0] == ("Arket «survey», række 3, kolonne «type»: typen «geopoint» er ikke med "
                        "i det, intake kan læse (se «Det kan intake læse» på siden)")
    assert "'!='" in texts[1]
    assert "listen «farver» findes ikke" in texts[3]


def test_group_relevant_applies_to_its_questions(ctx):
    reading = read_workbook(book([
        ["type", "name", "label", "relevant"],
        ["select_one jn", "kommer", "Kommer du?"],
        ["begin_group", "mad", None, "${kommer} = 'ja'"],
        ["text", "allergi", "Allergier"],
        ["begin group", "indre", "Mere", "selected(${kommer}, 'ja')"],
        ["end group"],
        ["end_group"],
        ["text", "til_sidst", "Til sidst"],
    ], [["list_name", "name", "label"], ["jn", "ja", "Ja"], ["jn", "nej", "Nej"]]))
    fields = {f["key"]: f for f in reading.mapping["fields"]}
    assert "mad" not in fields  # a group without label adds no heading
    assert fields["allergi"]["show_if"] == {"kommer": "ja"}
    assert fields["til_sidst"].get("show_if") is None
    assert where(reading.problems) == [("survey", 5, "relevant")]  # ${kommer} twice


def test_structure_mistakes(ctx):
    reading = read_workbook(book([
        ["type", "name", "label"],
        ["end_group"],
        ["begin_repeat", "folk", "Folk"],
        ["text", "navn", "Navn"],
        [None, "uden_type", "Uden type"],
    ]))
    assert where(reading.problems) == [("survey", 2, "type"), ("survey", 5, "type"),
                                       ("survey", 3, "type")]


def test_languages_other_than_danish_and_english(ctx):
    reading = read_workbook(book([
        ["type", "name", "label::English (en)", "label::Français (fr)"],
        ["text", "navn", "Name", "Nom"],
    ], settings=[["form_title", "form_id", "default_language"], ["T", "t", "English (en)"]]))
    assert where(reading.problems) == [("survey", 1, "label::Français (fr)")]
    assert reading.mapping["fields"][0]["label"] == "Name"  # English only: the main text


def test_plain_label_is_the_default_language(ctx):
    reading = read_workbook(book([
        ["type", "name", "label", "label::English (en)"],
        ["text", "navn", "Navn", "Name"],
    ]))
    assert reading.mapping["fields"][0]["label"] == {"da": "Navn", "en": "Name"}


def test_required_condition_becomes_required_if(ctx):
    reading = read_workbook(book([
        ["type", "name", "label", "required"],
        ["select_one jn", "kommer", "Kommer du?", "yes"],
        ["text", "hvorfor", "Hvorfor ikke?", "${kommer} = 'nej'"],
    ], [["list_name", "name", "label"], ["jn", "ja", "Ja"], ["jn", "nej", "Nej"]]))
    fields = reading.mapping["fields"]
    assert fields[0]["required"] is True
    assert fields[1]["required_if"] == {"kommer": "nej"}


def test_choices_columns(ctx):
    reading = read_workbook(book(
        [["type", "name", "label"], ["select_one l", "valg", "Valg"]],
        [["list_name", "name", "label::Dansk (da)", "intake_description",
          "intake_description_en", "intake_group_en", "filter"],
         ["l", "a", "A", "Om a", "About a", None, None],
         ["l", "b", "B", None, None, "Group", None],
         ["l", "c", "C", None, None, None, "x"]]))
    options = reading.mapping["fields"][0]["options"]
    assert options[0] == {"code": "a", "label": "A",
                          "description": {"da": "Om a", "en": "About a"}}
    assert where(reading.problems) == [("choices", 3, "intake_group_en"),
                                       ("choices", 4, "filter")]


def test_unknown_columns_are_reported_per_cell(ctx):
    reading = read_workbook(book([
        ["type", "name", "label", "calculation", "media::image"],
        ["text", "a", "A", "1 + 1"],
        ["text", "b", "B", None, "b.png"],
        ["text", "c", "C"],
    ]))
    assert where(reading.problems) == [("survey", 2, "calculation"), ("survey", 3, "media::image")]


def test_intake_settings_sheet(ctx):
    reading = read_workbook(book(
        [["type", "name", "label"], ["text", "navn", "Navn"]],
        settings=[["form_title", "form_id", "version"], ["Titel", "min-form", 4]],
        intake_settings=[
            ["setting", "value", "value::English (en)"],
            ["capacity.seats", 20],
            ["capacity.waiting_list", True],
            ["notify", "a@hedensted.dk"],
            ["notify", "b@hedensted.dk"],
            ["intro", "Hej", "Hello"],
            ["title", "Forkert sted"],
        ]))
    assert reading.mapping["capacity"] == {"seats": 20, "waiting_list": True}
    assert reading.mapping["notify"] == ["a@hedensted.dk", "b@hedensted.dk"]
    assert reading.mapping["intro"] == {"da": "Hej", "en": "Hello"}
    assert reading.mapping["version"] == 4
    assert where(reading.problems) == [("intake_settings", 7, "setting")]


def test_files_that_are_not_workbooks(ctx):
    assert [str(p) for p in read_workbook(b"").problems] == ["Filen er tom."]
    csv = read_workbook(b"type,name\ntext,navn\n").problems
    assert "tekstfil" in str(csv[0])
    old = read_workbook(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600).problems
    assert ".xls" in str(old[0])
    damaged = read_workbook(b"PK\x03\x04" + b"\0" * 100).problems
    assert "ødelagt" in str(damaged[0])
    assert read_workbook(b"PK" * 10).mapping is None


def test_bounds_of_the_upload_reader(ctx):
    rows = [["type", "name", "label"]] + [["text", f"f{i}", "F"] for i in range(30)]
    reading = read_workbook(book(rows), Limits(max_rows=10))
    assert reading.mapping is None and "for mange rækker" in str(reading.problems[0])


def test_duplicate_column_and_missing_survey(ctx):
    duplicate = read_workbook(book([["type", "name", "label", "name"], ["text", "a", "A", "b"]]))
    assert where(duplicate.problems) == [("survey", 1, "name")]
    workbook = Workbook()
    workbook.active.title = "ark1"
    workbook.create_sheet("ark2")
    buffer = io.BytesIO()
    workbook.save(buffer)
    missing = read_workbook(buffer.getvalue())
    assert [str(p) for p in missing.problems] == [
        "Regnearket har intet ark «survey» (spørgsmålene)."]


def test_checker_problems_land_on_their_row_and_column(ctx):
    from intake.formdefs.store import Problem
    from intake.formdefs.xlsform.upload import locate

    reading = read_workbook(book(
        [["type", "name", "label", "intake::max_length", "constraint"],
         ["text", "navn", "Navn", "mange"],
         ["begin_repeat", "folk", "Folk"],
         ["integer", "alder", "Alder", None, ". >= 1"],
         ["end_repeat"]],
        settings=[["form_title", "form_id"], ["Titel", "min-form"]],
        intake_settings=[["setting", "value"], ["capacity.seats", "mange"]]))
    assert where([
        locate(Problem("felt 'navn': 'max_length' skal være et helt tal", "navn"), reading),
        locate(Problem("felt 'folk.alder': 'min' er forkert", "folk.alder"), reading),
        locate(Problem("'capacity: seats' skal være et helt tal", "capacity"), reading),
        locate(Problem("'title': teksten mangler", "title"), reading),
        locate(Problem("noget helt andet", None), reading),
    ]) == [("survey", 2, "intake::max_length"), ("survey", 4, "constraint"),
           ("intake_settings", 2, "setting"), ("settings", 2, "form_title"), (None, None, None)]
