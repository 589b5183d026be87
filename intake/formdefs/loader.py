"""Reads forms/*.yaml into FormDefs and reports every mistake in one run.

Messages are in Danish because the people who edit these files are staff, not developers.
Each problem names the file and, where it has one, the field.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import yaml
from jinja2 import TemplateSyntaxError, meta

from intake.clock import LOCAL
from intake.formdefs import fields as field_types
from intake.formdefs.schema import (
    Capacity,
    Condition,
    Eligibility,
    FieldDef,
    FormDef,
    MailTemplate,
    Occasion,
    OccasionRule,
    Option,
    Privacy,
    Text,
)
from intake.formdefs.templating import MAIL_ENV, TEMPLATE_GLOBALS

FORM_KEYS = {
    "slug", "version", "kind", "title", "intro", "opens", "closes", "capacity", "eligibility",
    "confirmation", "notify", "retention_days", "archive", "privacy", "occasions", "identity_field", "fields",
    "goal_fields",
}
FIELD_KEYS = {
    "key", "type", "label", "help", "required", "required_message", "required_if", "show_if",
    "min_length", "max_length", "pattern", "pattern_message", "default", "prefill", "min", "max",
    "options", "widget", "autocomplete", "fields", "text", "multiple",
}
OPTION_KEYS = {"code", "label", "description", "group", "capacity", "show_if"}
WEEKDAYS = {
    "mandag": 0, "tirsdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lørdag": 5, "søndag": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
ORDINALS = {"første": 1, "anden": 2, "tredje": 3, "fjerde": 4, "sidste": -1}
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,48}$")
PRIVACY_KEYS = ("controller", "purpose", "legal_basis", "retention", "rights", "contact")
RESERVED_KEYS = TEMPLATE_GLOBALS | {"hp_website", "submission_key", "csrf_token"}
GOAL_BLOCK = "goal_fields."  # the `parent` of a follow-up's per-goal fields


class _Loader(yaml.SafeLoader):
    """SafeLoader, except that an impossible date (2026-02-30) stays text.

    PyYAML raises a bare ValueError for such a date, which would stop the whole file; as
    text it reaches the checks below, which name the field and keep reporting.
    """


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _flag(raw: Any, where: str, p: Problems, default: bool = False) -> bool:
    """true/false (or ja/nej); anything else is a mistake, never silently true."""
    if raw is None:
        return default
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("ja", "true", "yes"):
        return True
    if text in ("nej", "false", "no"):
        return False
    p.add(None, f"{where}: skal være true eller false (ja/nej), ikke {raw!r}")
    return default


def _unknown(raw: dict, allowed: set[str], where: str, p: Problems) -> None:
    for key in sorted(raw.keys() - allowed):
        p.add(None, f"{where}: ukendt nøgle '{key}'")


class Problems:
    def __init__(self, path: Path):
        self.path = path
        self.items: list[str] = []

    def add(self, where: str | None, message: str) -> None:
        prefix = f"{self.path.name}: " + (f"{where}: " if where else "")
        self.items.append(prefix + message)


def load_file(path: Path) -> tuple[FormDef | None, list[str]]:
    problems = Problems(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (safe subclass)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"linje {mark.line + 1}: " if mark else ""
        problems.add(None, f"{line}filen er ikke gyldig YAML ({getattr(error, 'problem', error)})")
        return None, problems.items
    except UnicodeDecodeError:
        problems.add(None, "filen skal være gemt som UTF-8")
        return None, problems.items
    if not isinstance(raw, dict):
        problems.add(None, "filen skal indeholde en formular (nøgler som slug, title og fields)")
        return None, problems.items
    form = _form(raw, problems)
    return (form if not problems.items else None), problems.items


def _form(raw: dict, p: Problems) -> FormDef | None:
    for key in raw.keys() - FORM_KEYS:
        p.add(None, f"ukendt nøgle '{key}'")
    slug = str(raw.get("slug", ""))
    if not SLUG_RE.match(slug):
        p.add(None, "'slug' skal være små bogstaver, tal og bindestreger, fx netvaerksmesse")
    version = raw.get("version", 1)
    if not isinstance(version, int) or version < 1:
        p.add(None, "'version' skal være et helt tal fra 1")
        version = 1
    kind = raw.get("kind", "signup")
    if kind not in ("signup", "followup"):
        p.add(None, "'kind' skal være signup eller followup")
    title = _text(raw.get("title"), "title", p, required=True)
    if kind == "followup" and raw.get("fields") is None:
        fields = []  # a follow-up may consist of the goal blocks alone
    else:
        fields = _fields(raw.get("fields"), p, "")
    goal_fields = _goal_fields(raw.get("goal_fields"), kind, p)
    keys = _collect_keys(fields)
    occasions, rule = _occasions(raw.get("occasions"), p)
    form = FormDef(
        slug=slug, version=version, kind=kind, title=title or Text(""),
        intro=_text(raw.get("intro"), "intro", p), fields=tuple(fields), path=str(p.path),
        opens_at=_moment(raw.get("opens"), "opens", p), closes_at=_moment(raw.get("closes"), "closes", p),
        capacity=_capacity(raw.get("capacity"), keys, fields, p),
        eligibility=tuple(_eligibility(raw.get("eligibility"), keys, p)),
        confirmation=_confirmation(raw.get("confirmation"), keys, p),
        notify=tuple(_notify(raw.get("notify"), p)),
        retention_days=_positive_int(raw.get("retention_days"), "retention_days", p),
        archive=_flag(raw.get("archive"), "archive", p),
        privacy=_privacy(raw.get("privacy"), p, required=kind == "signup"),
        occasions=tuple(occasions), occasion_rule=rule,
        identity_field=raw.get("identity_field") or next((f.key for f in fields if f.type == "email"), None),
        goal_fields=tuple(goal_fields),
    )
    if form.opens_at and form.closes_at and form.opens_at >= form.closes_at:
        p.add(None, "'closes' skal ligge efter 'opens'")
    if form.identity_field and form.identity_field not in keys:
        p.add(None, f"'identity_field' nævner feltet '{form.identity_field}', som ikke findes")
    _check_conditions(fields, keys, p)
    if any(f.type == "occasion" for f in fields) and not (occasions or rule):
        p.add(None, "formularen har et 'occasion'-felt, men ingen 'occasions'")
    return form


def _goal_fields(raw: Any, kind: str, p: Problems) -> list[FieldDef]:
    """The per-goal block of a follow-up: its own key space, its conditions stay inside it."""
    if kind != "followup":
        if raw is not None:
            p.add(None, "'goal_fields' kan kun bruges i formularer med kind: followup")
        return []
    if raw is None:
        p.add(None, "en followup-formular skal have 'goal_fields' (spørgsmålene til hvert mål)")
        return []
    fields = _fields(raw, p, GOAL_BLOCK)
    for fdef in fields:
        if fdef.type in ("repeat", "occasion"):
            p.add(f"felt 'goal_fields.{fdef.key}'", f"typen {fdef.type} kan ikke bruges i 'goal_fields'")
    _check_conditions(fields, _collect_keys(fields), p)
    return fields


def _fields(raw: Any, p: Problems, parent: str) -> list[FieldDef]:
    if not isinstance(raw, list) or not raw:
        p.add(parent or None, "'fields' skal være en liste med mindst ét felt")
        return []
    result, seen = [], set()
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            p.add(f"felt nr. {index}", "et felt skal have nøgler som key, type og label")
            continue
        key = str(item.get("key", ""))
        where = f"felt '{parent}{key}'" if key else f"felt nr. {index}"
        if not KEY_RE.match(key):
            p.add(where, "'key' skal være små bogstaver, tal og _ (højst 40 tegn), fx firmanavn")
        if key in seen:
            p.add(where, "nøglen bruges to gange")
        seen.add(key)
        fdef = _field(item, where, p, parent)
        if fdef is not None:
            result.append(fdef)
    return result


def _field(item: dict, where: str, p: Problems, parent: str) -> FieldDef | None:
    for extra in sorted(item.keys() - FIELD_KEYS):
        p.add(where, f"ukendt nøgle '{extra}'")
    # A follow-up's goal block has its own key space (names get a per-goal prefix) and its own
    # show_if/required_if, and never feeds a confirmation template.
    in_goal_block = parent == GOAL_BLOCK
    if not in_goal_block and str(item.get("key", "")) in RESERVED_KEYS:
        p.add(where, f"nøglen '{item.get('key')}' er reserveret til mailskabeloner; vælg et andet navn")
    if parent and not in_goal_block and (item.get("show_if") is not None or item.get("required_if") is not None):
        p.add(where, "show_if og required_if virker ikke på felter inde i en gentagelse ('repeat')")
    type_name = item.get("type")
    ftype = field_types.REGISTRY.get(type_name)
    if ftype is None:
        known = ", ".join(sorted(field_types.REGISTRY))
        p.add(where, f"ukendt type '{type_name}' (kendte typer: {known})")
        return None
    label = _text(item.get("label"), f"{where}: label", p, required=type_name != "info")
    options = tuple(_option(o, where, p) for o in item.get("options") or [] if isinstance(o, dict))
    if item.get("options") is not None and not isinstance(item.get("options"), list):
        p.add(where, "'options' skal være en liste")
    subfields = tuple(_fields(item.get("fields"), p, f"{item.get('key')}.")) if type_name == "repeat" else ()
    minimum, maximum = item.get("min"), item.get("max")
    if type_name == "date":
        minimum = _date(minimum, f"{where}: min", p) if minimum is not None else None
        maximum = _date(maximum, f"{where}: max", p) if maximum is not None else None
    else:
        for bound, value in (("min", minimum), ("max", maximum)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                p.add(where, f"'{bound}' skal være et helt tal, ikke {value!r}")
        if not (isinstance(minimum, int) or minimum is None):
            minimum = None
        if not (isinstance(maximum, int) or maximum is None):
            maximum = None
    for bound in ("min_length", "max_length"):
        if item.get(bound) is not None and not isinstance(item.get(bound), int):
            p.add(where, f"'{bound}' skal være et helt tal")
    if item.get("pattern"):
        try:
            re.compile(item["pattern"])
        except re.error as error:
            p.add(where, f"'pattern' er ikke et gyldigt mønster ({error})")
    fdef = FieldDef(
        key=str(item.get("key", "")), type=type_name, label=label or Text(""),
        help=_text(item.get("help"), where, p), required=_flag(item.get("required"), f"{where}: required", p),
        required_message=_text(item.get("required_message"), where, p),
        required_if=_condition(item.get("required_if"), where, p),
        show_if=_condition(item.get("show_if"), where, p),
        min_length=item.get("min_length"), max_length=item.get("max_length"),
        pattern=item.get("pattern"), pattern_message=_text(item.get("pattern_message"), where, p),
        default=item.get("default"), prefill=_flag(item.get("prefill"), f"{where}: prefill", p),
        min=minimum, max=maximum, options=options, widget=item.get("widget"),
        autocomplete=item.get("autocomplete"), fields=subfields,
        text=_text(item.get("text"), where, p),
        extra={"multiple": _flag(item.get("multiple"), f"{where}: multiple", p)},
    )
    ftype.check(fdef, lambda message: p.add(where, message))
    return fdef


def _option(raw: dict, where: str, p: Problems) -> Option:
    code = _code(raw.get("code", ""))
    if not code:
        p.add(where, "en svarmulighed mangler 'code'")
    for extra in raw.keys() - OPTION_KEYS:
        p.add(where, f"svarmuligheden '{code}' har en ukendt nøgle '{extra}'")
    return Option(
        code=code, label=_text(raw.get("label"), f"{where}: {code}", p, required=True) or Text(code),
        description=_text(raw.get("description"), where, p), group=_text(raw.get("group"), where, p),
        capacity=_positive_int(raw.get("capacity"), f"{where}: {code}: capacity", p),
        show_if=_condition(raw.get("show_if"), f"{where}: {code}", p),
    )


def _text(raw: Any, where: str, p: Problems, required: bool = False) -> Text | None:
    if raw is None or raw == "":
        if required:
            p.add(None, f"{where}: teksten mangler")
        return None
    if isinstance(raw, str | int | float):
        return Text(str(raw))
    if isinstance(raw, dict) and isinstance(raw.get("da"), str):
        english = raw.get("en")
        return Text(raw["da"], str(english) if english else None)
    p.add(None, f"{where}: en tekst skal være en streng eller have 'da:' (og evt. 'en:')")
    return None


def _condition(raw: Any, where: str, p: Problems) -> Condition | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not raw:
        p.add(where, "'show_if'/'required_if' skal være fx {sektor: erhverv}")
        return None
    terms = []
    for name, values in raw.items():
        values = values if isinstance(values, list) else [values]
        if not values:
            p.add(where, f"betingelsen på '{name}' har ingen værdier")
        terms.append((str(name), frozenset(_code(v) for v in values)))
    return Condition(tuple(terms))


def _code(value: Any) -> str:
    if value is True:
        return "ja"
    if value is False:
        return "nej"
    return str(value)


def _collect_keys(fields: list[FieldDef]) -> dict[str, FieldDef]:
    return {f.key: f for f in fields}


def _check_conditions(fields: list[FieldDef], keys: dict[str, FieldDef], p: Problems) -> None:
    order = {f.key: i for i, f in enumerate(fields)}
    for fdef in fields:
        conditions = [("show_if", fdef.show_if), ("required_if", fdef.required_if)]
        conditions += [(f"show_if på '{o.code}'", o.show_if) for o in fdef.options]
        for label, condition in conditions:
            for name, values in condition.terms if condition else ():
                target = keys.get(name)
                if target is None:
                    p.add(f"felt '{fdef.key}'", f"{label} nævner feltet '{name}', som ikke findes")
                elif name == fdef.key:
                    p.add(f"felt '{fdef.key}'", f"{label} må ikke afhænge af feltet selv")
                elif order[name] > order[fdef.key]:
                    p.add(f"felt '{fdef.key}'", f"{label} nævner '{name}', som står længere nede; flyt det op")
                else:
                    _check_condition_values(fdef, label, target, values, p)


def _check_condition_values(fdef: FieldDef, label: str, target: FieldDef, values, p: Problems) -> None:
    if target.type == "yesno":
        known = {"ja", "nej"}
    elif target.type in ("choice", "multichoice"):
        known = {o.code for o in target.options}
    else:
        return
    for value in sorted(values - known):
        p.add(f"felt '{fdef.key}'", f"{label}: '{target.key}' har ingen svarmulighed '{value}'")


def _moment(raw: Any, where: str, p: Problems) -> datetime | None:
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return raw.replace(tzinfo=LOCAL) if raw.tzinfo is None else raw
    if isinstance(raw, date):
        return datetime.combine(raw, time(0, 0), tzinfo=LOCAL)
    try:
        return datetime.strptime(str(raw).strip(), "%Y-%m-%d %H:%M").replace(tzinfo=LOCAL)
    except ValueError:
        p.add(None, f"'{where}' skal være en dato og tid som 2026-10-08 09:00, ikke {raw!r}")
        return None


def _date(raw: Any, where: str, p: Problems) -> date | None:
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        p.add(None, f"{where}: '{raw}' er ikke en dato som 2026-10-08")
        return None


def _clock(raw: Any, where: str, p: Problems) -> time | None:
    if isinstance(raw, int):  # YAML 1.1 reads 08:30 as a sexagesimal number
        raw = f"{raw // 60:02d}:{raw % 60:02d}"
    try:
        return datetime.strptime(str(raw), "%H:%M").time()
    except ValueError:
        p.add(None, f"{where}: '{raw}' er ikke et klokkeslæt som \"08:30\"")
        return None


def _positive_int(raw: Any, where: str, p: Problems) -> int | None:
    if raw is None:
        return None
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
        p.add(None, f"'{where}' skal være et helt tal, 0 eller derover")
        return None
    return raw


def _occasions(raw: Any, p: Problems) -> tuple[list[Occasion], OccasionRule | None]:
    if raw is None:
        return [], None
    if isinstance(raw, dict) and "every_month" in raw:
        return [], _rule(raw["every_month"], p)
    if not isinstance(raw, list) or not raw:
        p.add(None, "'occasions' skal være en liste af datoer eller 'every_month:'")
        return [], None
    result = []
    for index, item in enumerate(raw, start=1):
        where = f"occasions nr. {index}"
        if not isinstance(item, dict):
            p.add(None, f"{where}: skal have date, start, end og place")
            continue
        _unknown(item, {"date", "start", "end", "place", "capacity"}, where, p)
        day = _date(item.get("date"), where, p)
        start, end = _clock(item.get("start"), where, p), _clock(item.get("end"), where, p)
        if day and start and end:
            starts = datetime.combine(day, start, tzinfo=LOCAL)
            ends = datetime.combine(day, end, tzinfo=LOCAL)
            if ends <= starts:
                p.add(None, f"{where}: 'end' skal ligge efter 'start'")
            result.append(Occasion(
                key=day.isoformat(), starts_at=starts, ends_at=ends,
                place=_text(item.get("place"), where, p, required=True) or Text(""),
                capacity=_positive_int(item.get("capacity"), f"{where}: capacity", p),
            ))
    if len({o.key for o in result}) != len(result):
        p.add(None, "'occasions' har den samme dato to gange")
    return result, None


def _rule(raw: Any, p: Problems) -> OccasionRule | None:
    where = "occasions: every_month"
    if not isinstance(raw, dict):
        p.add(None, f"{where}: skal have weekday, nth, start, end, count og place")
        return None
    _unknown(raw, {"weekday", "nth", "start", "end", "count", "place", "capacity", "skip"}, where, p)
    weekday = WEEKDAYS.get(str(raw.get("weekday", "")).lower())
    if weekday is None:
        p.add(None, f"{where}: 'weekday' skal være en ugedag, fx fredag")
    nth = raw.get("nth", 1)
    nth = ORDINALS.get(str(nth).lower(), nth)
    if nth not in (1, 2, 3, 4, -1):
        p.add(None, f"{where}: 'nth' skal være 1-4, første … fjerde eller sidste")
    start, end = _clock(raw.get("start"), where, p), _clock(raw.get("end"), where, p)
    if start and end and end <= start:
        p.add(None, f"{where}: 'end' skal ligge efter 'start'")
    count = raw.get("count", 6)
    if not isinstance(count, int) or not 1 <= count <= 24:
        p.add(None, f"{where}: 'count' skal være et tal fra 1 til 24")
    skip = tuple(d for d in (_date(s, f"{where}: skip", p) for s in raw.get("skip") or []) if d)
    if weekday is None or start is None or end is None:
        return None
    return OccasionRule(
        weekday=weekday, nth=nth, start=start.strftime("%H:%M"), end=end.strftime("%H:%M"),
        count=count if isinstance(count, int) else 6,
        place=_text(raw.get("place"), where, p, required=True) or Text(""),
        capacity=_positive_int(raw.get("capacity"), f"{where}: capacity", p), skip=skip,
    )


def _capacity(raw: Any, keys: dict[str, FieldDef], fields, p: Problems) -> Capacity | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        p.add(None, "'capacity' skal have 'per' og 'seats'")
        return None
    _unknown(raw, {"per", "field", "seats", "people", "waiting_list"}, "capacity", p)
    per = raw.get("per", "form")
    if per not in ("form", "option", "occasion"):
        p.add(None, "capacity: 'per' skal være form, option eller occasion")
    field = raw.get("field")
    if per == "option":
        target = keys.get(field)
        if target is None or target.type != "choice":
            p.add(None, f"capacity: 'field' skal nævne et choice-felt, ikke '{field}'")
    if per == "occasion" and not any(f.type == "occasion" for f in fields):
        p.add(None, "capacity: per occasion kræver et felt af typen occasion")
    people = raw.get("people")
    if people is not None and (keys.get(people) is None or keys[people].type != "repeat"):
        p.add(None, f"capacity: 'people' skal nævne et repeat-felt, ikke '{people}'")
    return Capacity(
        count_by=per, field=field, limit=_positive_int(raw.get("seats"), "capacity: seats", p),
        people_field=people, waiting_list=_flag(raw.get("waiting_list"), "capacity: waiting_list", p),
    )


def _eligibility(raw: Any, keys: dict[str, FieldDef], p: Problems) -> list[Eligibility]:
    rules = []
    for index, item in enumerate(raw or [], start=1):
        where = f"eligibility nr. {index}"
        if not isinstance(item, dict) or item.get("field") not in keys:
            p.add(None, f"{where}: 'field' skal nævne et felt i formularen")
            continue
        _unknown(item, {"field", "in", "younger_than_years", "at", "unless", "message"}, where, p)
        message = _text(item.get("message"), where, p, required=True) or Text("")
        unless = _condition(item.get("unless"), where, p)
        for name in unless.fields() if unless else []:
            if name not in keys:
                p.add(None, f"{where}: 'unless' nævner feltet '{name}', som ikke findes")
        if "in" in item:
            values = item["in"] if isinstance(item["in"], list) else []
            if not values:
                p.add(None, f"{where}: 'in' skal være en liste med mindst én værdi")
            rules.append(Eligibility("in_list", item["field"], message, tuple(str(v) for v in values), unless=unless))
        elif "younger_than_years" in item:
            years = item["younger_than_years"]
            if not isinstance(years, int) or years < 1:
                p.add(None, f"{where}: 'younger_than_years' skal være et helt tal")
            if keys[item["field"]].type != "date":
                p.add(None, f"{where}: 'younger_than_years' kræver et datofelt")
            at = str(item.get("at", "occasions"))
            if at not in ("occasions", "today"):
                p.add(None, f"{where}: 'at' skal være occasions (de valgte datoer) eller today, ikke {at!r}")
            rules.append(Eligibility(
                "younger_than_years", item["field"], message, years=years, relative_to=at, unless=unless,
            ))
        else:
            p.add(None, f"{where}: reglen skal have 'in' eller 'younger_than_years'")
    return rules


def _confirmation(raw: Any, keys: dict[str, FieldDef], p: Problems) -> MailTemplate | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not raw.get("subject") or not raw.get("body"):
        p.add(None, "'confirmation' skal have 'subject' og 'body'")
        return None
    _unknown(raw, {"subject", "body"}, "confirmation", p)
    texts = {}
    for part in ("subject", "body"):
        text = _text(raw[part], f"confirmation: {part}", p, required=True)
        texts[part] = text or Text("")
        for language, source in (("da", text.da if text else ""), ("en", text.en if text else None)):
            if source:
                _check_template(source, f"confirmation: {part} ({language})", keys, p)
    return MailTemplate(subject=texts["subject"], body=texts["body"])


def _check_template(source: str, where: str, keys: dict[str, FieldDef], p: Problems) -> None:
    try:
        names = meta.find_undeclared_variables(MAIL_ENV.parse(source))
    except TemplateSyntaxError as error:
        p.add(None, f"{where}: skabelonen har en fejl på linje {error.lineno}: {error.message}")
        return
    for name in sorted(names - keys.keys() - TEMPLATE_GLOBALS):
        p.add(None, f"{where}: '{{{{ {name} }}}}' er hverken et felt eller en kendt værdi")


def _notify(raw: Any, p: Problems) -> list[str]:
    from email_validator import EmailNotValidError, validate_email

    result = []
    for address in raw or []:
        try:
            result.append(validate_email(str(address), check_deliverability=False).normalized)
        except EmailNotValidError:
            p.add(None, f"notify: '{address}' er ikke en gyldig e-mailadresse")
    return result


def _privacy(raw: Any, p: Problems, required: bool) -> Privacy | None:
    if raw is None:
        if required:
            p.add(None, "'privacy' mangler (GDPR art. 13: " + ", ".join(PRIVACY_KEYS) + ")")
        return None
    if not isinstance(raw, dict):
        p.add(None, "'privacy' skal have " + ", ".join(PRIVACY_KEYS))
        return None
    _unknown(raw, set(PRIVACY_KEYS), "privacy", p)
    texts = {key: _text(raw.get(key), f"privacy: {key}", p, required=True) for key in PRIVACY_KEYS}
    if any(value is None for value in texts.values()):
        return None
    return Privacy(**texts)
