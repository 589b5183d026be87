"""Real files of every kind the `file` field accepts, made with the libraries at hand."""

from __future__ import annotations

import io

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("Handlingsplan for det gode arbejdsliv")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Mål"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def image(kind: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 160)).save(out, format=kind.upper())
    return out.getvalue()


def made(kind: str) -> bytes:
    return {"pdf": lambda: PDF, "docx": docx, "xlsx": xlsx, "png": lambda: image("png"),
            "jpeg": lambda: image("jpeg")}[kind]()
