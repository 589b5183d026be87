"""The workbook of current news consents for staff ("samtykker.xlsx"): who may get news, with
the filters a sending uses, and where, when and in which words each consent was given (GDPR
art. 7(1): the controller can show the consent). One row per address, as a sending reaches
them (`intake.consents.service.current`), newest consent first."""

from __future__ import annotations

import io

from intake.exports.cells import Column
from intake.exports.xlsx import WorkbookWriter
from intake.invitations.form_mails import form_title
from intake.news import service

COLUMNS = (
    Column("Navn", width=24),
    Column("E-mail", width=30),
    Column("Fokusområder", width=30),
    Column("Branche", width=20),
    Column("Skema", width=24),
    Column("Givet", "datetime"),
    Column("Sprog"),
    Column("Ordlyd", width=40),
)


def rows() -> list[list]:
    """One list per current consent, in `COLUMNS` order (datetimes aware)."""
    return [
        [consent.name, consent.email, ", ".join(service.area_labels(consent.focus_areas)),
         consent.trade, form_title(consent.form_slug), consent.given_at,
         "Engelsk" if consent.lang == "en" else "Dansk", consent.wording]
        for consent in service.recipients()
    ]


def workbook() -> bytes:
    """The .xlsx file (bytes), one sheet "Ja tak til nyheder"."""
    target = io.BytesIO()
    with WorkbookWriter(target, title="Ja tak til nyheder") as book:
        book.write_sheet("Ja tak til nyheder", COLUMNS, rows())
    return target.getvalue()
