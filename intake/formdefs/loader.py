"""Reads forms/*.yaml into FormDefs and reports every mistake in one run.

Messages are in Danish because the people who edit these files are staff, not developers.
Each problem names the file and, where it has one, the field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from intake.formdefs import sections
from intake.formdefs import values as read
from intake.formdefs.schema import (
    FieldDef,
    FormDef,
    Option,
    Text,
)
from intake.formdefs.templating import TEMPLATE_GLOBALS
from intake.formdefs.types import REGISTRY, FieldType, Prop
from intake.formdefs.values import Problems

FORM_KEYS = {
    "slug",
    "version",
    "kind",
    "title",
    "intro",
    "opens",
    "closes",
    "capacity",
    "eligibility",
    "confirmation",
    "notify",
    "retention_days",
    "archive",
    "privacy",
    "occasions",
    "identity_field",
    "fields",
    "goal_fields",
    "listed",
}
OPTION_KEYS = {"code", "label", "description", "group", "capacity", "show_if"}
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,48}$")
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


def load_file(path: Path) -> tuple[FormDef | None, list[str]]:
    """A file under forms/: its FormDef, or None and every problem ("file.yaml: where: ...")."""
    problems = Problems(path)
    raw = read_yaml(path, problems)
    if raw is None:
        return None, problems.items
    return _checked(raw, problems)


def read_yaml(path: Path, problems: Problems) -> dict | None:
    """The file's mapping as yaml.safe_load reads it (an impossible date stays text)."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (safe subclass)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"linje {mark.line + 1}: " if mark else ""
        problems.add(None, f"{line}filen er ikke gyldig YAML ({getattr(error, 'problem', error)})")
        return None
    except UnicodeDecodeError:
        problems.add(None, "filen skal være gemt som UTF-8")
        return None
    return raw


def load_mapping(data: Any, source: str) -> tuple[FormDef | None, list[str]]:
    """A definition mapping (a parsed file, a stored version, the editor's draft): its
    FormDef, or None and every problem, each line starting with `source`."""
    definition, problems = check_mapping(data, source)
    return definition, problems.items


def check_mapping(data: Any, source: str | Path) -> tuple[FormDef | None, Problems]:
    """As load_mapping, with the Problems kept apart by place (intake.formdefs.store.check)."""
    problems = Problems(source)
    definition, _ = _checked(data, problems)
    return definition, problems


def _checked(raw: Any, problems: Problems) -> tuple[FormDef | None, list[str]]:
    if not isinstance(raw, dict):
        problems.add(None, "filen skal indeholde en formular (nøgler som slug, title og fields)")
        return None, problems.items
    definition = _definition(raw, problems)
    return (definition if not problems.items else None), problems.items


def _definition(raw: dict, p: Problems) -> FormDef | None:
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
    title = read.text(raw.get("title"), "title", p, required=True)
    if kind == "followup" and raw.get("fields") is None:
        fields = []  # a follow-up may consist of the goal blocks alone
    else:
        fields = _fields(raw.get("fields"), p, "")
    goal_fields = _goal_fields(raw.get("goal_fields"), kind, p)
    keys = _collect_keys(fields)
    occasions, rule = sections.occasions(raw.get("occasions"), p)
    definition = FormDef(
        slug=slug,
        version=version,
        kind=kind,
        title=title or Text(""),
        intro=read.text(raw.get("intro"), "intro", p),
        fields=tuple(fields),
        path=str(p.path),
        opens_at=read.moment(raw.get("opens"), "opens", p),
        closes_at=read.moment(raw.get("closes"), "closes", p),
        capacity=sections.capacity(raw.get("capacity"), keys, fields, p),
        eligibility=tuple(sections.eligibility(raw.get("eligibility"), keys, p)),
        confirmation=sections.confirmation(raw.get("confirmation"), keys, p),
        notify=tuple(sections.notify(raw.get("notify"), p)),
        retention_days=read.positive_int(raw.get("retention_days"), "retention_days", p),
        archive=read.flag(raw.get("archive"), "archive", p),
        listed=read.flag(raw.get("listed"), "listed", p, default=True),
        privacy=sections.privacy(raw.get("privacy"), p, required=kind == "signup"),
        occasions=tuple(occasions),
        occasion_rule=rule,
        identity_field=raw.get("identity_field")
        or next((f.key for f in fields if REGISTRY[f.type].identifies), None),
        goal_fields=tuple(goal_fields),
    )
    if definition.opens_at and definition.closes_at and definition.opens_at >= definition.closes_at:
        p.add(None, "'closes' skal ligge efter 'opens'")
    if definition.identity_field and definition.identity_field not in keys:
        p.add(
            None, f"'identity_field' nævner feltet '{definition.identity_field}', som ikke findes"
        )
    _check_conditions(fields, keys, p)
    if any(REGISTRY[f.type].books_occasions for f in fields) and not (occasions or rule):
        p.add(None, "formularen har et 'occasion'-felt, men ingen 'occasions'")
    return definition


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
        ftype = REGISTRY[fdef.type]
        if ftype.top_level_only and not ftype.in_goal_block:
            p.add(
                f"felt 'goal_fields.{fdef.key}'",
                f"typen {fdef.type} kan ikke bruges i 'goal_fields'",
            )
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
    type_name = item.get("type")
    ftype = REGISTRY.get(type_name)
    _check_keys(item, ftype, where, p)
    # A follow-up's goal block has its own key space (names get a per-goal prefix) and its own
    # show_if/required_if, and never feeds a confirmation template.
    in_goal_block = parent == GOAL_BLOCK
    if not in_goal_block and str(item.get("key", "")) in RESERVED_KEYS:
        p.add(
            where,
            f"nøglen '{item.get('key')}' er reserveret til mailskabeloner; vælg et andet navn",
        )
    if (
        parent
        and not in_goal_block
        and (item.get("show_if") is not None or item.get("required_if") is not None)
    ):
        p.add(where, "show_if og required_if virker ikke på felter inde i en gentagelse ('repeat')")
    if ftype is None:
        known = ", ".join(sorted(REGISTRY))
        p.add(where, f"ukendt type '{type_name}' (kendte typer: {known})")
        return None
    label_prop = ftype.property("label")
    label = read.text(item.get("label"), f"{where}: label", p,
                      required=label_prop is not None and label_prop.required)
    options = tuple(_option(o, where, p) for o in item.get("options") or [] if isinstance(o, dict))
    if item.get("options") is not None and not isinstance(item.get("options"), list):
        p.add(where, "'options' skal være en liste")
    subfields = ()
    if ftype.property("fields") is not None:
        subfields = tuple(_fields(item.get("fields"), p, f"{item.get('key')}."))
    typed = {prop.name: _value(prop, item.get(prop.name), where, p)
             for prop in ftype.properties
             if prop.kind in TYPED_KINDS or prop.name not in FIELD_ATTRIBUTES}
    fdef = FieldDef(
        key=str(item.get("key", "")),
        type=type_name,
        label=label or Text(""),
        help=read.text(item.get("help"), where, p),
        required_message=read.text(item.get("required_message"), where, p),
        required_if=read.condition(item.get("required_if"), where, p),
        show_if=read.condition(item.get("show_if"), where, p),
        pattern_message=read.text(item.get("pattern_message"), where, p),
        default=item.get("default"),
        options=options,
        autocomplete=item.get("autocomplete"),
        fields=subfields,
        text=read.text(item.get("text"), where, p),
        **{name: value for name, value in typed.items() if name in FIELD_ATTRIBUTES},
        extra={name: value for name, value in typed.items() if name not in FIELD_ATTRIBUTES},
    )
    ftype.check(fdef, lambda message: p.add(where, message))
    return fdef


