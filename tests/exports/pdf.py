"""A workbook printed the way staff print it: LibreOffice headless to PDF, read with pypdf.

Each conversion gets its own LibreOffice profile under the test's tmp_path, so parallel runs
(and other engineers' soffice) never share a profile lock. soffice is a Debian package
(libreoffice-calc-nogui); .ci/run installs it. Missing, the test fails: it never skips.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
from pypdf import PdfReader

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"


def print_pages(workbook: Path | bytes, tmp_path: Path, name: str = "bog") -> list[str]:
    """The text of each printed page (every sheet, in order), as LibreOffice prints it."""
    folder = tmp_path / f"pdf-{name}"
    folder.mkdir()
    source = folder / f"{name}.xlsx"
    if isinstance(workbook, bytes):
        source.write_bytes(workbook)
    else:
        shutil.copyfile(workbook, source)
    assert Path(SOFFICE).exists(), \
        "LibreOffice (soffice) is needed: apt-get install libreoffice-calc-nogui"
    profile = (tmp_path / f"lo-profile-{name}").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    return [page.extract_text() for page in PdfReader(folder / f"{name}.pdf").pages]


def pages_of(pages: list[str], sheet: str) -> list[str]:
    """The pages of one sheet: the page header names the sheet (&A), right of the title."""
    return [text for text in pages if _header_line(text).endswith(sheet)]


def _header_line(text: str) -> str:
    return text.splitlines()[0].strip() if text.strip() else ""


def assert_print_setup(workbook: Path | bytes, title: str) -> None:
    """Every sheet: landscape A4, one page wide, header row repeated, gridlines printed, the
    title in the header, the date and page number in the footer."""
    import io

    book = openpyxl.load_workbook(io.BytesIO(workbook) if isinstance(workbook, bytes) else workbook)
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape", sheet.title
        assert setup.paperSize in (9, "9"), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert setup.fitToWidth in (None, 1, "1"), sheet.title  # None: Excel's default, 1
        assert sheet.print_options.gridLines, sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title
        assert sheet.oddHeader.left.text.endswith(title.replace("&", "&&")), sheet.title
        assert sheet.oddHeader.right.text == "&A", sheet.title
        assert sheet.oddFooter.left.text.startswith("Dannet "), sheet.title
        assert sheet.oddFooter.right.text == "Side &P af &N", sheet.title
