"""Writes the workbooks in this folder, as people make them in Excel or KoboToolbox: with
openpyxl (not intake's writer), headers as KoboToolbox spells them. Run it again only to
change a fixture: `.venv/bin/python tests/formdefs/xlsform/data/make_fixtures.py`.

- kobo_rugekasser.xlsx: an interest survey about the new Rugekasser, made the way a
  KoboToolbox user makes one (metadata rows, a group, a repeat, languages, relevant,
  constraint, appearance), within intake's subset.
- broken.xlsx: the same kind of workbook with mistakes on known rows (see test_upload.py).
"""

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
SURVEY_HEADERS = [
    "type", "$kuid", "name", "label::Danish (da)", "label::English (en)", "hint::Danish (da)",
    "hint::English (en)", "required", "relevant", "constraint", "constraint_message::Danish (da)",
    "appearance", "repeat_count",
]
KOBO_SURVEY = [
    ["start", "a1", "start"],
    ["end", "a2", "end"],
    ["note", "a3", "velkommen", "Rugekassen udvider med nye lokaler. Fortæl os, hvad I har "
     "brug for.", "Rugekassen is expanding. Tell us what you need."],
    ["begin_group", "a4", "virksomhed", "Om virksomheden", "About the company"],
    ["text", "a5", "firmanavn", "Virksomhedens navn", "Company name", None, None, "true"],
    ["text", "a6", "kontaktperson", "Kontaktperson", "Contact person", None, None, "yes"],
    ["integer", "a7", "ansatte", "Antal ansatte", "Number of employees", "Med dig selv",
     "Including yourself", "true", None, ". >= 0 and . <= 500", "Skriv et tal fra 0 til 500"],
    ["date", "a8", "startdato", "Hvornår startede virksomheden?", "When did the company start?"],
    ["end_group", "a9"],
    ["select_one ja_nej", "b1", "har_cvr", "Har virksomheden et CVR-nummer?",
     "Does the company have a CVR number?", None, None, "TRUE"],
    ["text", "b2", "cvr_nummer", "CVR-nummer", "CVR number", "8 cifre", "8 digits", "true",
     "${har_cvr} = 'ja'", "regex(., '^[0-9]{8}$')", "Et CVR-nummer har 8 cifre"],
    ["select_multiple behov", "b3", "behov", "Hvad har I brug for?", "What do you need?", None,
     None, "true"],
    ["text", "b4", "andet_behov", "Hvad andet?", "What else?", None, None, None,
     "selected(${behov}, 'andet')"],
    ["decimal", "b5", "kvm", "Hvor mange kvadratmeter?", "How many square metres?", None, None,
     None, "${har_cvr} = 'ja' or ${har_cvr} = 'nej'", ". >= 5 and . <= 200"],
    ["begin_repeat", "b6", "flytter_med", "Hvem flytter med ind?", "Who moves in?", None, None,
     None, None, None, None, None, 3],
    ["text", "b7", "navn", "Navn", "Name"],
    ["end_repeat", "b8"],
    ["text", "b9", "bemaerkninger", "Bemærkninger", "Remarks", None, None, None, None, None, None,
     "multiline"],
]
CHOICES = [
    ["list_name", "name", "label::Danish (da)", "label::English (en)"],
    ["ja_nej", "ja", "Ja", "Yes"],
    ["ja_nej", "nej", "Nej", "No"],
    ["behov", "kontor", "Kontorplads", "Office space"],
    ["behov", "vaerksted", "Værksted", "Workshop"],
    ["behov", "lager", "Lager", "Storage"],
    ["behov", "andet", "Andet", "Other"],
]
SETTINGS = [
    ["form_title", "form_id", "version", "default_language", "style"],
    ["Interesse for de nye Rugekasser", "rugekasser_interesse", "3 (2026-11-29 21:30:00)",
     "Danish (da)", "pages"],
]
# Mistakes, each on a known row (Excel row = index + 2): the tests name them.
BROKEN_SURVEY = [
    ["text", "c1", "navn", "Navn", "Name", None, None, "true"],                      # row 2
    ["geopoint", "c2", "sted", "Hvor er I?", "Where are you?"],                      # row 3
    ["text", "c3", "by", "By", "Town", None, None, None, "${navn} != 'x'"],           # row 4
    ["integer", "c4", "antal", "Antal", "Number", None, None, None, None,
     "string-length(.) > 3"],                                                         # row 5
    ["select_one farver", "c5", "farve", "Farve", "Colour"],                          # row 6
    ["text", "c6", "Navn", "Navn igen", "Name again", None, None, "true"],             # row 7
    ["calculate", "c7", "sum", None, None],                                           # row 8
    ["text", "c8", "noter", "Noter", "Notes", None, None, None, None, None, None,
     "likert"],                                                                       # row 9
]


def write(path: Path, survey: list, choices: list, settings: list) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(SURVEY_HEADERS)
    for row in survey:
        sheet.append(row)
    choices_sheet = book.create_sheet("choices")
    for row in choices:
        choices_sheet.append(row)
    settings_sheet = book.create_sheet("settings")
    for row in settings:
        settings_sheet.append(row)
    book.save(path)


if __name__ == "__main__":
    write(HERE / "kobo_rugekasser.xlsx", KOBO_SURVEY, CHOICES, SETTINGS)
    write(HERE / "broken.xlsx", BROKEN_SURVEY, CHOICES[:1] + CHOICES[3:],
          [SETTINGS[0][:4], ["Fejl", "fejl-skema", 1, "Danish (da)"]])
