"""The editor's audit entries in Danish: a short label (the log's filter) and one sentence
each, added to intake/staff/audit_text.py's tables when the editor is imported, so the
editor's actions are read out like every other ("Offentliggjorde version 2 af skemaet …").
Targets are "form:<slug>"; details name the field, section or version."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake.staff import audit_text

LABELS = {
    "form.create": _l("Skema oprettet"),
    "form.field_add": _l("Felt tilføjet"),
    "form.field_edit": _l("Felt rettet"),
    "form.field_remove": _l("Felt fjernet"),
    "form.settings": _l("Skemaets indstillinger rettet"),
    "form.publish": _l("Skema offentliggjort"),
    "form.restore": _l("Version gendannet som kladde"),
    "form.close": _l("Skema lukket"),
    "form.reopen": _l("Skema åbnet igen"),
    "form.preview_signup": _l("Prøvetilmelding i forhåndsvisning"),
}


def _slug(entry) -> str:
    target = entry.target or ""
    return target[len("form:") :] if target.startswith("form:") else target


def _create(entry, d: dict) -> str:
    if d.get("from"):
        return _(
            "Oprettede skemaet %(slug)s som kopi af %(source)s", slug=_slug(entry), source=d["from"]
        )
    return _("Oprettede skemaet %(slug)s", slug=_slug(entry))


def _publish(entry, d: dict) -> str:
    text = _("Offentliggjorde version %(n)s af skemaet %(slug)s", n=d["version"], slug=_slug(entry))
    if d.get("told"):
        text += "; " + _("%(n)s tilmeldte fik en opdateret kalenderinvitation", n=d["told"])
    return text


SENTENCES = {
    "form.create": _create,
    "form.field_add": lambda e, d: _(
        "Tilføjede feltet %(field)s til skemaet %(slug)s", field=d["field"], slug=_slug(e)
    ),
    "form.field_edit": lambda e, d: _(
        "Rettede feltet %(field)s i skemaet %(slug)s", field=d["field"], slug=_slug(e)
    ),
    "form.field_remove": lambda e, d: _(
        "Fjernede feltet %(field)s fra skemaet %(slug)s", field=d["field"], slug=_slug(e)
    ),
    "form.settings": lambda e, d: _(
        "Rettede indstillingerne (%(section)s) i skemaet %(slug)s",
        section=d["section"],
        slug=_slug(e),
    ),
    "form.publish": _publish,
    "form.restore": lambda e, d: _(
        "Gendannede version %(n)s af skemaet %(slug)s som kladde", n=d["version"], slug=_slug(e)
    ),
    "form.close": lambda e, d: _("Lukkede skemaet %(slug)s", slug=_slug(e)),
    "form.reopen": lambda e, d: _("Åbnede skemaet %(slug)s igen", slug=_slug(e)),
    "form.preview_signup": lambda e, d: _(
        "Sendte en prøvetilmelding i forhåndsvisningen af %(slug)s", slug=_slug(e)
    ),
}


def register() -> None:
    for code, label in LABELS.items():
        audit_text.ACTIONS.setdefault(code, label)
    for code, sentence in SENTENCES.items():
        audit_text.DESCRIBERS.setdefault(code, sentence)
