"""A readable difference between two versions of a form definition (issue 12 §2, history).

Both sides are definition *mappings*: the plain dict of a `forms/*.yaml` file as
`yaml.safe_load` gives it, or as the store keeps it in JSON (dates then are ISO strings; both
are read alike). `diff` only reads the two mappings; what a new version does to answers and
bookings already collected is `intake.formdefs.changes_impact.impact`.
"""

from __future__ import annotations

import difflib
import enum
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from intake.formdefs.changes_text import (
    PART_LABELS,
    SETTING_LABELS,
    as_list,
    field_name,
    normalize,
    option_name,
    pair,
    prop_label,
    setting_order,
    show,
    show_day,
    show_moment,
    type_label,
    when_label,
)


class ChangeKind(enum.StrEnum):
    SETTING = "setting"
    OPENS = "opens"
    CLOSES = "closes"
    CAPACITY = "capacity"
    FIELD_ADDED = "field_added"
    FIELD_REMOVED = "field_removed"
    FIELD_RENAMED = "field_renamed"  # the label changed, the key (and its answers) stayed
    FIELD_MOVED = "field_moved"
    FIELD_TYPE = "field_type"
    FIELD_PROPERTY = "field_property"
    OPTION_ADDED = "option_added"
    OPTION_REMOVED = "option_removed"
    OPTION_RELABELLED = "option_relabelled"
    OPTION_CHANGED = "option_changed"
    OCCASION_ADDED = "occasion_added"
    OCCASION_MOVED = "occasion_moved"
    OCCASION_REMOVED = "occasion_removed"
    OCCASION_CHANGED = "occasion_changed"  # same date, other time or place


@dataclass(frozen=True)
class Change:
    """One difference, as a Danish sentence (current language) for the history page or the
    change report. `field`: the field's key ("parent.key" inside a repeat, "goal_fields.key"
    in a follow-up's goal block), None for a setting. `count`: answers or bookings concerned
    (change report only). `offers_notice`: people hold a booking the change concerns, so the
    editor may offer to tell them (intake.formdefs.changes_impact.notify_booked, given
    the `occasion` keys)."""

    text: str
    field: str | None
    kind: ChangeKind
    count: int | None = None
    offers_notice: bool = False
    occasion: str | None = None  # the date's key ("2027-10-08") a date change concerns


IGNORED = {"version", "fields", "goal_fields", "occasions", "capacity", "opens", "closes"}
OPTION_PARTS = ("description", "group", "show_if")


def diff(old: dict, new: dict) -> list[Change]:
    """What changed from `old` to `new`, settings first, then dates, capacity and fields.

    Fields are matched by key (a changed label is a rename; the answers keep their key),
    options by code, dates by day (a day gone and another come in its place is a move).
    The version number itself is not a change. Never raises on a malformed part: what
    cannot be read is compared as a plain value.
    """
    old, new = normalize(old or {}), normalize(new or {})
    changes: list[Change] = []
    for key in sorted((old.keys() | new.keys()) - IGNORED, key=setting_order):
        changes += _setting(key, old.get(key), new.get(key))
    for key, kind in (("opens", ChangeKind.OPENS), ("closes", ChangeKind.CLOSES)):
        if old.get(key) != new.get(key):
            changes.append(
                Change(
                    _(
                        "%(what)s ændret: %(old)s → %(new)s",
                        what=when_label(key),
                        old=show_moment(old.get(key)),
                        new=show_moment(new.get(key)),
                    ),
                    None,
                    kind,
                )
            )
    changes += _occasions(old.get("occasions"), new.get("occasions"))
    changes += _parts(
        _("Pladser"), old.get("capacity"), new.get("capacity"), None, ChangeKind.CAPACITY
    )
    changes += _fields(as_list(old.get("fields")), as_list(new.get("fields")), "")
    changes += _fields(
        as_list(old.get("goal_fields")), as_list(new.get("goal_fields")), "goal_fields."
    )
    return changes


# -- values --------------------------------------------------------------------------------


# -- settings ------------------------------------------------------------------------------


def _setting(key: str, old: Any, new: Any) -> list[Change]:
    if old == new:
        return []
    label = str(SETTING_LABELS.get(key, key))
    if isinstance(old, dict) and isinstance(new, dict) and "da" not in old and "da" not in new:
        return _parts(label, old, new, None, ChangeKind.SETTING)
    shown_old, shown_new = pair(old, new)
    return [
        Change(
            _("%(what)s ændret: %(old)s → %(new)s", what=label, old=shown_old, new=shown_new),
            None,
            ChangeKind.SETTING,
        )
    ]


