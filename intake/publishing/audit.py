"""The audit log's labels and sentences for publishing a round (intake/staff/publish_views.py),
added to intake/staff/audit_text.py when the staff blueprint is registered. A round is named
by its title, read now; a deleted one by its number."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake.extensions import db

LABELS = {
    "publication.save": _l("Offentliggørelse gemt som kladde"),
    "publication.publish": _l("Status offentliggjort"),
    "publication.withdraw": _l("Offentliggørelse trukket tilbage"),
}


def _round(target: str | None) -> str:
    from intake.rounds.models import Round

    round_id = (target or "").removeprefix("round:")
    found = db.session.get(Round, int(round_id)) if round_id.isdigit() else None
    return f"«{found.title}»" if found else _("nr. %(id)s", id=round_id)


def describe(entry, d: dict) -> str:
    title = _round(entry.target)
    texts = {
        "publication.save": lambda: _(
            "Gemte offentliggørelsen af runden %(round)s som kladde", round=title),
        "publication.publish": lambda: _(
            "Offentliggjorde status for %(n)s mål fra runden %(round)s på den offentlige side",
            n=d.get("goals", 0), round=title),
        "publication.withdraw": lambda: _(
            "Trak offentliggørelsen af runden %(round)s tilbage fra den offentlige side",
            round=title),
    }
    return texts[entry.action]()
