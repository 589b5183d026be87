"""An uploaded workbook's sheets as rows of {column: value}, each with its Excel row number.

The package's bounds are checked first by the project's upload reader
(`intake.uploads.package.open_package`: size, parts, kind of file, before any XML is parsed);
then openpyxl reads the sheets (defusedxml refuses entity bombs) and pyxform's own row
reading (`pyxform.xls2json_backends.get_excel_column_headers` / `get_excel_rows`: header
clean-up, duplicate headers, runs of empty rows) turns them into rows. Unlike pyxform's
`xlsx_to_dict`, values keep their kind (text as typed, with its spaces and line breaks,
numbers, true/false, dates), which is what makes a download read back identically, and
intake's own sheets are read too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import openpyxl
from flask_babel import gettext as _
from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import get_excel_column_headers, get_excel_rows

from intake.uploads.package import Limits, Refused, open_package


@dataclass(frozen=True)
class SheetProblem:
    """One mistake, in Danish, where it is: sheet, Excel row (1 = the header) and column."""

    text: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(_("arket «%(sheet)s»", sheet=self.sheet))
        if self.row:
            where.append(_("række %(n)s", n=self.row))
        if self.column:
            where.append(_("kolonne «%(column)s»", column=self.column))
        prefix = ", ".join(where)
        return f"{prefix[:1].upper()}{prefix[1:]}: {self.text}" if prefix else self.text


@dataclass
class Table:
    """A sheet: its column headers and its rows as (Excel row number, {header: value})."""

    name: str
    headers: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def read_tables(data: bytes, limits: Limits | None = None) -> tuple[dict[str, Table],
                                                                    list[SheetProblem]]:
    """Every sheet by its lower-case name; or the problems that stop the whole file."""
    limits = limits or Limits()
    try:
        open_package(data, limits).close()
    except Refused as refused:
        return {}, [SheetProblem(refused.message)]
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 (any damage in the package: the file as a whole is refused)
        return {}, [SheetProblem(_("Filen er ødelagt og kan ikke læses. Åbn den i Excel, gem "
                                   "den igen som .xlsx, og send den igen."))]
    tables: dict[str, Table] = {}
    problems: list[SheetProblem] = []
    counter = _Counter(limits)
    try:
        for sheet in book.worksheets:
            name = sheet.title.strip().lower()
            if name in tables:
                problems.append(SheetProblem(_("to ark har samme navn"), sheet.title))
                continue
            tables[name] = _table(sheet, counter, problems)
    except Refused as refused:
        return {}, [SheetProblem(refused.message)]
    except Exception:  # noqa: BLE001
        return {}, [SheetProblem(_("Filen er ødelagt og kan ikke læses. Åbn den i Excel, gem "
                                   "den igen som .xlsx, og send den igen."))]
    finally:
        book.close()
    return tables, problems


class _Counter:
    """Counts rows and cells over the whole workbook against the upload bounds."""

    def __init__(self, limits: Limits):
        self.limits, self.rows, self.cells = limits, 0, 0

    def row(self, row: tuple) -> tuple:
        self.rows += 1
        self.cells += len(row)
        if self.rows > self.limits.max_rows or self.cells > self.limits.max_cells:
            raise Refused(_("Filen har for mange rækker (højst %(n)s).", n=self.limits.max_rows))
        return row


def _table(sheet, counter: _Counter, problems: list[SheetProblem]) -> Table:
    table = Table(sheet.title)
    rows = sheet.iter_rows()
    first = next(rows, None)
    if first is None:
        return table
    try:
        headers = get_excel_column_headers(_cell_text(c.value) for c in counter.row(first))
    except PyXFormError:
        seen: set[str] = set()
        for cell in first:
            text = _cell_text(cell.value)
            if text and text in seen:
                problems.append(SheetProblem(_("kolonnen står to gange"), sheet.title, 1, text))
            seen.add(text)
        return table
    table.headers = [h for h in headers if h]
    width = len(headers)
    data = (counter.row(r[:width]) for r in rows)
    for index, values in enumerate(get_excel_rows(headers, data, lambda c, _n, _k: c.value)):
        if values:
            table.rows.append((index + 2, {k: _value(v) for k, v in values.items()}))
    return table


def _cell_text(value: Any) -> str | None:
    return None if value is None else str(value)


def _value(value: Any) -> Any:
    """A cell as intake keeps it: a date typed in Excel is a date, a clock time "08:30",
    a date and time "2026-10-08 09:00" (the form files' spelling)."""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value
    return value
