"""A streaming Excel writer for sheets of typed rows (xlsxwriter in constant_memory mode).

Generic on purpose: the sign-up export, the GDPR access workbook and the follow-up
exports all hand it sheets of plain Python values.

- Types: str → text (always text: CVR, phone and postcode keep leading zeros and spaces),
  int/float → number, datetime → Excel datetime, date → Excel date, None → empty cell.
  Aware datetimes are shown in Danish time.
- Inert: formulas, links and numbers-from-text are all off in xlsxwriter, so a text cell is
  never evaluated and keeps its text exactly (no visible '). Only a cells.Link, which intake
  made itself (a staff file download), is written as a hyperlink; past Excel's limits
  (65,530 links a sheet, 2,079 characters a link) it is written as its address in text.
  A text that Excel would read as a formula, number or date if staff edited the cell
  (=, +, -, @, a digit, …) gets the quote-prefix style, headers included: Excel shows it as
  typed, and editing keeps it text.
- Over-long texts: Excel stops at 32,767 characters. Such a cell keeps as much text as fits
  followed by a Danish note, and the whole text is written in parts on the sheet
  "Lange tekster", with the sheet and cell it belongs to. Nothing is cut silently.
- Printing: every sheet is set up by intake.exports.printing (landscape, one page wide,
  header row repeated, gridlines, a header with `title` and a footer with date and page).
- Ratios: a column of kind "percent" holds ratios (0.667) shown as 66.7 %.
- Streaming: constant_memory flushes each row once the next one starts, so memory stays
  flat however many rows there are. Widths and the header row's height are decided from
  the header and the first `sample_rows` rows, which are held back until then.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import IO, Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from intake import clock
from intake.clock import LOCAL
from intake.exports.cells import MAX_CELL_UNITS, QUOTE_PREFIX_START, Column, Link, utf16_units
from intake.exports.printing import set_up_page

WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
OVERFLOW_SHEET = "Lange tekster"
OVERFLOW_PART_CHARS = 16_000  # ≤ 32,000 UTF-16 units even if every character is an emoji
MIN_WIDTH, MAX_WIDTH = 6, 60
KIND_WIDTH = {"date": 11, "datetime": 17, "number": 8, "percent": 8, "flag": 4, "text": 8}
PERCENT_FORMAT = "0.0%"
MAX_LINKS = 65_530  # hyperlinks per worksheet (Excel's limit)
MAX_LINK_CHARS = 2_079  # characters in one hyperlink (Excel's limit)
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


class WorkbookWriter:
    """Open a workbook on a path or binary file, add sheets, write rows, then close().

    `title` is printed at the top of every page (e.g. the form's title); `made_at` (default:
    now) in the footer."""

    def __init__(self, target: str | IO[bytes], *, title: str = "Hedensted Erhverv",
                 made_at: datetime | None = None, sample_rows: int = 500):
        self.book = xlsxwriter.Workbook(target, WORKBOOK_OPTIONS)
        self.title = title
        self.made_at = (made_at or clock.now()).astimezone(LOCAL)
        self.sample_rows = sample_rows
        header = {"bold": True, "text_wrap": True, "valign": "top", "bottom": 1}
        self.header_format = self.book.add_format(header)
        self.header_quoted_format = self.book.add_format(header | {"quote_prefix": True})
        self.quoted_format = self.book.add_format({"quote_prefix": True})
        self.date_format = self.book.add_format({"num_format": "dd-mm-yyyy"})
        self.datetime_format = self.book.add_format({"num_format": "dd-mm-yyyy hh:mm"})
        self.percent_format = self.book.add_format({"num_format": PERCENT_FORMAT})
        self.link_format = self.book.get_default_url_format()
        self.sheets: list[SheetWriter] = []
        self._titles: set[str] = set()
        self._overflow: SheetWriter | None = None

    def add_sheet(self, title: str, columns: Sequence[Column]) -> SheetWriter:
        sheet = SheetWriter(self, self.book.add_worksheet(self._unique_title(title)), columns)
        self.sheets.append(sheet)
        return sheet

    def write_sheet(self, title: str, columns: Sequence[Column],
                    rows: Iterable[Sequence[Any]]) -> SheetWriter:
        sheet = self.add_sheet(title, columns)
        for row in rows:
            sheet.write(row)
        return sheet

    def close(self) -> None:
        for sheet in self.sheets:
            sheet.finish()
        self.book.close()

    def __enter__(self) -> WorkbookWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _unique_title(self, title: str) -> str:
        """Excel's rules: ≤31 characters, none of []:*?/\\, no ' at the ends, unique."""
        base = _BAD_TITLE.sub(" ", title).strip().strip("'").strip() or "Ark"
        base = base[:31].rstrip()
        candidate, n = base, 2
        while candidate.lower() in self._titles or candidate.lower() == "history":
            suffix = f" ({n})"
            candidate, n = base[: 31 - len(suffix)].rstrip() + suffix, n + 1
        self._titles.add(candidate.lower())
        return candidate

    def overflow(self, sheet: SheetWriter, row: int, col: int, text: str) -> str:
        """Put the whole text on the overflow sheet; return what fits in the cell, with a note."""
        if self._overflow is None:
            self._overflow = self.add_sheet(OVERFLOW_SHEET, (
                Column("Ark", width=20), Column("Celle", width=8), Column("Del", "number"),
                Column("Tekst", width=MAX_WIDTH),
            ))
        cell = xl_rowcol_to_cell(row, col)
        parts = _parts(text)
        for number, part in enumerate(parts, start=1):
            self._overflow.write((sheet.title, cell, number, part))
        note = (
            f" […] Teksten er afkortet her, fordi Excel højst kan have {MAX_CELL_UNITS:,} tegn"
            f" i en celle. Hele teksten står på arket «{OVERFLOW_SHEET}»"
            f" ({sheet.title} {cell}, {len(parts)} dele)."
        ).replace(",", ".")
        budget = MAX_CELL_UNITS - utf16_units(note)
        head = text.encode("utf-16-le")[: budget * 2].decode("utf-16-le", errors="ignore")
        return head + note


def _parts(text: str) -> list[str]:
    """Parts that fit a cell and join back to exactly the original text (cells keep their
    text as it is, so a part may start with any character)."""
    step = OVERFLOW_PART_CHARS
    return [text[start:start + step] for start in range(0, len(text), step)]


class SheetWriter:
    """One worksheet: a frozen, filtered header row and typed rows written in order."""

    def __init__(self, writer: WorkbookWriter, worksheet, columns: Sequence[Column]):
        self.writer = writer
        self.ws = worksheet
        self.title = worksheet.get_name()
        self.columns = tuple(columns)
        self.row = 1
        self.links = 0
        self._held: list[Sequence[Any]] | None = []
        self._finished = False
        percent = writer.percent_format
        self._number_formats = tuple(percent if c.kind == "percent" else None for c in self.columns)
        set_up_page(worksheet, title=writer.title, made_at=writer.made_at.replace(tzinfo=None))

    def write(self, values: Sequence[Any]) -> None:
        if self._held is not None:
            self._held.append(values)
            if len(self._held) >= self.writer.sample_rows:
                self._release()
            return
        self._write(values)

    def _release(self) -> None:
        held, self._held = self._held, None
        self._lay_out(held)
        for values in held:
            self._write(values)

    def _lay_out(self, sample: list[Sequence[Any]]) -> None:
        """Column widths and header height from the header and the held-back sample rows."""
        ws, height_lines = self.ws, 1
        for col, column in enumerate(self.columns):
            longest = max((_shown_length(row[col]) for row in sample if col < len(row)), default=0)
            words = max((len(w) for w in column.header.split()), default=0)
            header_need = max(words, math.ceil(len(column.header) / 3))
            width = column.width or max(longest, header_need, KIND_WIDTH.get(column.kind, 8)) + 2
            width = min(max(width, MIN_WIDTH), MAX_WIDTH)
            ws.set_column(col, col, width)
            lines = math.ceil(len(column.header) / max(width - 1, 1))
            height_lines = max(height_lines, min(lines, 4))
        ws.set_row(0, 15 * height_lines)
        for col, column in enumerate(self.columns):
            self._write_text(0, col, column.header, header=True)
        ws.freeze_panes(1, 0)

    def _write(self, values: Sequence[Any]) -> None:
        row, ws = self.row, self.ws
        self.row = row + 1
        write_string, write_number = ws.write_string, ws.write_number
        write_datetime = ws.write_datetime
        number_formats, extra = self._number_formats, len(self._number_formats)
        for col, value in enumerate(values):
            kind = type(value)
            if kind is str:
                if value and (value[0] in QUOTE_PREFIX_START or len(value) > MAX_CELL_UNITS // 2):
                    self._write_text(row, col, value)
                else:
                    write_string(row, col, value)
            elif value is None:
                continue
            elif kind is int or kind is float:
                write_number(row, col, value, number_formats[col] if col < extra else None)
            elif kind is datetime:
                if value.tzinfo is not None:
                    value = value.astimezone(LOCAL).replace(tzinfo=None)
                write_datetime(row, col, value, self.writer.datetime_format)
            elif kind is date:
                write_datetime(row, col, value, self.writer.date_format)
            elif kind is bool:
                write_number(row, col, int(value))
            elif kind is Link:
                self._write_link(row, col, value)
            else:
                self._write_text(row, col, str(value))

    def _write_link(self, row: int, col: int, link: Link) -> None:
        if self.links >= MAX_LINKS or len(link.url) > MAX_LINK_CHARS:
            self._write_text(row, col, link.url)
            return
        self.links += 1
        text = link.text or link.url
        if utf16_units(text) > MAX_CELL_UNITS:
            text = link.url
        self.ws.write_url(row, col, link.url, self.writer.link_format, text)

    def _write_text(self, row: int, col: int, text: str, header: bool = False) -> None:
        """The text as it is; the quote-prefix style where Excel could mistake it on an edit."""
        if utf16_units(text) > MAX_CELL_UNITS:
            text = self.writer.overflow(self, row, col, text)
        quoted = bool(text) and text[0] in QUOTE_PREFIX_START
        writer = self.writer
        if header:
            cell_format = writer.header_quoted_format if quoted else writer.header_format
        else:
            cell_format = writer.quoted_format if quoted else None
        self.ws.write_string(row, col, text, cell_format)

    def finish(self) -> None:
        if self._finished:
            return
        if self._held is not None:
            self._release()
        self._finished = True
        last_row = max(self.row - 1, 1)
        if self.columns:
            self.ws.autofilter(0, 0, last_row, len(self.columns) - 1)


def _shown_length(value: Any) -> int:
    if value is None:
        return 0
    kind = type(value)
    if kind is str:
        return max((len(line) for line in value.splitlines()), default=0)
    if kind is datetime:
        return 16
    if kind is date:
        return 10
    if kind is Link:
        return len(value.text or value.url)
    return len(str(value))
