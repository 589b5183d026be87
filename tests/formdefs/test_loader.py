"""Form definitions with mistakes: every mistake reported in one run, with file and field named.

tests/forms_fixtures/bad/ holds three broken files; smaller cases are written to tmp_path.
"""

from __future__ import annotations

import textwrap
from datetime import date, datetime
from pathlib import Path

import pytest

from intake import create_app
from intake.clock import LOCAL
from intake.formdefs import occasions
from intake.formdefs.loader import load_file
from intake.formdefs.registry import FormRegistry
from intake.settings import StartupError

FIXTURES = Path(__file__).resolve().parents[1] / "forms_fixtures"
BAD = FIXTURES / "bad"
SEED = Path(__file__).resolve().parents[2] / "forms"

# Each expected problem: (file, a fragment naming the field or key, a fragment of the message).
EXPECTED = [
    ("a_felter.yaml", "felt 'alder'", "ukendt type 'tal'"),
    ("a_felter.yaml", "felt 'navn'", "nøglen bruges to gange"),
    ("a_felter.yaml", "felt 'firma'", "show_if nævner feltet 'sektorr', som ikke findes"),
    ("b_valg.yaml", "felt 'gruppe'", "har ingen svarmuligheder"),
    ("b_valg.yaml", "felt 'startdato'", "'2026-02-30' er ikke en dato"),
    ("b_valg.yaml", "'opens'", "'2026-13-45 09:00'"),
    ("b_valg.yaml", "confirmation: subject", "skabelonen har en fejl på linje 1"),
    (
        "b_valg.yaml",
        "confirmation: body",
        "'{{ fornavn }}' er hverken et felt eller en kendt værdi",
    ),
    ("c_yaml.yaml", "linje 3", "filen er ikke gyldig YAML"),
]

PRIVACY = """
privacy:
  controller: Hedensted Kommune
  purpose: Test
  legal_basis: Art. 6
  retention: 1 år
  rights: Indsigt
  contact: erhverv@hedensted.dk
"""


def assert_reported(problems: list[str], file: str, where: str, message: str) -> None:
    hits = [p for p in problems if p.startswith(f"{file}: ") and where in p and message in p]
    assert hits, f"not reported: {file} / {where} / {message}\nreported:\n" + "\n".join(problems)


def write(tmp_path: Path, body: str, name: str = "form.yaml", privacy: bool = True) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body) + (PRIVACY if privacy else ""), encoding="utf-8")
    return path


def problems_of(tmp_path: Path, body: str, **kw) -> list[str]:
    return load_file(write(tmp_path, body, **kw))[1]


def test_one_run_reports_every_mistake_in_every_file():
    forms, problems = FormRegistry.check_dir(BAD)
    assert forms == {}
    for expected in EXPECTED:
        assert_reported(problems, *expected)


def test_create_app_refuses_to_start_with_the_report(tmp_path):
    with pytest.raises(StartupError) as raised:
        create_app({
            "SECRET_KEY": "x" * 32, "INSTANCE_PATH": str(tmp_path), "FORMS_DIR": str(BAD),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        })
    assert isinstance(raised.value, SystemExit)  # the CLI prints it and exits, no traceback
    report = str(raised.value.code)
    assert report.startswith("intake kan ikke starte: der er fejl i formularerne.")
    for file, where, message in EXPECTED:
        assert any(
            file in line and where in line and message in line for line in report.splitlines()
        )
    assert raised.value.problems and all(isinstance(p, str) for p in raised.value.problems)


def test_cli_check_on_the_good_forms_prints_ok(runner):
    result = runner.invoke(args=["forms", "check"])
    assert result.exit_code == 0, result.output
    for slug in ("samarbejdsgruppe", "netvaerksmesse", "ivaerksaetterfredag"):
        assert f"OK    {slug} (version " in result.output
    assert "FEJL" not in result.output


