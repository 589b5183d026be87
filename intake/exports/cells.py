"""What a column is, and how a text cell is kept inert.

Shared by the Excel and CSV writers. The two protect a text differently: a CSV cell is
plain text that Excel parses on opening, so it gets a leading ' (OWASP); a workbook's text
cell is never evaluated, so it keeps its text exactly and only gets Excel's quote-prefix
style, which stops a later edit of the cell from turning it into a formula or number.
"""

from __future__ import annotations

from dataclasses import dataclass

# A text starting with one of these is run as a formula by Excel or LibreOffice when the
# cell is edited or the file is opened as CSV (OWASP "CSV injection").
FORMULA_START = frozenset("=+-@\t\r")
# A workbook text starting with one of these would be read as a formula, number or date
# (or lose its leading ') if staff edit the cell and press Enter: it gets the quote prefix.
QUOTE_PREFIX_START = FORMULA_START | frozenset("0123456789'.,(")
# Excel's limit for one cell, counted in UTF-16 code units (an emoji counts twice).
MAX_CELL_UNITS = 32_767


@dataclass(frozen=True)
class Column:
    """One column of a sheet. `kind` is a hint for width and format; cells carry their own type."""

    header: str
    # text | number | percent (a ratio: 0.667 is shown as 66.7 %) | flag | date | datetime
    kind: str = "text"
    width: float | None = None  # a width hint in characters; None = from header and values


@dataclass(frozen=True)
class Link:
    """A link intake made itself (a staff download of an uploaded file): the workbook writes
    it as a hyperlink showing `text`, the CSV as the bare `url`. Text a person typed is never
    a Link, so it stays inert however much it looks like an address."""

    url: str
    text: str

    def __str__(self) -> str:
        return self.url


@dataclass(frozen=True)
class SheetSpec:
    key: str
    title: str
    columns: tuple[Column, ...]


def protect(text: str) -> str:
    """For CSV: prefix a text that a spreadsheet would treat as a formula with ', so it stays
    text (OWASP "CSV injection"). The workbook writer uses a quote-prefix style instead."""
    if text and text[0] in FORMULA_START:
        return "'" + text
    return text


def utf16_units(text: str) -> int:
    if len(text) <= MAX_CELL_UNITS // 2:
        return len(text)  # cannot exceed the limit; skip the encoding
    return len(text.encode("utf-16-le")) // 2
