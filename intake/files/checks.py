"""What an uploaded file is and whether its name may be kept; pure functions.

The kind is decided by the content, never by the name or the browser's Content-Type:
PDF by its header `%PDF-` (ISO 32000-1 §7.5.2), PNG by its 8-byte signature (RFC 2083 §3.1),
JPEG by its SOI marker FF D8 FF (ITU T.81 B.1.1.2), DOCX and XLSX as a ZIP archive whose
`[Content_Types].xml` declares the main part of a Word document or an Excel workbook
(ECMA-376 Part 2 §10.1.2) and that holds that part (`word/document.xml`, `xl/workbook.xml`).
Macro-enabled variants (docm, xlsm) declare another content type and are refused.

The standard library does this in a few lines; a detection library (filetype, puremagic)
would still need the ZIP look inside to tell a DOCX from any ZIP, so none is used.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    code: str
    content_type: str
    extensions: tuple[str, ...]  # the first is added to a name without one
    label: object  # lazy Danish text


KINDS: dict[str, Kind] = {k.code: k for k in (
    Kind("pdf", "application/pdf", ("pdf",), _l("PDF")),
    Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ("docx",), _l("Word (DOCX)")),
    Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ("xlsx",), _l("Excel (XLSX)")),
    Kind("png", "image/png", ("png",), _l("PNG-billede")),
    Kind("jpeg", "image/jpeg", ("jpg", "jpeg"), _l("JPEG-billede")),
)}
ALL_KINDS = tuple(KINDS)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OOXML_MAIN = {
    "docx": ("word/document.xml",
             b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml",
             b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
CONTENT_TYPES_LIMIT = 256 * 1024  # a real [Content_Types].xml is a few kB

# Endings that make a file run, or a browser render it, wherever they stand in a name:
# "a.php.pdf" is refused like "rapport.pdf.exe".
DANGEROUS = frozenset({
    "exe", "com", "bat", "cmd", "scr", "pif", "msi", "msp", "dll", "cpl", "jar", "js", "jse",
    "vbs", "vbe", "wsf", "wsh", "hta", "ps1", "psm1", "sh", "bash", "lnk", "reg", "php",
    "php3", "php4", "php5", "phtml", "phar", "asp", "aspx", "jsp", "cgi", "pl", "py", "rb",
    "html", "htm", "xhtml", "svg", "shtml", "docm", "xlsm", "dotm", "xltm", "pptm", "iso",
    "zip", "rar", "7z",
})
MAX_NAME = 120  # characters; leaves room below the common 255-byte limit for any name


class Refused(ValueError):
    """A file or name that is not accepted; str() is the Danish message for the person."""


def detect(data: bytes) -> str | None:
    """The kind code ("pdf", "docx", "xlsx", "png", "jpeg") of `data`, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _ooxml(data)
    return None


def _ooxml(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_LIMIT:
                return None
            declared = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return None
    for code, (part, content_type) in OOXML_MAIN.items():
        if part in names and content_type in declared:
            return code
    return None


def clean_name(raw: str | None) -> str:
    """The name to keep: NFC, spaces trimmed and collapsed. Raises Refused for an empty,
    over-long or hostile name (path parts, control or invisible direction characters, an
    ending that runs anywhere in it)."""
    name = unicodedata.normalize("NFC", raw or "")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        raise Refused(_l("Filnavnet indeholder usynlige styretegn. Omdøb filen, og vælg den "
                         "igen."))
    name = " ".join(name.split())
    if "/" in name or "\\" in name or name.strip(". ") == "" and name:
        raise Refused(_l("Filnavnet må ikke indeholde mapper eller skråstreger (/ og \\). "
                         "Omdøb filen, og vælg den igen."))
    if not name:
        raise Refused(_l("Filen har intet navn. Giv den et navn, og vælg den igen."))
    if len(name) > MAX_NAME:
        raise Refused(_l("Filnavnet er for langt (højst %(num)d tegn). Omdøb filen, og vælg "
                         "den igen.", num=MAX_NAME))
    if name.startswith("."):
        raise Refused(_l("Filnavnet må ikke begynde med et punktum. Omdøb filen, og vælg den "
                         "igen."))
    parts = [p.strip().lower() for p in name.split(".")[1:]]
    if any(p in DANGEROUS for p in parts):
        raise Refused(_l("Filnavnet har en endelse, vi ikke tager imod (fx .exe eller en dobbelt "
                         "endelse som .pdf.exe). Omdøb filen, og vælg den igen."))
    return name


def named_for(name: str, kind: str) -> str:
    """The cleaned name with the kind's ending; Refused when it ends in another kind's."""
    ending = name.rsplit(".", 1)[1].lower() if "." in name else ""
    if ending in KINDS[kind].extensions:
        return name
    if any(ending in k.extensions for k in KINDS.values()):
        raise Refused(_l("Filens indhold passer ikke med endelsen .%(ending)s (indholdet er "
                         "%(kind)s). Omdøb filen, eller vælg en anden, og vælg den igen.",
                         ending=ending, kind=KINDS[kind].label))
    return f"{name}.{KINDS[kind].extensions[0]}"

