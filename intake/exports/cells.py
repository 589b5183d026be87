"""What a column is, and how a text cell is made inert.

Shared by the Excel and CSV writers, so both protect the same cells in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

# A text starting with one of these is run as a formula by Excel or LibreOffice when the
# cell is edited or the file is opened as CSV (OWASP "CSV injection").
FORMULA_START = frozenset("=+-@\t\r")
# Excel's limit for one cell, counted in UTF-16 code units (an emoji counts twice).
MAX_CELL_UNITS = 32_767


@dataclass(frozen=True)
class Column:
    """One column of a sheet. `kind` is a hint for width and format; cells carry their own type."""

    header: str
    kind: str = "text"  # text | number | flag | date | datetime
    width: float | None = None  # a width hint in characters; None = from header and values


@dataclass(frozen=True)
class SheetSpec:
    key: str
    title: str
    columns: tuple[Column, ...]


def protect(text: str) -> str:
    """Prefix a text that a spreadsheet would treat as a formula with ', so it stays text."""
    if text and text[0] in FORMULA_START:
        return "'" + text
    return text


def utf16_units(text: str) -> int:
    if len(text) <= MAX_CELL_UNITS // 2:
        return len(text)  # cannot exceed the limit; skip the encoding
    return len(text.encode("utf-16-le")) // 2
