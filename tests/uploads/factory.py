"""Workbooks written part by part, so the tests can make every odd and hostile file they need:
valid OOXML around any sheet XML, then damaged, bloated or disguised as the case asks."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
# cellXfs: 0 General, 1 a built-in date (14), 2 a custom date, 3 a duration, 4 a time
STYLES = (
    f'<styleSheet xmlns="{MAIN}"><numFmts count="2">'
    '<numFmt numFmtId="164" formatCode="dd\\-mm\\-yyyy"/>'
    '<numFmt numFmtId="165" formatCode="[h]:mm"/>'
    '</numFmts><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
    '<xf numFmtId="165"/><xf numFmtId="20"/></cellXfs></styleSheet>'
)


def cell(ref: str, value=None, kind: str | None = None, style: int | None = None,
         formula: str | None = None, raw: str | None = None) -> str:
    """One <c>; `raw` is written as the whole inner XML when given."""
    attrs = f' r="{ref}"' if ref else ""
    attrs += f' t="{kind}"' if kind else ""
    attrs += f' s="{style}"' if style is not None else ""
    if raw is not None:
        return f"<c{attrs}>{raw}</c>"
    inner = f"<f>{escape(formula)}</f>" if formula else ""
    if value is not None:
        inner += f"<v>{escape(str(value))}</v>"
    return f"<c{attrs}>{inner}</c>"


def text(ref: str, value: str) -> str:
    return cell(ref, kind="inlineStr", raw=f'<is><t xml:space="preserve">{escape(value)}</t></is>')


def row(number: int | None, *cells: str) -> str:
    attrs = f' r="{number}"' if number is not None else ""
    return f"<row{attrs}>{''.join(cells)}</row>"


def sheet_xml(*rows: str, ns: str = MAIN, extra: str = "") -> str:
    return f'<worksheet xmlns="{ns}"><sheetData>{"".join(rows)}</sheetData>{extra}</worksheet>'


def shared_xml(*items: str, ns: str = MAIN) -> str:
    """`items` are the inner XML of each <si> (use si_text for plain text)."""
    return f'<sst xmlns="{ns}">' + "".join(f"<si>{i}</si>" for i in items) + "</sst>"


def si_text(value: str) -> str:
    return f'<t xml:space="preserve">{escape(value)}</t>'


def workbook(*sheets: str, shared: str | None = None, styles: str | None = STYLES,
             date1904: bool = False, names: list[str] | None = None,
             hidden: set[int] = frozenset(), strict: bool = False,
             extra_parts: dict[str, bytes] | None = None,
             compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A complete .xlsx around the given sheet XMLs (sheet 1 first)."""
    main, rel = (STRICT_MAIN, STRICT_REL) if strict else (MAIN, REL)
    kind = rel
    names = names or [f"Ark{i}" for i in range(1, len(sheets) + 1)]
    states = ['state="hidden"' if i in hidden else "" for i in range(len(sheets))]
    entries = "".join(
        f'<sheet name="{names[i]}" sheetId="{i + 1}" r:id="rId{i + 1}" {states[i]}/>'
        for i in range(len(sheets))
    )
    props = '<workbookPr date1904="1"/>' if date1904 else ""
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                       f'Type="{kind}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}">{props}<sheets>{entries}'
                           '</sheets></workbook>',
    }
    rels = [f'<Relationship Id="rId{i + 1}" Type="{kind}/worksheet" '
            f'Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(sheets))]
    for i, xml in enumerate(sheets):
        parts[f"xl/worksheets/sheet{i + 1}.xml"] = xml
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
        rels.append(
            f'<Relationship Id="rIdS" Type="{kind}/sharedStrings" Target="sharedStrings.xml"/>'
        )
    if styles is not None:
        parts["xl/styles.xml"] = styles.replace(MAIN, main)
        rels.append(f'<Relationship Id="rIdY" Type="{kind}/styles" Target="styles.xml"/>')
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>'
    )
    parts.update(extra_parts or {})
    return zip_parts(parts, compression)


def zip_parts(parts: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as package:
        for name, data in parts.items():
            package.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


def replace_part(data: bytes, name: str, new: bytes) -> bytes:
    """The same package with one part's bytes replaced (e.g. cut in half)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {i.filename: package.read(i.filename) for i in package.infolist()}
    parts[name] = new
    return zip_parts(parts)


def read_part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name)


def ole2(streams: list[str]) -> bytes:
    """The start of an OLE2 compound file ([MS-CFB]) whose directory names `streams`; enough
    for a reader that must recognise the kind (an .xls, or an encrypted .xlsx), not parse it."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = b"".join(s.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64 for s in streams)
    return header + directory + b"\x00" * 1024
