"""The committee report as PDF, opened with pypdf: every goal's text and figures, the page
count and "Side X af Y" on each page, and what makes it an accessible document (tagged
PDF/UA-1 with /Lang, /MarkInfo, a structure tree, a title), fonts from intake/static and
nothing fetched from anywhere else."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from intake.reports.pdf import STATIC, LocalFetcher, RefusedAddress
from tests.reports.report_fixtures import download


@pytest.fixture
def pdf(report_client, two_years):
    response = download(report_client, two_years["round"], "pdf")
    assert response.headers["Content-Type"] == "application/pdf"
    body = response.get_data()
    assert body.startswith(b"%PDF-1.7")
    return PdfReader(io.BytesIO(body))


def _text(reader):
    return "\n".join(page.extract_text() for page in reader.pages)


def test_every_goal_with_its_status_progress_and_last_year(pdf):
    text = _text(pdf)
    for expected in (
        "Status på erhvervspolitikken 2027", "Hedensted Erhverv", "Hedensted Kommune",
        "Dato: 2. september 2027", "Opfølgningsrunde: Efterår 2027",
        "Svarprocent: 67 % (2 af 3 inviterede målejere har svaret).",
        "Flere lærepladser", "Status Delvist nået", "Fremdrift 80 %", "Sidste år I gang",
        "Nye iværksættere", "Flere nye virksomheder & <værksteder>", "Status I gang",
        "Fremdrift 15 %", "Sidste år ny i år",
        "Mindre spild i byggeri", "Status Ikke besvaret", "Fremdrift –",
        "Ingen mål i fokusområdet i 2027.", "Ingen offentlig kommentar",
        "Runden er ikke offentliggjort",
    ):
        assert expected in text, expected
    for area in ("Det gode arbejdsliv", "Det gode erhvervsliv", "Det bæredygtige",
                 "De gode rammer"):
        assert area in text


def test_counts_table_and_chart(pdf):
    text = _text(pdf)
    assert ("Fokusområde Ikke startet I gang Delvist nået Nået Udskudt Opgivet Ikke besvaret "
            "I alt") in text
    assert "Det gode arbejdsliv 0 0 1 0 0 0 0 1" in text
    assert "I alt 0 1 1 0 0 0 1 3" in text
    assert "Målenes status pr. fokusområde. Det gode arbejdsliv: 1 delvist nået." in text
    chart_page = pdf.pages[2].extract_text()
    assert chart_page.startswith("Målenes status pr. fokusområde\n")  # its own heading
    lines = chart_page.splitlines()
    assert lines.count("Ikke startet") == 4 and lines.count("Ikke besvaret") == 4  # SVG text


def test_page_count_and_page_numbers(pdf):
    pages = len(pdf.pages)
    assert pages == 6  # cover, summary, chart, three areas' goals, the fourth, about
    for number, page in enumerate(pdf.pages, start=1):
        assert f"Side {number} af {pages}" in page.extract_text()


def test_no_free_text_and_no_names(pdf):
    text = _text(pdf)
    for private in ("Hemmelig fritekst", "Anne", "Bo Berg", "Carl", "@example.dk"):
        assert private not in text


def _structure_types(node, seen, depth=0):
    node = node.get_object()
    if "/S" in node:
        seen.append((str(node["/S"]), str(node.get("/Alt", ""))))
    kids = node.get("/K")
    if kids is None or depth > 60:
        return
    kids = kids.get_object()
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict):
            _structure_types(kid, seen, depth + 1)


def test_tagged_pdf_ua_with_language_and_title(pdf):
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert pdf.metadata.title == "Status på erhvervspolitikken 2027"
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    seen = []
    _structure_types(root["/StructTreeRoot"], seen)
    kinds = {kind for kind, _ in seen}
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Figure"} <= kinds
    assert ("/Figure", "Målenes status pr. fokusområde") in seen


def test_fonts_are_the_bundled_ones_embedded(pdf):
    fonts = set()
    for page in pdf.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]).split("+", 1)[-1])
            descriptor = (font.get("/FontDescriptor") or
                          font["/DescendantFonts"][0].get_object()["/FontDescriptor"])
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(name.startswith("IBM-Plex-Sans") for name in fonts)


def test_fetcher_opens_static_files_only():
    fetcher = LocalFetcher()
    font = STATIC / "fonts" / "IBMPlexSans-Regular-Latin1.woff2"
    assert fetcher.fetch(font.as_uri()).read() == font.read_bytes()
    assert fetcher.fetch("data:text/plain,hej").read() == b"hej"
    outside = Path(__file__).resolve()
    for url in ("https://example.com/font.woff2", "http://127.0.0.1/x", "ftp://example.com/x",
                outside.as_uri(), (STATIC / ".." / "settings.py").as_uri(),
                "file://example.com/etc/passwd", (STATIC / "fonts").as_uri()):
        with pytest.raises(RefusedAddress):
            fetcher.fetch(url)
