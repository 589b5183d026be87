"""What a file is, by its content; which names are kept (intake/files/checks.py)."""

from __future__ import annotations

import io
import zipfile

import pytest

from intake.files.checks import Refused, clean_name, detect, named_for
from tests.support.files import made


@pytest.mark.parametrize("kind", ["pdf", "docx", "xlsx", "png", "jpeg"])
def test_each_kind_is_told_by_its_content(kind):
    assert detect(made(kind)) == kind


def _zip(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_WORD = "application/vnd.ms-word.document.macroEnabled.main+xml"


@pytest.mark.parametrize("data", [
    b"", b"%PDF", b"GIF89a....", b"<html><script>alert(1)</script>", b"MZ\x90\x00",
    b"PK\x03\x04 not really a zip",
    _zip({"word/document.xml": "<w/>"}),  # no [Content_Types].xml
    _zip({"[Content_Types].xml": f'<Types><Override ContentType="{WORD}"/></Types>'}),  # no part
    _zip({"[Content_Types].xml": f'<Types><Override ContentType="{MACRO_WORD}"/></Types>',
          "word/document.xml": "<w/>"}),  # a .docm
    b" %PDF-1.4",  # the header must come first
])
def test_anything_else_is_no_kind(data):
    assert detect(data) is None


def test_a_docx_declares_and_holds_its_main_part():
    data = _zip({"[Content_Types].xml": f'<Types><Override ContentType="{WORD}"/></Types>',
                 "word/document.xml": "<w/>"})
    assert detect(data) == "docx"


@pytest.mark.parametrize("raw,kept", [
    ("Handlingsplan 2027.pdf", "Handlingsplan 2027.pdf"),
    ("  møde   12.3.2026.pdf ", "møde 12.3.2026.pdf"),
    ("Ærø.pdf", "Ærø.pdf"),
    ("rapport.v2.docx", "rapport.v2.docx"),
])
def test_ordinary_names_are_kept(raw, kept):
    assert clean_name(raw) == kept


def test_a_name_in_nfd_is_kept_in_nfc():
    assert clean_name("A\u030arhus.pdf") == "\u00c5rhus.pdf"


@pytest.mark.parametrize("raw,start", [
    ("", "Filen har intet navn"),
    ("   ", "Filen har intet navn"),
    ("../x.pdf", "Filnavnet må ikke indeholde mapper"),
    ("..\\x.pdf", "Filnavnet må ikke indeholde mapper"),
    ("C:\\Users\\anne\\x.pdf", "Filnavnet må ikke indeholde mapper"),
    ("/etc/passwd", "Filnavnet må ikke indeholde mapper"),
    ("..", "Filnavnet må ikke indeholde mapper"),
    ("x\x00.pdf", "Filnavnet indeholder usynlige styretegn"),
    ("x\n.pdf", "Filnavnet indeholder usynlige styretegn"),
    ("fil\u202efdp.exe", "Filnavnet indeholder usynlige styretegn"),
    ("rapport.pdf.exe", "Filnavnet har en endelse"),
    ("a.php.pdf", "Filnavnet har en endelse"),
    ("a.PHP.pdf", "Filnavnet har en endelse"),
    ("billede.svg", "Filnavnet har en endelse"),
    (".htaccess", "Filnavnet må ikke begynde med et punktum"),
    ("x" * 121, "Filnavnet er for langt (højst 120 tegn)"),
])
def test_hostile_names_are_refused_in_danish(raw, start):
    with pytest.raises(Refused) as refused:
        clean_name(raw)
    assert str(refused.value).startswith(start)


def test_the_ending_follows_the_content():
    assert named_for("plan", "pdf") == "plan.pdf"
    assert named_for("møde 12.3.2026", "pdf") == "møde 12.3.2026.pdf"
    assert named_for("foto.JPEG", "jpeg") == "foto.JPEG"
    with pytest.raises(Refused, match=r"endelsen \.png \(indholdet er PDF\)"):
        named_for("plan.png", "pdf")

