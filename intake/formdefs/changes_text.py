"""How a definition's values read in the sentences of intake.formdefs.changes.

Values come from a definition mapping (YAML or the store's JSON); texts are Danish msgids,
shown in the current language.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from babel import dates as babel_dates
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake.formdefs.types import REGISTRY
from intake.i18n import date_pattern

SETTING_LABELS = {
    "slug": _l("Adresse (slug)"),
    "kind": _l("Slags formular"),
    "title": _l("Titel"),
    "intro": _l("Indledning"),
    "listed": _l("Vist på forsiden"),
    "eligibility": _l("Hvem må tilmelde sig"),
    "confirmation": _l("Bekræftelsesmail"),
    "notify": _l("Besked til personalet"),
    "retention_days": _l("Opbevaring i dage"),
    "archive": _l("Arkiveret"),
    "privacy": _l("Privatlivsoplysninger"),
    "identity_field": _l("Felt med personens e-mail"),
}
PART_LABELS = {
    "subject": _l("emne"),
    "body": _l("tekst"),
    "controller": _l("dataansvarlig"),
    "purpose": _l("formål"),
    "legal_basis": _l("retsgrundlag"),
    "retention": _l("opbevaring"),
    "rights": _l("rettigheder"),
    "contact": _l("kontakt"),
    "per": _l("pladser pr."),
    "field": _l("felt"),
    "seats": _l("antal pladser"),
    "people": _l("tæl personer i"),
    "waiting_list": _l("venteliste"),
    "weekday": _l("ugedag"),
    "nth": _l("hvilken i måneden"),
    "start": _l("start"),
    "end": _l("slut"),
    "count": _l("antal datoer"),
    "place": _l("sted"),
    "capacity": _l("pladser"),
    "skip": _l("springes over"),
    "skip_holidays": _l("spring helligdage over"),
    "description": _l("beskrivelse"),
    "group": _l("gruppe"),
    "show_if": _l("vis kun hvis"),
}


SHORT = 80  # characters of a long text shown in a sentence


def normalize(value: Any) -> Any:
    """The same definition read from YAML or from JSON compares equal: dates as ISO text,
    a text without English as its Danish string."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        value = {str(k): normalize(v) for k, v in value.items()}
        if set(value) <= {"da", "en"} and isinstance(value.get("da"), str):
            return value["da"] if not value.get("en") else value
        return value
    if isinstance(value, list | tuple):
        return [normalize(v) for v in value]
    return value


def show(value: Any) -> str:
    """A value as a short reader's text in «»: a text's Danish version, ja/nej, lists joined."""
    if value is None or value == "" or value == []:
        return _("(intet)")
    text = " ".join(plain(value).split())
    return f"«{text[:SHORT]}…»" if len(text) > SHORT else f"«{text}»"


def plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, dict) and "da" in value:
        return str(value["da"])
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(plain(v) for v in value)
    return str(value)


def pair(old: Any, new: Any) -> tuple[str, str]:
    """The two values shown; a text whose Danish stayed shows its English, marked so."""
    if isinstance(old, dict | str) and isinstance(new, dict | str):
        da_old = old.get("da") if isinstance(old, dict) else old
        da_new = new.get("da") if isinstance(new, dict) else new
        if da_old == da_new and (isinstance(old, dict) or isinstance(new, dict)):
            en_old = old.get("en") if isinstance(old, dict) else None
            en_new = new.get("en") if isinstance(new, dict) else None
            english = _("(engelsk)")
            return f"{show(en_old)} {english}", f"{show(en_new)} {english}"
    return show(old), show(new)


def show_moment(value: Any) -> str:
    """ "1. januar 2026 kl. 00.00" for a stored "2026-01-01 00:00"; other text as it is."""
    if value is None:
        return _("(intet)")
    try:
        return _format_wall(datetime.strptime(str(value), "%Y-%m-%d %H:%M"))
    except ValueError:
        return show_day(value)


def show_day(value: Any) -> str:
    try:
        return format_date(date.fromisoformat(str(value)), date_pattern("d. MMMM y"))
    except ValueError:
        return show(value)


def _format_wall(moment: datetime) -> str:
    # A wall-clock time in Copenhagen as written in the form; shown without any conversion
    # (as UTC in and out), in the reader's language like every other time.
    return babel_dates.format_datetime(
        moment.replace(tzinfo=UTC), date_pattern("d. MMMM y 'kl.' HH.mm"), tzinfo=UTC,
        locale=get_locale())


def when_label(key: str) -> str:
    return _("Åbner") if key == "opens" else _("Lukker")


def setting_order(key: str) -> tuple[int, str]:
    order = list(SETTING_LABELS)
    return (order.index(key) if key in order else len(order), key)


def as_list(value: Any) -> list:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def label_of(item: dict) -> str:
    label = item.get("label") or item.get("text") or item.get("key")
    return str(label.get("da") if isinstance(label, dict) else label)


def field_name(item: dict) -> str:
    return f"«{label_of(item)}» ({item.get('key')})"


def type_label(name: Any) -> str:
    ftype = REGISTRY.get(name)
    return f"«{ftype.label.da if ftype else name}»"


def prop_label(type_name: Any, prop: str) -> str:
    ftype = REGISTRY.get(type_name)
    described = ftype.property(prop) if ftype is not None else None
    return f"«{described.label.da if described else prop}»"


def option_name(option: dict) -> str:
    return f"«{label_of(option)}» ({option.get('code')})"
