"""The audit log's labels and sentences for the group pages (intake/staff/group_views.py),
added to intake/staff/audit_text.py when the staff blueprint is registered."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake.goals.models import FocusArea

LABELS = {
    "group.approval": _l("Godkendelse slået til eller fra"),
    "signup.approve": _l("Tilmelding godkendt"),
    "signup.decline": _l("Tilmelding afvist"),
    "group.end_membership": _l("Medlemskab afsluttet"),
    "group.roster_xlsx": _l("Deltagerliste hentet"),
}


def _group(value) -> str:
    try:
        return FocusArea(value).label
    except ValueError:
        return str(value or "")


def describe(entry, d: dict) -> str:
    group = _group(d.get("area"))
    reference = (entry.target or "").removeprefix("signup:")
    texts = {
        "group.approval": lambda: (
            _("Slog godkendelse af nye tilmeldinger til i %(group)s", group=group)
            if d.get("required") else
            _("Slog godkendelse af nye tilmeldinger fra i %(group)s", group=group)),
        "signup.approve": lambda: (
            _("Godkendte tilmelding %(ref)s til %(group)s; personen fik en plads",
              ref=reference, group=group)
            if d.get("status") == "confirmed" else
            _("Godkendte tilmelding %(ref)s til %(group)s; personen kom på ventelisten",
              ref=reference, group=group)),
        "signup.decline": lambda: _(
            "Afviste tilmelding %(ref)s til %(group)s", ref=reference, group=group),
        "group.end_membership": lambda: _(
            "Afsluttede medlemskab %(ref)s i %(group)s; %(n)d rykket op fra ventelisten",
            ref=reference, group=group, n=len(d.get("promoted") or [])),
        "group.roster_xlsx": lambda: _("Hentede deltagerlisten for %(group)s som regneark",
                                       group=group),
    }
    return texts[entry.action]()