def _parts(label: str, old: Any, new: Any, field: str | None, kind: ChangeKind) -> list[Change]:
    """A section compared key by key (privacy, confirmation, capacity, a monthly rule)."""
    if old == new:
        return []
    if not isinstance(old, dict) or not isinstance(new, dict):
        if old is None:
            return [Change(_("%(what)s tilføjet: %(new)s", what=label, new=show(new)), field, kind)]
        if new is None:
            return [
                Change(_("%(what)s fjernet (var %(old)s)", what=label, old=show(old)), field, kind)
            ]
        shown_old, shown_new = pair(old, new)
        return [
            Change(
                _("%(what)s ændret: %(old)s → %(new)s", what=label, old=shown_old, new=shown_new),
                field,
                kind,
            )
        ]
    result = []
    for part in list(old) + [k for k in new if k not in old]:
        if old.get(part) != new.get(part):
            shown_old, shown_new = pair(old.get(part), new.get(part))
            what = f"{label}, {PART_LABELS.get(part, part)}"
            result.append(
                Change(
                    _(
                        "%(what)s ændret: %(old)s → %(new)s",
                        what=what,
                        old=shown_old,
                        new=shown_new,
                    ),
                    field,
                    kind,
                )
            )
    return result


# -- occasions -----------------------------------------------------------------------------


def _occasions(old: Any, new: Any) -> list[Change]:
    if old == new:
        return []
    old_rule = old.get("every_month") if isinstance(old, dict) else None
    new_rule = new.get("every_month") if isinstance(new, dict) else None
    if old_rule is not None and new_rule is not None:
        return _parts(
            _("Fast dato hver måned"), old_rule, new_rule, None, ChangeKind.OCCASION_CHANGED
        )
    if old_rule is not None or new_rule is not None:
        text = (
            _("Datoerne er nu en fast regel hver måned i stedet for en liste")
            if new_rule is not None
            else _("Datoerne er nu en liste i stedet for en fast regel hver måned")
        )
        return [Change(text, None, ChangeKind.OCCASION_CHANGED)]
    return occasion_changes(_dated(old), _dated(new))


def _dated(raw: Any) -> dict[str, dict]:
    return {str(o.get("date")): o for o in as_list(raw)}


def pair_moved(gone: list[str], came: list[str]) -> list[tuple[str, str]]:
    """Days that left and days that came, paired in date order as moves (one for one)."""
    return list(zip(sorted(gone), sorted(came), strict=False))


def occasion_changes(old: dict[str, dict], new: dict[str, dict]) -> list[Change]:
    """Fixed dates keyed by day: moved, removed, added, or changed on the same day."""
    gone = [k for k in old if k not in new]
    came = [k for k in new if k not in old]
    moves = pair_moved(gone, came)
    result = [
        Change(
            _("Datoen %(old)s er flyttet til %(new)s", old=show_day(a), new=show_day(b)),
            None,
            ChangeKind.OCCASION_MOVED,
        )
        for a, b in moves
    ]
    result += [
        Change(_("Datoen %(day)s er fjernet", day=show_day(k)), None, ChangeKind.OCCASION_REMOVED)
        for k in sorted(gone)[len(moves) :]
    ]
    result += [
        Change(_("Datoen %(day)s er tilføjet", day=show_day(k)), None, ChangeKind.OCCASION_ADDED)
        for k in sorted(came)[len(moves) :]
    ]
    for a, b in moves:
        result += _occasion_details(show_day(b), old[a], new[b])
    for key in sorted(k for k in old if k in new):
        result += _occasion_details(show_day(key), old[key], new[key])
    return result


def _occasion_details(day: str, old: dict, new: dict) -> list[Change]:
    old = {k: v for k, v in old.items() if k != "date"}
    new = {k: v for k, v in new.items() if k != "date"}
    return _parts(_("Datoen %(day)s", day=day), old, new, None, ChangeKind.OCCASION_CHANGED)


# -- fields --------------------------------------------------------------------------------


def _fields(old: list[dict], new: list[dict], parent: str) -> list[Change]:
    old_by = {str(f.get("key")): f for f in old}
    new_by = {str(f.get("key")): f for f in new}
    result: list[Change] = []
    for key, item in old_by.items():
        if key not in new_by:
            result.append(
                Change(
                    _("Feltet %(name)s er fjernet", name=field_name(item)),
                    parent + key,
                    ChangeKind.FIELD_REMOVED,
                )
            )
    for index, (key, item) in enumerate(new_by.items(), start=1):
        if key not in old_by:
            result.append(
                Change(
                    _("Feltet %(name)s er tilføjet som nr. %(n)d", name=field_name(item), n=index),
                    parent + key,
                    ChangeKind.FIELD_ADDED,
                )
            )
    result += _moved(list(old_by), list(new_by), new_by, parent)
    for key, item in new_by.items():
        if key in old_by:
            result += field_changes(old_by[key], item, parent + key)
    return result


