"""The committee report as DOCX, opened with python-docx: real headings, each goal's text and
figures in table cells, the chart as a described PNG with its data table, page numbers from
fields in the footer, and the title and language in the core properties."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from tests.reports.report_fixtures import download

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def document(report_client, two_years):
    response = download(report_client, two_years["round"], "docx")
    assert response.headers["Content-Type"] == DOCX
    return Document(io.BytesIO(response.get_data()))


def _styled(document, style):
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_headings(document):
    assert _styled(document, "Title") == ["Status på erhvervspolitikken 2027"]
    assert _styled(document, "Heading 1") == [
        "Sammenfatning", "Det gode arbejdsliv", "Det gode erhvervsliv", "Det bæredygtige",
        "De gode rammer", "Om rapporten"]
    assert _styled(document, "Heading 2") == [
        "Flere lærepladser", "Nye iværksættere", "Mindre spild i byggeri"]


def _cells(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_counts_table_and_goal_tables(document):
    counts, *goals = document.tables
    assert _cells(counts) == [
        ["Fokusområde", "Ikke startet", "I gang", "Delvist nået", "Nået", "Udskudt", "Opgivet",
         "Ikke besvaret", "I alt"],
        ["Det gode arbejdsliv", "0", "0", "1", "0", "0", "0", "0", "1"],
        ["Det gode erhvervsliv", "0", "1", "0", "0", "0", "0", "0", "1"],
        ["Det bæredygtige", "0", "0", "0", "0", "0", "0", "1", "1"],
        ["De gode rammer", "0", "0", "0", "0", "0", "0", "0", "0"],
        ["I alt", "0", "1", "1", "0", "0", "0", "1", "3"],
    ]
    header = counts.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None
    assert [_cells(t) for t in goals] == [
        [["Status", "Delvist nået"], ["Fremdrift", "80 %"], ["Sidste år", "I gang"],
         ["Kommentar", "Ingen offentlig kommentar"]],
        [["Status", "I gang"], ["Fremdrift", "15 %"], ["Sidste år", "ny i år"],
         ["Kommentar", "Ingen offentlig kommentar"]],
        [["Status", "Ikke besvaret"], ["Fremdrift", "–"], ["Sidste år", "Ikke besvaret"],
         ["Kommentar", "Ingen offentlig kommentar"]],
    ]


def test_cover_summary_and_text(document):
    text = "\n".join(p.text for p in document.paragraphs)
    for expected in ("Hedensted Erhverv", "Hedensted Kommune", "Dato: 2. september 2027",
                     "Svarprocent: 67 % (2 af 3 inviterede målejere har svaret).",
                     "Flere nye virksomheder & <værksteder>",
                     "Svarprocent i fokusområdet: 0 % (0 af 1 målejere).",
                     "Ingen mål i fokusområdet i 2027.",
                     "Runden er ikke offentliggjort"):
        assert expected in text, expected
    for private in ("Hemmelig fritekst", "Anne", "@example.dk"):
        assert private not in text


def test_chart_is_a_described_png(document):
    [shape] = document.inline_shapes
    doc_pr = shape._inline.docPr
    assert doc_pr.get("title") == "Målenes status pr. fokusområde"
    assert doc_pr.get("descr").startswith(
        "Målenes status pr. fokusområde. Det gode arbejdsliv: 1 delvist nået.")
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    image = document.part.related_parts[blip.embed].blob
    assert image.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(image)) as png:
        assert png.width == 1600 and png.height > 1000
    captions = _styled(document, "Caption")
    assert doc_pr.get("descr") in captions


def test_page_numbers_and_core_properties(document):
    footer = document.sections[0].footer.paragraphs[0]
    fields = [f.get(qn("w:instr")).split()[0] for f in footer._p.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Status på erhvervspolitikken 2027 · 2. september 2027 · Side")
    properties = document.core_properties
    assert properties.title == "Status på erhvervspolitikken 2027"
    assert properties.language == "da-DK"
    assert properties.author == "Hedensted Kommune"
    lang = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(
        qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "da-DK"