def test_cli_check_on_a_bad_directory_lists_every_problem_and_fails(runner):
    result = runner.invoke(args=["forms", "check", str(BAD)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("FEJL")]
    assert len(lines) >= len(EXPECTED)
    problems = [line.removeprefix("FEJL").strip() for line in lines]
    for expected in EXPECTED:
        assert_reported(problems, *expected)
    assert "Traceback" not in result.output


def test_cli_check_on_a_missing_directory(runner, tmp_path):
    result = runner.invoke(args=["forms", "check", str(tmp_path / "findes-ikke")])
    assert result.exit_code == 1
    assert "mappen med formularer findes ikke" in result.output


def test_the_shipped_forms_are_valid():
    forms, problems = FormRegistry.check_dir(SEED)
    assert problems == []
    assert set(forms) == {
        "inspiration",
        "samarbejdsgruppe",
        "netvaerksmesse",
        "ivaerksaetterfredag",
        "opfoelgning",
    }


def test_fixture_form_is_valid():
    forms, problems = FormRegistry.check_dir(FIXTURES / "fields")
    assert problems == [] and list(forms) == ["felter"]


# --- smaller mistakes, one file each ------------------------------------------------------------

CASES = [
    (
        "unknown form key",
        """
        slug: t1
        title: T
        farve: rød
        fields: [{key: a, type: text, label: A}]
     """,
        None,
        "ukendt nøgle 'farve'",
    ),
    (
        "unknown field key",
        """
        slug: t1
        title: T
        fields: [{key: a, type: text, label: A, lable: B}]
     """,
        "felt 'a'",
        "ukendt nøgle 'lable'",
    ),
    (
        "bad key",
        """
        slug: t1
        title: T
        fields: [{key: Firma-Navn, type: text, label: A}]
     """,
        "felt 'Firma-Navn'",
        "'key' skal være små bogstaver",
    ),
    (
        "bad slug",
        """
        slug: Min Formular
        title: T
        fields: [{key: a, type: text, label: A}]
     """,
        None,
        "'slug' skal være små bogstaver",
    ),
    (
        "missing label",
        """
        slug: t1
        title: T
        fields: [{key: a, type: text}]
     """,
        "felt 'a': label",
        "teksten mangler",
    ),
    (
        "no fields",
        """
        slug: t1
        title: T
        fields: []
     """,
        None,
        "'fields' skal være en liste med mindst ét felt",
    ),
    (
        "required_if naming a missing field",
        """
        slug: t1
        title: T
        fields: [{key: a, type: text, label: A, required_if: {b: ja}}]
     """,
        "felt 'a'",
        "required_if nævner feltet 'b'",
    ),
    (
        "option show_if naming a missing field",
        """
        slug: t1
        title: T
        fields:
          - {key: a, type: choice, label: A, options: [{code: x, label: X, show_if: {zz: 1}}]}
     """,
        "felt 'a'",
        "show_if på 'x' nævner feltet 'zz'",
    ),
    (
        "show_if on itself",
        """
        slug: t1
        title: T
        fields: [{key: a, type: text, label: A, show_if: {a: x}}]
     """,
        "felt 'a'",
        "må ikke afhænge af feltet selv",
    ),
    (
        "duplicate option",
        """
        slug: t1
        title: T
        fields: [{key: a, type: choice, label: A,
                  options: [{code: x, label: X}, {code: x, label: Y}]}]
     """,
        "felt 'a'",
        "svarmuligheden 'x' står to gange",
    ),
    (
        "bad pattern",
        """
        slug: t1
        title: T
        fields: [{key: a, type: text, label: A, pattern: "[a-"}]
     """,
        "felt 'a'",
        "'pattern' er ikke et gyldigt mønster",
    ),
    (
        "info without text",
        """
        slug: t1
        title: T
        fields: [{key: a, type: info}]
     """,
        "felt 'a'",
        "info-felter skal have en 'text'",
    ),
    (
        "repeat without sub-fields",
        """
        slug: t1
        title: T
        fields: [{key: a, type: repeat, label: A, max: 3}]
     """,
        "felt 'a'",
        "skal have underfelter under 'fields'",
    ),
    (
        "repeat min > max",
        """
        slug: t1
        title: T
        fields: [{key: a, type: repeat, label: A, min: 4, max: 2,
                  fields: [{key: n, type: text, label: N}]}]
     """,
        "felt 'a'",
        "'min' må ikke være større end 'max'",
    ),
    (
        "closes before opens",
        """
        slug: t1
        title: T
        opens: "2026-10-01 09:00"
        closes: "2026-09-01 09:00"
        fields: [{key: a, type: text, label: A}]
     """,
        None,
        "'closes' skal ligge efter 'opens'",
    ),
    (
        "capacity per option on a text field",
        """
        slug: t1
        title: T
        capacity: {per: option, field: a, seats: 3}
        fields: [{key: a, type: text, label: A}]
     """,
        None,
        "capacity: 'field' skal nævne et choice-felt",
    ),
    (
        "capacity people not a repeat",
        """
        slug: t1
        title: T
        capacity: {per: form, seats: 3, people: a}
        fields: [{key: a, type: text, label: A}]
     """,
        None,
        "'people' skal nævne et repeat-felt",
    ),
    (
        "eligibility on a missing field",
        """
        slug: t1
        title: T
        eligibility: [{field: postnr, in: [7130], message: Nej}]
        fields: [{key: a, type: text, label: A}]
     """,
        None,
        "eligibility nr. 1: 'field' skal nævne et felt",
    ),
    (
        "age rule on a text field",
        """
        slug: t1
        title: T
        eligibility: [{field: a, younger_than_years: 5, message: Nej}]
        fields: [{key: a, type: text, label: A}]
     """,
        None,
        "'younger_than_years' kræver et datofelt",
    ),
    (
        "bad occasion date",
        """
        slug: t1
        title: T
        occasions: [{date: 2027-02-30, start: "09:00", end: "10:00", place: Her}]
        fields: [{key: a, type: occasion, label: A}]
     """,
        None,
        "'2027-02-30' er ikke en dato",
    ),
    (
        "occasion ends before it starts",
        """
        slug: t1
        title: T
        occasions: [{date: 2027-02-03, start: "11:00", end: "10:00", place: Her}]
        fields: [{key: a, type: occasion, label: A}]
     """,
        None,
        "'end' skal ligge efter 'start'",
    ),
    (
        "bad monthly rule",
        """
        slug: t1
        title: T
        occasions: {every_month: {weekday: fredagen, nth: 7, start: "25:00", end: "10:00",
                                  count: 99, place: Her}}
        fields: [{key: a, type: occasion, label: A}]
     """,
        None,
        "'weekday' skal være en ugedag",
    ),
    (
        "occasion field without occasions",
        """
        slug: t1
        title: T
        fields: [{key: a, type: occasion, label: A}]
     """,
        None,
        "ingen 'occasions'",
    ),
    (
        "bad notify address",
        """
        slug: t1
        title: T
        notify: [erhverv@, ok@hedensted.dk]
        fields: [{key: a, type: text, label: A}]
     """,
        None,
        "notify: 'erhverv@' er ikke en gyldig e-mailadresse",
    ),
    (
        "identity field missing",
        """
        slug: t1
        title: T
        identity_field: mail
        fields: [{key: a, type: text, label: A}]
     """,
        None,
        "'identity_field' nævner feltet 'mail'",
    ),
    (
        "not a mapping",
        """
        - bare en liste
     """,
        None,
        "filen skal indeholde en formular",
    ),
]


@pytest.mark.parametrize(
    ("body", "where", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_mistake_is_named(tmp_path, body, where, message):
    problems = problems_of(tmp_path, body, privacy="slug" in body)
    expected_prefix = "form.yaml: " + (f"{where}" if where else "")
    assert any(p.startswith(expected_prefix) and message in p for p in problems), problems


def test_missing_privacy_notice_is_reported(tmp_path):
    problems = problems_of(tmp_path, """
        slug: t1
        title: T
        fields: [{key: a, type: text, label: A}]
    """, privacy=False)
    assert any("'privacy' mangler (GDPR art. 13" in p for p in problems)


def test_same_slug_in_two_files(tmp_path):
    body = """
        slug: samme
        title: T
        fields: [{key: a, type: text, label: A}]
    """
    write(tmp_path, body, "a.yaml")
    write(tmp_path, body, "b.yaml")
    forms, problems = FormRegistry.check_dir(tmp_path)
    assert problems == ["b.yaml: slug 'samme' bruges også i a.yaml"]


def test_file_not_utf8(tmp_path):
    (tmp_path / "latin.yaml").write_bytes("title: Tilmelding på dansk æøå\n".encode("latin-1"))
    assert load_file(tmp_path / "latin.yaml")[1] == ["latin.yaml: filen skal være gemt som UTF-8"]


# --- what a good definition turns into ------------------------------------------------------------

def test_unquoted_clock_times_and_english_texts(tmp_path):
    form, problems = load_file(write(tmp_path, """
        slug: t1
        title: {da: Titel, en: Title}
        occasions: [{date: 2027-03-05, start: 08:30, end: 10:00, place: Rugekassen}]
        fields: [{key: dato, type: occasion, label: Dato}]
    """))
    assert problems == []
    occasion = form.occasions[0]
    assert occasion.starts_at == datetime(2027, 3, 5, 8, 30, tzinfo=LOCAL)
    assert occasion.ends_at == datetime(2027, 3, 5, 10, 0, tzinfo=LOCAL)
    assert (form.title.da, form.title.en) == ("Titel", "Title")


def test_monthly_rule_makes_the_next_first_fridays():
    form, problems = load_file(SEED / "ivaerksaetterfredag.yaml")
    assert problems == []
    made = occasions.generate(form.occasion_rule, datetime(2026, 11, 26, 12, 0, tzinfo=LOCAL))
    # Friday 1 January 2027 is New Year's Day, a Danish public holiday: left out (issue 8 §7).
    assert [o.day for o in made] == [
        date(2026, 12, 4),
        date(2027, 2, 5),
        date(2027, 3, 5),
        date(2027, 4, 2),
        date(2027, 5, 7),
        date(2027, 6, 4),
    ]
    assert all(
        o.starts_at.hour == 8 and o.starts_at.minute == 30 and o.ends_at.hour == 10 for o in made
    )
    assert made[4].starts_at.utcoffset().total_seconds() == 7200  # summer time in April
    assert made[0].capacity == 25 and "Rugekassen" in made[0].place.da


def test_monthly_rule_skips_a_started_or_listed_friday(tmp_path):
    form, problems = load_file(write(tmp_path, """
        slug: t1
        title: T
        occasions:
          every_month: {weekday: fredag, nth: første, start: "08:30", end: "10:00", count: 2,
                        place: Her, skip: [2027-01-01]}
        fields: [{key: dato, type: occasion, label: Dato}]
    """))
    assert problems == []
    # At 09:00 on 4 December the meeting has started; 1 January is skipped.
    made = occasions.generate(form.occasion_rule, datetime(2026, 12, 4, 9, 0, tzinfo=LOCAL))
    assert [o.day for o in made] == [date(2027, 2, 5), date(2027, 3, 5)]


def test_last_weekday_rule(tmp_path):
    form, problems = load_file(
        write(
            tmp_path,
            """
        slug: t1
        title: T
        occasions: {every_month: {weekday: tirsdag, nth: sidste, start: "17:00", end: "19:00",
                                  count: 2, place: Her}}
        fields: [{key: dato, type: occasion, label: Dato}]
    """,
        )
    )
    assert problems == []
    made = occasions.generate(form.occasion_rule, datetime(2026, 11, 1, tzinfo=LOCAL))
    assert [o.day for o in made] == [date(2026, 11, 24), date(2026, 12, 29)]


def test_a_text_with_an_unknown_key_is_reported_never_dropped(tmp_path):
    """YAML reads `{da: Øvelse, version 2, en: Drill}` as three keys, one of them
    'version 2': the text would lose it silently; the checker names it instead."""
    form, problems = load_file(write(tmp_path, """
        slug: t1
        title: {da: Øvelse, version 2, en: Drill}
        fields: [{key: navn, type: text, label: {da: Navn, fr: Nom}}]
    """))
    assert form is None
    assert any("title" in p and "ukendt nøgle version 2" in p for p in problems), problems
    assert any("'navn'" in p and "ukendt nøgle fr" in p for p in problems), problems
