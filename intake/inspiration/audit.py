"""The audit log's labels and sentences for the inspiration sheet pages
(intake/staff/inspiration_views.py), added to intake/staff/audit_text.py when the staff
blueprint is registered.

Entries keep the sheet's title and focus area in their details (a sheet is a published
document, not personal data), so a deleted sheet is still named in the log.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake.goals.models import FocusArea

LABELS = {
    "inspiration.create": _l("Inspirationsark oprettet"),
    "inspiration.update": _l("Inspirationsark rettet"),
    "inspiration.publish": _l("Inspirationsark offentliggjort"),
    "inspiration.unpublish": _l("Inspirationsark taget af siden"),
    "inspiration.delete": _l("Inspirationsark slettet"),
}


def _area(value) -> str:
    try:
        return FocusArea(value).label
    except ValueError:
        return str(value or "")


def describe(entry, d: dict) -> str:
    sheet, area = f"«{d['title']}»", _area(d.get("area"))
    texts = {
        "inspiration.create": lambda: _(
            "Oprettede inspirationsarket %(sheet)s (%(area)s); det er ikke offentliggjort endnu",
            sheet=sheet, area=area),
        "inspiration.update": lambda: (
            _("Rettede inspirationsarket %(sheet)s (%(area)s) og erstattede PDF-filen",
              sheet=sheet, area=area) if d.get("file") else
            _("Rettede inspirationsarket %(sheet)s (%(area)s)", sheet=sheet, area=area)),
        "inspiration.publish": lambda: _(
            "Offentliggjorde inspirationsarket %(sheet)s under %(area)s", sheet=sheet, area=area),
        "inspiration.unpublish": lambda: _(
            "Tog inspirationsarket %(sheet)s (%(area)s) af den offentlige side",
            sheet=sheet, area=area),
        "inspiration.delete": lambda: _(
            "Slettede inspirationsarket %(sheet)s (%(area)s) og dets PDF-fil",
            sheet=sheet, area=area),
    }
    return texts[entry.action]()
