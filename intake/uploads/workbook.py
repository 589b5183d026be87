"""Read an uploaded workbook exactly as Excel shows it, or refuse it with a Danish reason.

Every upload of a spreadsheet goes through `read_sheet`. It returns every row that has
content, with its Excel row number, and each value as Excel displays it:

- numbers (int when whole, else float to Excel's 15 significant digits), booleans;
- dates and times as `date`/`datetime`/`time` when the cell's number format is a date
  format, in the workbook's own date system (1900 or 1904, ECMA-376 part 1, 18.17.4.1);
- shared, inline and rich-text strings (runs joined, phonetic guides left out, `_xHHHH_`
  escapes undone, 22.4.2.4), and for formulas the value Excel saved with them.

It refuses, naming the row and column, a cell Excel could not show as a value: a shared
string index out of range, text in a number cell, an error value (#DIV/0!), a formula without
a saved value, a date out of Excel's range. Damaged XML, a missing part or a bound passed
(`package.Limits`) refuses the whole file; nothing is ever half read. The package's bounds
are checked before parsing (intake.uploads.package), the XML is parsed by defusedxml with
DTDs forbidden (no entity bombs), and sheets and shared strings are streamed element by
element, so memory stays bounded whatever the file declares.

Namespaces are matched by local name and relationships by the end of their type, so the
transitional and the strict OOXML variants both read.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse
from flask_babel import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import get_column_letter
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

from intake.uploads.package import Limits, Refused, open_package

__all__ = ["Limits", "Refused", "Sheet", "read_sheet", "read_upload"]

REF_RE = re.compile(r"^([A-Z]{1,3})([1-9][0-9]{0,6})$")
NUMBER_RE = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
ESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")
MAX_COLUMN, MAX_ROW = 16384, 1048576  # Excel's own sheet size
MAX_SERIAL = 2958466  # 10000-01-01 in the 1900 system; Excel shows ##### from here
READ_ERRORS = (ParseError, DefusedXmlException, zipfile.BadZipFile, zlib.error, EOFError,
               OSError, KeyError, UnicodeError, ValueError)


@dataclass
class Sheet:
    """One worksheet: `rows` are (Excel row number, values from column A), content rows only."""

    name: str
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)
    digest: str = ""  # SHA-256 of the rows' values: the same content saved again matches


class CellRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def read_upload(stream: IO[bytes], limits: Limits | None = None) -> Sheet:
    """Read the first visible worksheet of an uploaded file (a werkzeug FileStorage stream).

    Reads at most `limits.max_upload` + 1 bytes. Raises Refused (Danish message)."""
    limits = limits or Limits()
    return read_sheet(stream.read(limits.max_upload + 1), limits)


def read_sheet(data: bytes, limits: Limits | None = None) -> Sheet:
    """The first visible worksheet of the workbook in `data`. Raises Refused."""
    limits = limits or Limits()
    package = open_package(data, limits)
    with package:
        try:
            book = _Book(package, limits)
            name, path = book.first_visible_sheet()
            sheet = Sheet(name, book.rows(path))
        except (Refused, MemoryError, RecursionError):
            raise
        except READ_ERRORS:
            raise Refused(_("Filen er ødelagt og kan ikke læses. Åbn den i Excel, gem den igen "
                            "som .xlsx, og send den igen.")) from None
    sheet.digest = _digest(sheet.rows)
    return sheet


def _digest(rows) -> str:
    sha = hashlib.sha256()
    for _number, values in rows:
        sha.update(repr(tuple(v for v in values)).encode("utf-8") + b"\n")
    return sha.hexdigest()


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _attr(element: Element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (r:id in either OOXML variant)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _unescape(text: str) -> str:
    return ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _events(stream) -> Iterator[tuple[str, str, Element]]:
    """iterparse that forgets each element once its end has been handled."""
    stack: list[Element] = []
    for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
        name = _local(element.tag)
        if event == "start":
            stack.append(element)
            yield event, name, element
        else:
            yield event, name, element
            stack.pop()
            if stack:
                stack[-1].remove(element)


class _Book:
    def __init__(self, package: zipfile.ZipFile, limits: Limits):
        self.package, self.limits = package, limits
        self.sizes = {m.filename: m.file_size for m in package.infolist()}
        root_rels = self._rels("_rels/.rels", "")
        self.workbook_path = next((t for k, t in root_rels if k == "officeDocument"), None)
        if self.workbook_path is None:
            raise Refused(_("Filen er en zip-fil, men ikke et .xlsx-regneark."))
        workbook = self._tree(self.workbook_path)
        base = posixpath.dirname(self.workbook_path)
        rels = dict(self._rels_by_id(self._rels_path(self.workbook_path), base))
        props = next((e for e in workbook.iter() if _local(e.tag) == "workbookPr"), None)
        is_1904 = props is not None and (props.get("date1904") or "").lower() in ("1", "true")
        self.epoch = MAC_EPOCH if is_1904 else WINDOWS_EPOCH
        self.sheets: list[tuple[str, str, bool]] = []
        for element in workbook.iter():
            if _local(element.tag) != "sheet":
                continue
            kind, target = rels.get(_attr(element, "id") or "", ("", ""))
            if kind == "worksheet":
                hidden = (element.get("state") or "visible") != "visible"
                self.sheets.append((element.get("name") or "", target, hidden))
        targets = {kind: target for kind, target in rels.values()}
        self.date_styles, self.duration_styles = self._styles(targets.get("styles"))
        self.strings = self._shared_strings(targets.get("sharedStrings"))

    def _read(self, path: str, limit: int) -> IO[bytes]:
        if path not in self.sizes:
            raise Refused(_("Filen er ødelagt: delen «%(part)s» mangler.", part=path))
        if self.sizes[path] > limit:
            raise Refused(_("Filen fylder for meget, når den pakkes ud. Del den op i flere "
                            "filer."))
        return self.package.open(path)

    def _tree(self, path: str) -> Element:
        with self._read(path, self.limits.max_tree_part) as stream:
            return fromstring(stream.read(), forbid_dtd=True)

    @staticmethod
    def _rels_path(part: str) -> str:
        folder, name = posixpath.split(part)
        return posixpath.join(folder, "_rels", name + ".rels")

    def _rels_by_id(self, path: str, base: str) -> Iterator[tuple[str, tuple[str, str]]]:
        if path not in self.sizes:
            return
        for element in self._tree(path):
            if _local(element.tag) != "Relationship" or element.get("TargetMode") == "External":
                continue
            target = element.get("Target") or ""
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(base, target))
            kind = (element.get("Type") or "").rpartition("/")[2]
            yield element.get("Id") or "", (kind, target)

    def _rels(self, path: str, base: str) -> list[tuple[str, str]]:
        return [pair for _id, pair in self._rels_by_id(path, base)]

    def first_visible_sheet(self) -> tuple[str, str]:
        for name, path, hidden in self.sheets:
            if not hidden:
                return name, path
        raise Refused(_("Filen har intet synligt regneark."))

    def _styles(self, path: str | None) -> tuple[set[int], set[int]]:
        if not path:
            return set(), set()
        root = self._tree(path)
        formats = dict(BUILTIN_FORMATS)
        dates, durations = set(), set()
        for element in root.iter():
            if _local(element.tag) == "numFmt":
                formats[int(element.get("numFmtId") or -1)] = element.get("formatCode") or ""
        cell_xfs = next((e for e in root.iter() if _local(e.tag) == "cellXfs"), None)
        for index, xf in enumerate(cell_xfs if cell_xfs is not None else []):
            number_format = formats.get(int(xf.get("numFmtId") or 0), "General")
            if is_timedelta_format(number_format):
                durations.add(index)
            elif is_date_format(number_format):
                dates.add(index)
        return dates, durations

    def _shared_strings(self, path: str | None) -> list[str]:
        strings: list[str] = []
        if not path:
            return strings
        parts: list[str] = []
        phonetic = 0
        total = 0
        with self._read(path, self.limits.max_stream_part) as stream:
            for event, name, element in _events(stream):
                if name == "rPh":
                    phonetic += 1 if event == "start" else -1
                elif event == "end" and name == "t" and not phonetic:
                    parts.append(element.text or "")
                    total += len(parts[-1])
                elif event == "end" and name == "si":
                    strings.append(_unescape("".join(parts)))
                    parts = []
                    if len(strings) > self.limits.max_strings or total > self.limits.max_text:
                        raise Refused(_("Filen har for meget tekst (højst %(n)s forskellige "
                                        "tekster). Del den op i flere filer.",
                                        n=self.limits.max_strings))
        return strings

    def rows(self, path: str) -> list[tuple[int, tuple[Any, ...]]]:
        reader = _SheetReader(self)
        with self._read(path, self.limits.max_stream_part) as stream:
            reader.read(stream)
        return reader.rows


class _SheetReader:
    def __init__(self, book: _Book):
        self.book, self.limits = book, book.limits
        self.rows: list[tuple[int, tuple[Any, ...]]] = []
        self.row_number = 0
        self.row_elements = 0
        self.cells_kept = 0
        self.cell_elements = 0

    def read(self, stream) -> None:
        cells: dict[int, Any] = {}
        cell: dict[str, Any] = {}
        column = 0
        for event, name, element in _events(stream):
            if event == "start" and name == "row":
                self._start_row(element)
                cells, column = {}, 0
            elif event == "start" and name == "c":
                column = self._position(element, column)
                cell = {"type": element.get("t") or "n", "style": int(element.get("s") or 0),
                        "value": None, "inline": [], "formula": False, "phonetic": 0}
            elif name == "rPh" and cell:
                cell["phonetic"] += 1 if event == "start" else -1
            elif event != "end":
                continue
            elif name == "v" and cell:
                cell["value"] = element.text or ""
            elif name == "f" and cell:
                cell["formula"] = True
            elif name == "t" and cell and not cell["phonetic"]:
                cell["inline"].append(element.text or "")
            elif name == "c":
                value = self._value(cell, column)
                cell = {}
                if _has_content(value):
                    cells[column] = value
            elif name == "row":
                self._end_row(cells)

    def _start_row(self, element: Element) -> None:
        self.row_elements += 1
        if self.row_elements > self.limits.max_row_elements:
            raise Refused(_("Regnearket har for mange rækker (højst %(n)s).",
                            n=self.limits.max_rows))
        given = element.get("r")
        number = int(given) if given and given.isdigit() else self.row_number + 1
        if number <= self.row_number or number > MAX_ROW:
            raise Refused(_("Filen er ødelagt: rækkerne står i forkert rækkefølge ved række "
                            "%(row)s.", row=number))
        self.row_number = number

    def _position(self, element: Element, previous: int) -> int:
        self.cell_elements += 1
        if self.cell_elements > self.limits.max_row_elements * 20:
            raise Refused(_("Regnearket har for mange celler. Del det op i flere filer."))
        ref = element.get("r")
        if ref is None:
            column = previous + 1
        else:
            match = REF_RE.match(ref)
            column = _column_index(match.group(1)) if match else 0
            if not match or int(match.group(2)) != self.row_number:
                raise Refused(_("Filen er ødelagt: cellen «%(ref)s» står i række %(row)s.",
                                ref=ref[:20], row=self.row_number))
        if not previous < column <= MAX_COLUMN:
            raise Refused(_("Filen er ødelagt: cellerne i række %(row)s står i forkert "
                            "rækkefølge.", row=self.row_number))
        return column

    def _end_row(self, cells: dict[int, Any]) -> None:
        if not cells:
            return
        self.cells_kept += len(cells)
        if len(self.rows) >= self.limits.max_rows or self.cells_kept > self.limits.max_cells:
            raise Refused(_("Regnearket har for mange rækker (højst %(n)s).",
                            n=self.limits.max_rows))
        width = max(cells)
        self.rows.append((self.row_number, tuple(cells.get(c) for c in range(1, width + 1))))

    def _value(self, cell: dict[str, Any], column: int) -> Any:
        try:
            return _cell_value(self.book, cell)
        except CellRefused as refused:
            raise Refused(_("Række %(row)s, kolonne %(column)s: %(reason)s",
                            row=self.row_number, column=get_column_letter(column),
                            reason=refused.reason)) from None


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


def _has_content(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _cell_value(book: _Book, cell: dict[str, Any]) -> Any:
    kind, raw = cell["type"], cell["value"]
    if kind == "inlineStr":
        return _unescape("".join(cell["inline"]))
    if raw is None or (raw == "" and kind != "str"):
        if cell["formula"]:
            raise CellRefused(_("formlen har ingen gemt værdi. Åbn filen i Excel, gem den, og "
                                "send den igen."))
        return None
    if kind == "s":
        if not raw.strip().isdigit() or int(raw) >= len(book.strings):
            raise CellRefused(_("cellen henviser til en tekst, der ikke findes i filen (filen "
                                "er ødelagt)."))
        return book.strings[int(raw)]
    if kind == "str":
        return _unescape(raw)
    if kind == "b":
        if raw.strip() not in ("0", "1", "true", "false"):
            raise CellRefused(_("«%(value)s» er ikke en gyldig sandhedsværdi.", value=raw[:40]))
        return raw.strip() in ("1", "true")
    if kind == "e":
        raise CellRefused(_("cellen viser fejlen %(error)s. Ret formlen i Excel.",
                            error=raw[:20]))
    if kind == "d":
        return _iso_moment(raw)
    if kind != "n":
        raise CellRefused(_("cellen har en ukendt type «%(kind)s».", kind=kind[:20]))
    return _number(book, raw.strip(), cell["style"])


def _number(book: _Book, raw: str, style: int) -> Any:
    if not NUMBER_RE.match(raw):
        raise CellRefused(_("«%(value)s» står i en talcelle, men er ikke et tal (filen er "
                            "ødelagt).", value=raw[:40]))
    value = float(raw)
    if style in book.duration_styles:
        return timedelta(days=value)
    if style in book.date_styles:
        if not 0 <= value < MAX_SERIAL:
            raise CellRefused(_("tallet %(value)s kan ikke vises som en dato (Excel viser "
                                "#####).", value=raw[:40]))
        moment = from_excel(value, book.epoch)
        if isinstance(moment, datetime) and moment.time() == time(0):
            return moment.date()
        return moment
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return float(f"{value:.15g}")


def _iso_moment(raw: str) -> date | datetime | time:
    text = raw.strip()
    try:
        if "T" in text or len(text) > 10:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            return moment.date() if moment.time() == time(0) and not moment.tzinfo else moment
        if ":" in text:
            return time.fromisoformat(text)
        return date.fromisoformat(text)
    except ValueError:
        raise CellRefused(_("«%(value)s» er ikke en gyldig dato.", value=text[:40])) from None
