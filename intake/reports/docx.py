"""The committee report as a DOCX the committee secretary can edit (python-docx).

Real structure, so the document stays accessible once edited: the title in the Title style,
sections in Heading 1 and goals in Heading 2 (Word's navigation pane and a screen reader's
heading list), tables with a header row marked to repeat, the chart as a PNG with its text
alternative as the picture's description (CairoSVG rasterises the same SVG the PDF draws)
followed by its data table, "Side X af Y" from PAGE and NUMPAGES fields in the footer, and the
core properties' title and language plus Danish as the styles' proofing language.
"""

from __future__ import annotations

import io

import cairosvg
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from flask_babel import force_locale
from flask_babel import gettext as _

from intake.reports.committee import REPORT_LANGUAGE, CommitteeReport

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANGUAGE_TAG = "da-DK"
CHART_WIDTH = Cm(16)
CHART_PIXELS = 1600  # PNG width; 16 cm at about 250 dpi, sharp in print


def committee_docx(report: CommitteeReport) -> bytes:
    """The DOCX's bytes; the same content as the PDF (intake/reports/pdf.py)."""
    with force_locale(REPORT_LANGUAGE):
        document = _document(report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _document(report: CommitteeReport):
    document = Document()
    _properties(document, report)
    _footer(document, report)
    document.add_paragraph(report.brand_name)
    document.add_heading(report.title, level=0)
    document.add_paragraph(_(
        "Rapport til det politiske udvalg om målene i erhvervspolitikken, %(year)s.",
        year=report.year))
    document.add_paragraph(_("Opfølgningsrunde: %(title)s", title=report.round_title))
    document.add_paragraph(report.authority)
    document.add_paragraph(_("Dato: %(date)s", date=report.made_on_text))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _summary(document, report)
    for area in report.areas:
        document.add_heading(area.name, level=1)
        document.add_paragraph(_(
            "Svarprocent i fokusområdet: %(rate)s (%(answered)s af %(owners)s målejere).",
            rate=area.rate_text, answered=area.answered, owners=area.owners))
        if not area.goals:
            document.add_paragraph(
                _("Ingen mål i fokusområdet i %(year)s.", year=report.year))
        for goal in area.goals:
            document.add_heading(goal.title, level=2)
            if goal.description:
                document.add_paragraph(goal.description)
            _table(document, None, [
                (_("Status"), goal.status),
                (_("Fremdrift"), goal.progress_text),
                (_("Sidste år"), goal.last_year),
                (_("Kommentar"), goal.comment or _("Ingen offentlig kommentar")),
            ])
    document.add_heading(_("Om rapporten"), level=1)
    document.add_paragraph(_(
        "Et måls status er målejerens senest indsendte svar i runden. Sidste år er målets "
        "status ved udgangen af sidste periode; et mål uden en forgænger er ny i år."))
    document.add_paragraph(report.comment_source)
    document.add_paragraph(_("Udarbejdet %(date)s af %(brand)s.",
                             date=report.made_on_text, brand=report.brand_name))
    return document


def _summary(document, report: CommitteeReport) -> None:
    chart = report.chart
    document.add_heading(_("Sammenfatning"), level=1)
    document.add_paragraph(_(
        "Svarprocent: %(rate)s (%(submitted)s af %(invited)s inviterede målejere har svaret).",
        rate=report.rate_text, submitted=report.submitted, invited=report.invited))
    document.add_paragraph(_("Antal mål pr. status og fokusområde"), style="Caption")
    table = _table(document, chart.header, chart.rows)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)
    png = cairosvg.svg2png(bytestring=str(chart.svg).encode(), output_width=CHART_PIXELS)
    shape = document.add_picture(io.BytesIO(png), width=CHART_WIDTH)
    doc_pr = shape._inline.docPr  # python-docx has no API for a picture's alternative text
    doc_pr.set("title", chart.title)
    doc_pr.set("descr", chart.text)
    document.add_paragraph(chart.text, style="Caption")


def _table(document, header, rows):
    """A grid table; `header` (if any) is the first row, bold and repeated on each page."""
    lines = ([header] if header else []) + [tuple(row) for row in rows]
    table = document.add_table(rows=len(lines), cols=len(lines[0]), style="Table Grid")
    for cells, values in zip(table.rows, lines, strict=True):
        for cell, value in zip(cells.cells, values, strict=True):
            cell.text = str(value)
    if header:
        for cell in table.rows[0].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
        marker = OxmlElement("w:tblHeader")
        marker.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(marker)
    else:
        for row in table.rows:
            for run in row.cells[0].paragraphs[0].runs:
                run.bold = True
    document.add_paragraph()
    return table


def _properties(document, report: CommitteeReport) -> None:
    properties = document.core_properties
    properties.title = report.title
    properties.language = LANGUAGE_TAG
    properties.author = report.authority
    properties.subject = _("Årlig status til det politiske udvalg fra %(brand)s",
                           brand=report.brand_name)
    properties.comments = ""
    # The styles' default run language: Word proofs and reads the text as Danish.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), LANGUAGE_TAG)


def _footer(document, report: CommitteeReport) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.add_run(f"{report.title} · {report.made_on_text} · " + _("Side") + " ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" " + _("af") + " ")
    _field(paragraph, "NUMPAGES", "1")


def _field(paragraph, instruction: str, shown: str) -> None:
    """A simple field (w:fldSimple) Word updates when it lays out the pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} \\* MERGEFORMAT ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
