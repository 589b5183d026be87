"""The audit log's label and sentence for withdrawing a consent on a person's request
(intake/staff/consent_views.py), added to intake/staff/audit_text.py when the staff blueprint
is registered. The entry names the sign-up and how many consents were withdrawn, never the
address."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

LABELS = {
    "consent.withdraw": _l("Samtykke til nyheder trukket tilbage"),
}


def describe(entry, d: dict) -> str:
    reference = (entry.target or "").removeprefix("signup:")
    return _("Trak %(n)s samtykke(r) til nyheder tilbage på anmodning fra personen bag "
             "tilmelding %(ref)s", n=d.get("withdrawn", 0), ref=reference)
