"""The same typed rows as CSV: RFC 4180 (comma, CRLF, quotes doubled), UTF-8 with a BOM.

The BOM is what makes Danish Excel read æøå as UTF-8 instead of Windows-1252. Texts get the
same ' protection as in the workbook. CSV has no cell limit, so long texts are kept whole.
Dates are ISO (2026-12-24) and times 2026-12-24 14:05 in Danish time: both are read as dates
by Excel in any language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from intake.clock import LOCAL
from intake.exports.cells import Column, protect

BOM = "\ufeff"


def _cell(value: Any) -> str:
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
    if kind is int or kind is float:
        return str(value)
    return protect(str(value))


def csv_chunks(columns: Sequence[Column], rows: Iterable[Sequence[Any]], chunk_rows: int = 500) -> Iterator[str]:
    """Text chunks of the whole file, starting with the BOM, for a streamed response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    buffer.write(BOM)
    writer.writerow([protect(c.header) for c in columns])
    pending = 0
    for row in rows:
        writer.writerow([_cell(v) for v in row])
        pending += 1
        if pending >= chunk_rows:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue()


def write_csv(target, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> None:
    """Write to a binary file (UTF-8)."""
    for chunk in csv_chunks(columns, rows):
        target.write(chunk.encode("utf-8"))
