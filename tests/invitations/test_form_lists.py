"""What a list of recipients accepts (intake/invitations/form_lists.py): the pasted formats,
the workbook's headers in any case, every bad line or row named, one person per e-mail key."""

from __future__ import annotations

import io

import pytest

from intake.invitations import form_lists
from intake.invitations.form_lists import Recipient
from tests.invitations import form_helpers

app = form_helpers.app  # the fixture of these tests


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def test_every_pasted_format(ctx):
    parsed = form_lists.parse_pasted(
        "Anna Hansen <anna@firma.dk>\n"
        '"Hedensted Kommune, Erhverv" <erhverv@hedensted.dk>\n'
        "bo@firma.dk\n"
        "Carl Carlsen;carl@firma.dk\n"
        "dorte@firma.dk;Dorte\n"
        "Erik\terik@firma.dk\n"
        "   \n"
        "post@ærø.dk\n"
    )
    assert parsed.problems == []
    assert parsed.recipients == [
        Recipient("Anna Hansen", "anna@firma.dk"),
        Recipient("Hedensted Kommune, Erhverv", "erhverv@hedensted.dk"),
        Recipient("", "bo@firma.dk"),
        Recipient("Carl Carlsen", "carl@firma.dk"),
        Recipient("Dorte", "dorte@firma.dk"),
        Recipient("Erik", "erik@firma.dk"),
        Recipient("", "post@ærø.dk"),
    ]


def test_every_bad_line_is_named(ctx):
    parsed = form_lists.parse_pasted(
        "ok@firma.dk\nAnna\nbo@@firma.dk\nsøren@firma.dk\na;b@c.dk;d\nNavn <uden-snabel>\n"
    )
    assert [p.split(":")[0] for p in parsed.problems] == [
        "Linje 2", "Linje 3", "Linje 4", "Linje 5", "Linje 6"]
    assert parsed.problems[0] == "Linje 2: e-mailadressen mangler @"
    assert "æ, ø, å" in parsed.problems[2]
    assert parsed.recipients == [Recipient("", "ok@firma.dk")]


def test_duplicates_by_email_key_collapse_keeping_a_name(ctx):
    merged = form_lists.merge(
        [Recipient("", "Anna@Firma.dk"), Recipient("Bo", "bo@firma.dk")],
        [Recipient("Anna Hansen", "anna@firma.dk"), Recipient("Bo B", "BO@firma.dk")],
    )
    assert merged == [Recipient("Anna Hansen", "Anna@Firma.dk"), Recipient("Bo", "bo@firma.dk")]


def test_a_line_round_trips_through_the_confirmation(ctx):
    recipient = Recipient("Hansen; Anna", "anna@firma.dk")
    (back,) = form_lists.parse_pasted(recipient.as_line()).recipients
    assert back == Recipient("Hansen, Anna", "anna@firma.dk")


def test_a_workbook_is_read_through_the_upload_reader_with_excel_row_numbers(ctx):
    # The columns are found by their headers, in any order and case.
    data = form_helpers.workbook(
        [["anna@firma.dk", "Anna"], ["bo@firma.dk", None], [None, "Carl"], [42, "Dorte"]],
        header=("E-MAIL", "navn"),
    )
    parsed = form_lists.read_workbook(io.BytesIO(data))
    assert parsed.problems == ["Række 4: e-mailadressen mangler",
                               "Række 5: e-mailadressen mangler @"]
    assert parsed.recipients == [Recipient("Anna", "anna@firma.dk"), Recipient("", "bo@firma.dk")]


def test_a_file_that_is_not_a_workbook_is_refused_with_one_reason(ctx):
    parsed = form_lists.read_workbook(io.BytesIO(b"Navn;E-mail\nAnna;anna@firma.dk\n"))
    assert parsed.recipients == [] and len(parsed.problems) == 1