def _moved(old: list[str], new: list[str], new_by: dict, parent: str) -> list[Change]:
    """Fields out of the longest run kept in order are the ones moved."""
    kept_old = [k for k in old if k in new_by]
    kept_new = [k for k in new if k in kept_old]
    matcher = difflib.SequenceMatcher(a=kept_old, b=kept_new, autojunk=False)
    in_order = {
        k
        for block in matcher.get_matching_blocks()
        for k in kept_new[block.b : block.b + block.size]
    }
    return [
        Change(
            _(
                "Feltet %(name)s er flyttet fra nr. %(old)d til nr. %(new)d",
                name=field_name(new_by[k]),
                old=old.index(k) + 1,
                new=new.index(k) + 1,
            ),
            parent + k,
            ChangeKind.FIELD_MOVED,
        )
        for k in kept_new
        if k not in in_order
    ]


def field_changes(old: dict, new: dict, where: str) -> list[Change]:
    """One field kept under its key: label, type, its type's properties, options, sub-fields."""
    result = []
    name = field_name(new)
    if old.get("label") != new.get("label"):
        shown_old, shown_new = pair(old.get("label"), new.get("label"))
        result.append(
            Change(
                _(
                    "Feltet %(key)s har fået ny tekst: %(old)s → %(new)s",
                    key=where,
                    old=shown_old,
                    new=shown_new,
                ),
                where,
                ChangeKind.FIELD_RENAMED,
            )
        )
    if old.get("type") != new.get("type"):
        result.append(
            Change(
                _(
                    "Feltet %(name)s har skiftet type: %(old)s → %(new)s",
                    name=name,
                    old=type_label(old.get("type")),
                    new=type_label(new.get("type")),
                ),
                where,
                ChangeKind.FIELD_TYPE,
            )
        )
    skip = {"key", "type", "label", "options", "fields"}
    for prop in [k for k in old if k not in skip] + [
        k for k in new if k not in old and k not in skip
    ]:
        if old.get(prop) != new.get(prop):
            shown_old, shown_new = pair(old.get(prop), new.get(prop))
            result.append(
                Change(
                    _(
                        "Feltet %(name)s: %(prop)s ændret: %(old)s → %(new)s",
                        name=name,
                        prop=prop_label(new.get("type"), prop),
                        old=shown_old,
                        new=shown_new,
                    ),
                    where,
                    ChangeKind.FIELD_PROPERTY,
                )
            )
    result += _options(as_list(old.get("options")), as_list(new.get("options")), name, where)
    result += _fields(as_list(old.get("fields")), as_list(new.get("fields")), where + ".")
    return result


def _options(old: list[dict], new: list[dict], name: str, where: str) -> list[Change]:
    old_by = {str(o.get("code")): o for o in old}
    new_by = {str(o.get("code")): o for o in new}
    result = []
    for code, option in old_by.items():
        if code not in new_by:
            result.append(
                Change(
                    _(
                        "Feltet %(name)s: svarmuligheden %(option)s er fjernet",
                        name=name,
                        option=option_name(option),
                    ),
                    where,
                    ChangeKind.OPTION_REMOVED,
                )
            )
    for code, option in new_by.items():
        if code not in old_by:
            result.append(
                Change(
                    _(
                        "Feltet %(name)s: svarmuligheden %(option)s er tilføjet",
                        name=name,
                        option=option_name(option),
                    ),
                    where,
                    ChangeKind.OPTION_ADDED,
                )
            )
    for code, option in new_by.items():
        if code not in old_by:
            continue
        before = old_by[code]
        if before.get("label") != option.get("label"):
            shown_old, shown_new = pair(before.get("label"), option.get("label"))
            result.append(
                Change(
                    _(
                        "Feltet %(name)s: svarmuligheden %(code)s har fået ny tekst: "
                        "%(old)s → %(new)s",
                        name=name,
                        code=code,
                        old=shown_old,
                        new=shown_new,
                    ),
                    where,
                    ChangeKind.OPTION_RELABELLED,
                )
            )
        label = _("Feltet %(name)s: svarmuligheden %(code)s", name=name, code=code)
        for keys, kind in (
            (OPTION_PARTS, ChangeKind.OPTION_CHANGED),
            (("capacity",), ChangeKind.CAPACITY),
        ):
            result += _parts(
                label,
                {k: before[k] for k in keys if k in before},
                {k: option[k] for k in keys if k in option},
                where,
                kind,
            )
    kept_old = [c for c in old_by if c in new_by]
    kept_new = [c for c in new_by if c in old_by]
    if kept_old != kept_new:
        result.append(
            Change(
                _("Feltet %(name)s: svarmulighederne står i en ny rækkefølge", name=name),
                where,
                ChangeKind.OPTION_CHANGED,
            )
        )
    return result


def impact(slug: str, old: dict, new: dict) -> list[Change]:
    """The change report before publishing; see intake.formdefs.changes_impact.impact (it
    reads the database, so it lives there; imported late, as it imports this module)."""
    from intake.formdefs.changes_impact import impact as report

    return report(slug, old, new)
