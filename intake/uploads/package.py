"""The outside of an uploaded workbook: what kind of file it is, and whether its zip package
stays inside fixed bounds, all checked before a single XML byte is parsed.

A .xlsx (also .xlsm, .xltx, .xltm and "Strict Open XML") is an OPC zip package (ECMA-376
part 2). Everything else Excel or its neighbours save is recognised by its first bytes and
refused with a Danish reason: the old binary .xls and password-protected workbooks (both OLE2
compound files, [MS-CFB]; an encrypted .xlsx is an OLE2 file with an "EncryptedPackage"
stream, [MS-OFFCRYPTO] 2.3.4.4), .xlsb, OpenDocument .ods and text such as .csv.

The bounds use the sizes the zip's central directory declares; Python's zipfile never
inflates a member past its declared size (it stops and fails the CRC), so a member that lies
about its size cannot grow past the bound either.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO

from flask_babel import gettext as _

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True)
class Limits:
    """Fixed bounds for one upload. Sizes in bytes; rows and cells are counted, not declared."""

    max_upload: int = 2 * 1024 * 1024
    max_parts: int = 400
    max_unpacked: int = 40 * 1024 * 1024  # sum of all members, as declared
    max_tree_part: int = 2 * 1024 * 1024  # workbook.xml, rels, styles: parsed whole
    max_stream_part: int = 30 * 1024 * 1024  # a sheet or the shared strings: streamed
    max_strings: int = 200_000  # shared strings kept in memory
    max_text: int = 8_000_000  # characters in shared strings together
    max_row_elements: int = 200_000  # <row> elements read, empty ones included
    max_rows: int = 10_000  # rows with content handed to the caller
    max_cells: int = 300_000  # cells with content handed to the caller


class Refused(Exception):
    """The upload is not read. `message` is Danish (translated) and says why, naming the
    row and column when one cell is the reason."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def open_package(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """The zip package of an .xlsx, or Refused with the reason (kind of file or a bound)."""
    if not data:
        raise Refused(_("Filen er tom."))
    if len(data) > limits.max_upload:
        raise Refused(_("Filen er for stor (højst %(mb)s MB).", mb=limits.max_upload // 1048576))
    if data.startswith(OLE2_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise Refused(_("Filen er beskyttet med en adgangskode. Fjern adgangskoden i Excel "
                            "(Filer → Info → Beskyt projektmappe), gem og send filen igen."))
        raise Refused(_("Filen er i det gamle Excel-format (.xls). Åbn den i Excel, og gem den "
                        "som «Excel-projektmappe (.xlsx)»."))
    if not data.startswith(b"PK"):
        raise Refused(_not_zip(data))
    try:
        package = zipfile.ZipFile(BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise Refused(_("Filen er ødelagt (den kan ikke pakkes ud). Gem den igen i Excel som "
                        ".xlsx.")) from None
    _check_members(package, members, limits)
    return package


def _not_zip(data: bytes) -> str:
    head = data[:4096]
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return _("Filen er ikke et .xlsx-regneark.")
        return _("Filen er en tekstfil (fx .csv), ikke et .xlsx-regneark. Åbn den i Excel, og "
                 "gem den som «Excel-projektmappe (.xlsx)».")
    return _("Filen er ikke et .xlsx-regneark.")


def _check_members(package: zipfile.ZipFile, members: list[zipfile.ZipInfo],
                   limits: Limits) -> None:
    names = [m.filename for m in members]
    if "mimetype" in names and package.read("mimetype").strip() == ODS_MIMETYPE:
        raise Refused(_("Filen er et OpenDocument-regneark (.ods). Gem den som "
                        "«Excel-projektmappe (.xlsx)»."))
    if len(members) > limits.max_parts:
        raise Refused(_("Filen har for mange dele (%(n)s, højst %(max)s).",
                        n=len(members), max=limits.max_parts))
    if len({n.lower() for n in names}) != len(names):
        raise Refused(_("Filen er ødelagt (den samme del findes to gange)."))
    total = sum(m.file_size for m in members)
    if total > limits.max_unpacked or any(m.file_size > limits.max_stream_part for m in members):
        raise Refused(_("Filen fylder for meget, når den pakkes ud (%(mb)s MB, højst %(max)s "
                        "MB). Del den op i flere filer.", mb=round(total / 1048576),
                        max=limits.max_unpacked // 1048576))
    if any(m.flag_bits & 0x1 for m in members):
        raise Refused(_("Filen er beskyttet med en adgangskode. Fjern adgangskoden i Excel, gem "
                        "og send filen igen."))
    if "[Content_Types].xml" not in names:
        raise Refused(_("Filen er en zip-fil, men ikke et .xlsx-regneark."))
    if any(n.lower() == "xl/workbook.bin" for n in names):
        raise Refused(_("Filen er i Excels binære format (.xlsb). Gem den som "
                        "«Excel-projektmappe (.xlsx)»."))
