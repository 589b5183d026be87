"""Readers for a form's sections: occasions, capacity, eligibility, mail, notify, privacy."""

from __future__ import annotations

from typing import Any

from jinja2 import TemplateSyntaxError, meta

from intake.formdefs import values as read
from intake.formdefs.schema import (
    Capacity,
    Eligibility,
    FieldDef,
    MailTemplate,
    Occasion,
    OccasionRule,
    Privacy,
    Text,
)
from intake.formdefs.templating import MAIL_ENV, TEMPLATE_GLOBALS
from intake.formdefs.types import REGISTRY
from intake.formdefs.values import Problems

WEEKDAYS = {
    "mandag": 0,
    "tirsdag": 1,
    "onsdag": 2,
    "torsdag": 3,
    "fredag": 4,
    "lørdag": 5,
    "søndag": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
ORDINALS = {"første": 1, "anden": 2, "tredje": 3, "fjerde": 4, "sidste": -1}
PRIVACY_KEYS = ("controller", "purpose", "legal_basis", "retention", "rights", "contact")


def occasions(raw: Any, p: Problems) -> tuple[list[Occasion], OccasionRule | None]:
    if raw is None:
        return [], None
    if isinstance(raw, dict) and "every_month" in raw:
        return [], monthly_rule(raw["every_month"], p)
    if not isinstance(raw, list) or not raw:
        p.add(None, "'occasions' skal være en liste af datoer eller 'every_month:'")
        return [], None
    result = []
    for index, item in enumerate(raw, start=1):
        where = f"occasions nr. {index}"
        if not isinstance(item, dict):
            p.add(None, f"{where}: skal have date, start, end og place")
            continue
        read.unknown_keys(item, {"date", "start", "end", "place", "capacity"}, where, p)
        day = read.read_date(item.get("date"), where, p)
        start, end = (
            read.clock_time(item.get("start"), where, p),
            read.clock_time(item.get("end"), where, p),
        )
        starts = read.local_moment(day, start, where, p) if day and start and end else None
        ends = read.local_moment(day, end, where, p) if starts else None
        if starts and ends:
            if ends <= starts:
                p.add(None, f"{where}: 'end' skal ligge efter 'start'")
            result.append(Occasion(
                key=day.isoformat(), starts_at=starts, ends_at=ends,
                place=read.text(item.get("place"), where, p, required=True) or Text(""),
                capacity=read.positive_int(item.get("capacity"), f"{where}: capacity", p),
            ))
    if len({o.key for o in result}) != len(result):
        p.add(None, "'occasions' har den samme dato to gange")
    return result, None


def monthly_rule(raw: Any, p: Problems) -> OccasionRule | None:
    where = "occasions: every_month"
    if not isinstance(raw, dict):
        p.add(None, f"{where}: skal have weekday, nth, start, end, count og place")
        return None
    read.unknown_keys(raw, {"weekday", "nth", "start", "end", "count", "place", "capacity", "skip",
                            "skip_holidays"}, where, p)
    weekday = WEEKDAYS.get(str(raw.get("weekday", "")).lower())
    if weekday is None:
        p.add(None, f"{where}: 'weekday' skal være en ugedag, fx fredag")
    nth = raw.get("nth", 1)
    nth = ORDINALS.get(str(nth).lower(), nth)
    if nth not in (1, 2, 3, 4, -1):
        p.add(None, f"{where}: 'nth' skal være 1-4, første … fjerde eller sidste")
    start, end = (
        read.clock_time(raw.get("start"), where, p),
        read.clock_time(raw.get("end"), where, p),
    )
    if start and end and end <= start:
        p.add(None, f"{where}: 'end' skal ligge efter 'start'")
    count = raw.get("count", 6)
    if not isinstance(count, int) or not 1 <= count <= 24:
        p.add(None, f"{where}: 'count' skal være et tal fra 1 til 24")
    skip = tuple(
        d for d in (read.read_date(s, f"{where}: skip", p) for s in raw.get("skip") or []) if d
    )
    if weekday is None or start is None or end is None:
        return None
    return OccasionRule(
        weekday=weekday, nth=nth, start=start.strftime("%H:%M"), end=end.strftime("%H:%M"),
        count=count if isinstance(count, int) else 6,
        place=read.text(raw.get("place"), where, p, required=True) or Text(""),
        capacity=read.positive_int(raw.get("capacity"), f"{where}: capacity", p), skip=skip,
        skip_holidays=_skip_holidays(raw.get("skip_holidays", True), where, p),
    )


def _skip_holidays(raw: Any, where: str, p: Problems) -> bool:
    if not isinstance(raw, bool):
        p.add(None, f"{where}: 'skip_holidays' skal være true eller false, ikke {raw!r}")
        return True
    return raw


def capacity(raw: Any, keys: dict[str, FieldDef], fields, p: Problems) -> Capacity | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        p.add(None, "'capacity' skal have 'per' og 'seats'")
        return None
    read.unknown_keys(raw, {"per", "field", "seats", "people", "waiting_list"}, "capacity", p)
    per = raw.get("per", "form")
    if per not in ("form", "option", "occasion"):
        p.add(None, "capacity: 'per' skal være form, option eller occasion")
    field = raw.get("field")
    if per == "option":
        target = keys.get(field)
        if target is None or REGISTRY[target.type].value != "code" or not target.options:
            p.add(None, f"capacity: 'field' skal nævne et choice-felt, ikke '{field}'")
    if per == "occasion" and not any(REGISTRY[f.type].books_occasions for f in fields):
        p.add(None, "capacity: per occasion kræver et felt af typen occasion")
    people = raw.get("people")
    if people is not None and (keys.get(people) is None or not REGISTRY[keys[people].type].rows):
        p.add(None, f"capacity: 'people' skal nævne et repeat-felt, ikke '{people}'")
    return Capacity(
        count_by=per,
        field=field,
        limit=read.positive_int(raw.get("seats"), "capacity: seats", p),
        people_field=people,
        waiting_list=read.flag(raw.get("waiting_list"), "capacity: waiting_list", p),
    )


def eligibility(raw: Any, keys: dict[str, FieldDef], p: Problems) -> list[Eligibility]:
    rules = []
    for index, item in enumerate(raw or [], start=1):
        where = f"eligibility nr. {index}"
        if not isinstance(item, dict) or item.get("field") not in keys:
            p.add(None, f"{where}: 'field' skal nævne et felt i formularen")
            continue
        read.unknown_keys(
            item, {"field", "in", "younger_than_years", "at", "unless", "message"}, where, p
        )
        message = read.text(item.get("message"), where, p, required=True) or Text("")
        unless = read.condition(item.get("unless"), where, p)
        for name in unless.fields() if unless else []:
            if name not in keys:
                p.add(None, f"{where}: 'unless' nævner feltet '{name}', som ikke findes")
        if "in" in item:
            values = item["in"] if isinstance(item["in"], list) else []
            if not values:
                p.add(None, f"{where}: 'in' skal være en liste med mindst én værdi")
            rules.append(
                Eligibility(
                    "in_list", item["field"], message, tuple(str(v) for v in values), unless=unless
                )
            )
        elif "younger_than_years" in item:
            years = item["younger_than_years"]
            if not isinstance(years, int) or years < 1:
                p.add(None, f"{where}: 'younger_than_years' skal være et helt tal")
            if REGISTRY[keys[item["field"]].type].value != "date":
                p.add(None, f"{where}: 'younger_than_years' kræver et datofelt")
            at = str(item.get("at", "occasions"))
            if at not in ("occasions", "today"):
                p.add(
                    None,
                    f"{where}: 'at' skal være occasions (de valgte datoer) eller today, "
                    f"ikke {at!r}",
                )
            rules.append(
                Eligibility(
                    "younger_than_years",
                    item["field"],
                    message,
                    years=years,
                    relative_to=at,
                    unless=unless,
                )
            )
        else:
            p.add(None, f"{where}: reglen skal have 'in' eller 'younger_than_years'")
    return rules


def confirmation(raw: Any, keys: dict[str, FieldDef], p: Problems) -> MailTemplate | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not raw.get("subject") or not raw.get("body"):
        p.add(None, "'confirmation' skal have 'subject' og 'body'")
        return None
    read.unknown_keys(raw, {"subject", "body"}, "confirmation", p)
    texts = {}
    for part in ("subject", "body"):
        text = read.text(raw[part], f"confirmation: {part}", p, required=True)
        texts[part] = text or Text("")
        for language, source in (
            ("da", text.da if text else ""),
            ("en", text.en if text else None),
        ):
            if source:
                check_template(source, f"confirmation: {part} ({language})", keys, p)
    return MailTemplate(subject=texts["subject"], body=texts["body"])


def check_template(source: str, where: str, keys: dict[str, FieldDef], p: Problems) -> None:
    try:
        names = meta.find_undeclared_variables(MAIL_ENV.parse(source))
    except TemplateSyntaxError as error:
        p.add(None, f"{where}: skabelonen har en fejl på linje {error.lineno}: {error.message}")
        return
    for name in sorted(names - keys.keys() - TEMPLATE_GLOBALS):
        p.add(None, f"{where}: '{{{{ {name} }}}}' er hverken et felt eller en kendt værdi")


def notify(raw: Any, p: Problems) -> list[str]:
    """Staff addresses, checked by the check the mail transport uses (outbox.addresses), so
    an address that passes here is one intake can send to. One address may stand alone."""
    from intake.outbox.addresses import NEEDS_SMTPUTF8, UndeliverableAddress, deliverable

    if isinstance(raw, str):
        raw = [raw]
    if raw is not None and not isinstance(raw, list):
        p.add(None, "notify: skal være en liste af e-mailadresser")
        return []
    result = []
    for address in raw or []:
        try:
            result.append(deliverable(str(address)))
        except UndeliverableAddress as error:
            why = " (æ, ø, å eller andre specialtegn før @ kan intake ikke sende til)" \
                if error.message is NEEDS_SMTPUTF8 else ""
            p.add(None, f"notify: '{address}' er ikke en gyldig e-mailadresse{why}")
    return result


def privacy(raw: Any, p: Problems, required: bool) -> Privacy | None:
    if raw is None:
        if required:
            p.add(None, "'privacy' mangler (GDPR art. 13: " + ", ".join(PRIVACY_KEYS) + ")")
        return None
    if not isinstance(raw, dict):
        p.add(None, "'privacy' skal have " + ", ".join(PRIVACY_KEYS))
        return None
    read.unknown_keys(raw, set(PRIVACY_KEYS), "privacy", p)
    texts = {
        key: read.text(raw.get(key), f"privacy: {key}", p, required=True) for key in PRIVACY_KEYS
    }
    if any(value is None for value in texts.values()):
        return None
    return Privacy(**texts)
