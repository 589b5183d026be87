"""A catalogue of odd and hostile workbooks, each with the Danish reason it must be refused
for. The tests post every one to the goal import and read every one directly."""

from __future__ import annotations

import functools
import zipfile

from tests.uploads import factory as f

HEADER = f.row(1, *(f.text(f"{c}1", t) for c, t in zip(
    "ABCDEFGHIJK", ["Mål-nr.", "Fokusområde", "Titel", "Beskrivelse", "Indikator", "Målsætning",
                    "Deadline", "Målejer navn", "Målejer e-mail", "Organisation", "Sektor"],
    strict=True)))


def goal_row(number: int, *extra: str) -> str:
    return f.row(number, f.cell(f"A{number}", str(number - 1)), f.text(f"B{number}", "rammer"),
                 f.text(f"C{number}", f"Mål {number}"), *extra)


def _truncated() -> bytes:
    whole = f.workbook(f.sheet_xml(HEADER, goal_row(2), goal_row(3)))
    xml = f.read_part(whole, "xl/worksheets/sheet1.xml")
    return f.replace_part(whole, "xl/worksheets/sheet1.xml", xml[: len(xml) // 2])


def _sharedstrings_bomb(size: int = 300 * 1024 * 1024) -> bytes:
    """About 300 kB that unpacks to 300 MB: one shared string of that many letters."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        base = f.workbook(f.sheet_xml(HEADER, goal_row(2, f.cell("D2", "0", "s"))), shared="")
        with zipfile.ZipFile(io.BytesIO(base)) as source:
            for info in source.infolist():
                if info.filename != "xl/sharedStrings.xml":
                    package.writestr(info.filename, source.read(info.filename))
        with package.open("xl/sharedStrings.xml", "w") as part:
            part.write(f'<sst xmlns="{f.MAIN}"><si><t>'.encode())
            chunk = b"A" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                part.write(chunk)
            part.write(b"</t></si></sst>")
    return buffer.getvalue()


def _many_strings(count: int) -> bytes:
    """Under the size bound, but more shared strings than are kept in memory."""
    return f.workbook(f.sheet_xml(HEADER, goal_row(2)), shared=f.shared_xml(
        *(f.si_text(str(i)) for i in range(count))))


def _rows_declared(count: int = 1_048_576) -> bytes:
    rows = "<row/>" * (count - 1)  # rows without r are numbered one after the other
    sheet = (f'<worksheet xmlns="{f.MAIN}"><dimension ref="A1:K{count}"/><sheetData>{HEADER}'
             f"{rows}</sheetData></worksheet>")
    return f.workbook(sheet)


def _many_parts(count: int = 1000) -> bytes:
    extra = {f"xl/media/image{i}.png": b"x" for i in range(count)}
    return f.workbook(f.sheet_xml(HEADER, goal_row(2)), extra_parts=extra)


def _many_sheets(count: int = 450) -> bytes:
    sheet = f.sheet_xml(HEADER, goal_row(2))
    return f.workbook(*([sheet] * count))


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    f'<worksheet xmlns="{f.MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;'
    "</t></is></c></row></sheetData></worksheet>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    f'<worksheet xmlns="{f.MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;'
    "</t></is></c></row></sheetData></worksheet>"
)
ODS = f.zip_parts({"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                   "content.xml": "<office:document-content/>"}, zipfile.ZIP_STORED)
BROKEN = "Filen er ødelagt og kan ikke læses"

# name -> (bytes or a function making them, the reason the page must show)
HOSTILE = {
    "sheet XML cut in half": (_truncated, BROKEN),
    "shared-string index out of range": (
        lambda: f.workbook(
            f.sheet_xml(HEADER, goal_row(2, f.cell("D2", "7", "s"))),
            shared=f.shared_xml(f.si_text("eneste")),
        ),
        "Række 2, kolonne D: cellen henviser til en tekst, der ikke findes i filen",
    ),
    "text in a number cell": (
        lambda: f.workbook(f.sheet_xml(HEADER, goal_row(2, f.cell("G2", "i morgen")))),
        "Række 2, kolonne G: «i morgen» står i en talcelle, men er ikke et tal",
    ),
    "NaN in a number cell": (
        lambda: f.workbook(f.sheet_xml(HEADER, goal_row(3, f.cell("F3", "NaN")))),
        "Række 3, kolonne F: «NaN» står i en talcelle",
    ),
    "error value": (
        lambda: f.workbook(
            f.sheet_xml(HEADER, goal_row(2, f.cell("E2", "#DIV/0!", "e", formula="1/0")))
        ),
        "Række 2, kolonne E: cellen viser fejlen #DIV/0!",
    ),
    "formula without a saved value": (
        lambda: f.workbook(f.sheet_xml(HEADER, goal_row(2, f.cell("E2", formula="1+1")))),
        "Række 2, kolonne E: formlen har ingen gemt værdi",
    ),
    "date beyond Excel's calendar": (
        lambda: f.workbook(f.sheet_xml(HEADER, goal_row(2, f.cell("G2", "9999999", style=1)))),
        "Række 2, kolonne G: tallet 9999999 kan ikke vises som en dato",
    ),
    "bad boolean": (
        lambda: f.workbook(f.sheet_xml(HEADER, goal_row(2, f.cell("E2", "ja", "b")))),
        "Række 2, kolonne E: «ja» er ikke en gyldig sandhedsværdi",
    ),
    "bad ISO date cell": (
        lambda: f.workbook(f.sheet_xml(HEADER, goal_row(2, f.cell("G2", "2027-02-31", "d")))),
        "Række 2, kolonne G: «2027-02-31» er ikke en gyldig dato",
    ),
    "rows out of order": (
        lambda: f.workbook(f.sheet_xml(HEADER, goal_row(3), goal_row(2))),
        "rækkerne står i forkert rækkefølge ved række 2",
    ),
    "cell in the wrong row": (
        lambda: f.workbook(f.sheet_xml(HEADER, f.row(2, f.text("A5", "x")))),
        "cellen «A5» står i række 2",
    ),
    "row beyond Excel's last row": (
        lambda: f.workbook(f.sheet_xml(HEADER, f.row(1048577))),
        "rækkerne står i forkert rækkefølge ved række 1048577",
    ),
    "zip bomb: huge sharedStrings": (
        _sharedstrings_bomb,
        "Filen fylder for meget, når den pakkes ud",
    ),
    "more shared strings than kept": (lambda: _many_strings(200_001), "Filen har for meget tekst"),
    "1,048,576 rows declared": (_rows_declared, "Regnearket har for mange rækker"),
    "many parts": (_many_parts, "Filen har for mange dele"),
    "many sheets": (_many_sheets, "Filen har for mange dele"),
    "billion laughs (DTD)": (lambda: f.workbook(BILLION_LAUGHS), BROKEN),
    "external entity": (lambda: f.workbook(EXTERNAL_ENTITY), BROKEN),
    "every sheet hidden": (
        lambda: f.workbook(f.sheet_xml(HEADER), hidden={0}),
        "Filen har intet synligt regneark",
    ),
    "sheet part missing": (
        lambda: f.replace_part(
            f.workbook(f.sheet_xml(HEADER)), "xl/worksheets/sheet1.xml", b""
        ).replace(b"xl/worksheets/sheet1.xml", b"xl/worksheets/sheetX.xml"),
        "Filen er ødelagt",
    ),
    "a .xls renamed to .xlsx": (
        lambda: f.ole2(["Root Entry", "Workbook", "\x05SummaryInformation"]),
        "Filen er i det gamle Excel-format (.xls)",
    ),
    "a password-protected .xlsx (OLE2)": (
        lambda: f.ole2(["Root Entry", "EncryptionInfo", "EncryptedPackage"]),
        "Filen er beskyttet med en adgangskode",
    ),
    "an .ods renamed to .xlsx": (lambda: ODS, "Filen er et OpenDocument-regneark (.ods)"),
    "a .csv renamed to .xlsx": (
        lambda: "Mål-nr.;Fokusområde;Titel\n1;rammer;Mål\n".encode("cp1252"),
        "Filen er en tekstfil (fx .csv)",
    ),
    "a .xlsb renamed to .xlsx": (
        lambda: f.zip_parts({"[Content_Types].xml": f.CONTENT_TYPES, "xl/workbook.bin": b"\x83"}),
        "Excels binære format (.xlsb)",
    ),
    "not a zip (PNG)": (
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "Filen er ikke et .xlsx-regneark",
    ),
    "a zip that is not a workbook": (
        lambda: f.zip_parts({"a.txt": "hej"}),
        "Filen er en zip-fil, men ikke et .xlsx-regneark",
    ),
    "zip cut off": (
        lambda: f.workbook(f.sheet_xml(HEADER))[:300],
        "Filen er ødelagt (den kan ikke pakkes ud)",
    ),
    "empty file": (lambda: b"", "Filen er tom"),
}


@functools.cache
def make(name: str) -> bytes:
    return HOSTILE[name][0]()
