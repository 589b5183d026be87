"""The committee report as a tagged PDF (PDF/UA-1): WeasyPrint lays out
templates/reports/committee.html with its print CSS.

Public authorities must publish accessible documents (the Danish web accessibility act,
EN 301 549 §10), so the PDF is tagged (headings, tables, the chart as a Figure with its
title as alternate text), carries `lang="da"` as /Lang and the report's title as its
document title (shown by viewers: /DisplayDocTitle).

Nothing is fetched from the network: the only addresses the renderer may open are files
under intake/static (the fonts) and data: URLs; anything else is refused (`LocalFetcher`).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import render_template
from flask_babel import force_locale
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from intake.reports.committee import REPORT_LANGUAGE, CommitteeReport

STATIC = Path(__file__).resolve().parent.parent / "static"
PDF = "application/pdf"
VARIANT = "pdf/ua-1"


class RefusedAddress(ValueError):
    """An address outside intake/static (or not a data: URL) that the report asked for."""


class LocalFetcher(URLFetcher):
    """Opens file: URLs inside `root` and data: URLs; refuses everything else, so a report
    never waits on (or leaks to) the network whatever its template or data hold."""

    def __init__(self, root: Path = STATIC):
        super().__init__(allowed_protocols=("file", "data"))
        self.root = root.resolve()

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedAddress(f"the report may not open {url!r}")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise RefusedAddress(f"the report may not open {url!r}")
        return URLFetcherResponse(url, path.read_bytes())


def committee_html(report: CommitteeReport) -> str:
    with force_locale(REPORT_LANGUAGE):
        return render_template("reports/committee.html", report=report)


def committee_pdf(report: CommitteeReport) -> bytes:
    """The PDF's bytes. Raises nothing for a refused address (WeasyPrint logs it and draws
    without the resource); the tests check that the fonts were embedded."""
    document = HTML(
        string=committee_html(report), base_url=str(STATIC) + "/", url_fetcher=LocalFetcher()
    )
    return document.write_pdf(pdf_variant=VARIANT)