# Property kinds read by one rule each, whatever the type (FieldType.properties); a property
# that is not an attribute of FieldDef (a newer type's own, of any kind: the file type's
# "allowed" is a string) is kept in FieldDef.extra.
TYPED_KINDS = frozenset({"integer", "number", "date", "flag", "choice", "pattern"})
FIELD_ATTRIBUTES = frozenset(FieldDef.__dataclass_fields__) - {"extra"}


def _check_keys(item: dict, ftype: FieldType | None, where: str, p: Problems) -> None:
    """Keys the type does not describe are mistakes: a key no type has is unknown, a key of
    another type is named as not belonging to this one."""
    everything = {prop.name for t in REGISTRY.values() for prop in t.properties}
    allowed = {prop.name for prop in ftype.properties} if ftype is not None else everything
    for extra in sorted(item.keys() - allowed):
        if extra in everything:
            p.add(where, f"nøglen '{extra}' bruges ikke af typen {ftype.name}")
        else:
            p.add(where, f"ukendt nøgle '{extra}'")


def _value(prop: Prop, raw: Any, where: str, p: Problems) -> Any:
    """A typed property's value by its kind; a wrong value is a problem and reads as absent."""
    if raw is None:
        return prop.default
    if prop.kind == "flag":
        return read.flag(raw, f"{where}: {prop.name}", p, default=prop.default or False)
    if prop.kind == "date":
        return read.read_date(raw, f"{where}: {prop.name}", p)
    if prop.kind == "integer" and (not isinstance(raw, int) or isinstance(raw, bool)):
        p.add(where, f"'{prop.name}' skal være et helt tal, ikke {raw!r}")
        return None
    if prop.kind == "number" and (isinstance(raw, bool) or not isinstance(raw, int | float)):
        p.add(where, f"'{prop.name}' skal være et tal, fx 7.5 (i filen med punktum)")
        return None
    if prop.kind == "choice" and raw not in prop.allowed:
        p.add(where, f"'{prop.name}' skal være " + " eller ".join(prop.allowed))
        return None
    if prop.kind == "pattern":
        try:
            re.compile(str(raw))
        except re.error as error:
            p.add(where, f"'{prop.name}' er ikke et gyldigt mønster ({error})")
            return None
    return raw


def _option(raw: dict, where: str, p: Problems) -> Option:
    code = read.code(raw.get("code", ""))
    if not code:
        p.add(where, "en svarmulighed mangler 'code'")
    for extra in raw.keys() - OPTION_KEYS:
        p.add(where, f"svarmuligheden '{code}' har en ukendt nøgle '{extra}'")
    return Option(
        code=code,
        label=read.text(raw.get("label"), f"{where}: {code}", p, required=True) or Text(code),
        description=read.text(raw.get("description"), where, p),
        group=read.text(raw.get("group"), where, p),
        capacity=read.positive_int(raw.get("capacity"), f"{where}: {code}: capacity", p),
        show_if=read.condition(raw.get("show_if"), f"{where}: {code}", p),
    )


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
                    p.add(
                        f"felt '{fdef.key}'",
                        f"{label} nævner '{name}', som står længere nede; flyt det op",
                    )
                else:
                    _check_condition_values(fdef, label, target, values, p)


def _check_condition_values(
    fdef: FieldDef, label: str, target: FieldDef, values, p: Problems
) -> None:
    known = REGISTRY[target.type].option_codes(target)
    if known is None:
        return
    for value in sorted(values - known):
        p.add(f"felt '{fdef.key}'", f"{label}: '{target.key}' har ingen svarmulighed '{value}'")

