"""The same typed rows as CSV, UTF-8 with a BOM, in two dialects.

- "semikolon" (CSV til Excel): what Danish Excel opens by a double click into columns. Danish
  Windows has ; as its list separator and , as its decimal sign, so fields are separated by
  ; and decimals written 1,5. There is no "sep=;" line: Excel reads such a line only by
  ignoring the BOM, and æøå would come out garbled.
- "komma": RFC 4180 (comma, decimal point), for other programs and English Excel.

Both: CRLF, quotes doubled, UTF-8 with a BOM (what makes Excel read æøå as UTF-8 instead of
Windows-1252). Texts get the OWASP ' guard (a CSV cell is parsed when Excel opens it). CSV
has no cell limit, so long texts are kept whole. Dates are ISO (2026-12-24) and times
2026-12-24 14:05 in Danish time: both are read as dates by Excel in any language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from intake.clock import LOCAL
from intake.exports.cells import Column, protect

BOM = "\ufeff"
SEMICOLON, COMMA = "semikolon", "komma"
DIALECTS = (SEMICOLON, COMMA)
DELIMITERS = {SEMICOLON: ";", COMMA: ","}


def _cell(value: Any, decimal_comma: bool) -> str:
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return protect(value)
    if kind is datetime:
        if value.tzinfo is not None:
            value = value.astimezone(LOCAL)
        return value.strftime("%Y-%m-%d %H:%M")
    if kind is date:
        return value.isoformat()
    if kind is bool:
        return "1" if value else "0"
    if kind is int:
        return str(value)
    if kind is float:
        return str(value).replace(".", ",") if decimal_comma else str(value)
    return protect(str(value))


def _cell_function(dialect: str) -> Callable[[Any], str]:
    decimal_comma = dialect == SEMICOLON
    return lambda value: _cell(value, decimal_comma)


def csv_chunks(columns: Sequence[Column], rows: Iterable[Sequence[Any]], chunk_rows: int = 500,
               dialect: str = COMMA) -> Iterator[str]:
    """Text chunks of the whole file, starting with the BOM, for a streamed response.

    `dialect`: "semikolon" or "komma" (ValueError for anything else)."""
    if dialect not in DELIMITERS:
        raise ValueError(f"unknown CSV dialect {dialect!r}")
    cell = _cell_function(dialect)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITERS[dialect], lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    buffer.write(BOM)
    writer.writerow([protect(c.header) for c in columns])
    pending = 0
    for row in rows:
        writer.writerow([cell(v) for v in row])
        pending += 1
        if pending >= chunk_rows:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue()


def write_csv(target, columns: Sequence[Column], rows: Iterable[Sequence[Any]],
              dialect: str = COMMA) -> None:
    """Write to a binary file (UTF-8)."""
    for chunk in csv_chunks(columns, rows, dialect=dialect):
        target.write(chunk.encode("utf-8"))
