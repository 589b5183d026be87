"""Every answer a form ever collected, under one definition (issue 12 §2: a live change never
loses or hides answers already given).

A published version never changes, and each answer keeps the version it was given under
(`Signup.form_version`, a round's `form_version`). When staff remove a field or an option, the
latest version no longer knows it, but answers to it are still stored. `answered_definition`
joins the latest version with the older versions answers were given under, so exports keep a
column for every answer ever given (under its old label) and every option code a readable
label. `given_under` is the one version a single answer is shown with (pages, mails).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from intake.formdefs.schema import FieldDef, FormDef


def answered_definition(current: FormDef, older: Iterable[FormDef]) -> FormDef:
    """`current` plus what only `older` versions had, for showing every stored answer.

    Shape: the current definition (its settings, labels and order win), its `fields` and
    `goal_fields` followed by each field only older versions have, taken from the newest
    version that had it, in that version's order (inside repeats too); each choice field's
    options followed by the codes only older versions had, with their old labels. A field
    whose old label is now another field's gets " (<key>)" after it, so two columns never
    share a heading. `older` in any order; the current version itself is ignored.
    """
    newest_first = sorted(
        (d for d in older if d.version != current.version), key=lambda d: -d.version
    )
    if not newest_first:
        return current
    return replace(
        current,
        fields=_merged(current.fields, [d.fields for d in newest_first]),
        goal_fields=_merged(current.goal_fields, [d.goal_fields for d in newest_first]),
    )


def _merged(fields: tuple[FieldDef, ...], older: list[tuple[FieldDef, ...]]) -> tuple:
    """`fields` with their older selves' options and sub-fields, then fields only older lists
    have (the newest list first)."""
    by_key: dict[str, list[FieldDef]] = {}
    for old_fields in older:
        for fdef in old_fields:
            by_key.setdefault(fdef.key, []).append(fdef)
    out = [_with_old_parts(f, by_key.get(f.key, [])) for f in fields]
    known = {f.key for f in fields}
    labels = {f.label.da for f in fields}
    for old_fields in older:
        for fdef in old_fields:
            if fdef.key in known:
                continue
            known.add(fdef.key)
            kept = _with_old_parts(fdef, by_key[fdef.key][1:])
            if kept.label.da in labels:
                kept = replace(kept, label=replace(kept.label, da=f"{kept.label.da} ({kept.key})"))
            labels.add(kept.label.da)
            out.append(kept)
    return tuple(out)


def _with_old_parts(fdef: FieldDef, older: list[FieldDef]) -> FieldDef:
    """One field with the options and sub-fields that only its older selves (newest first,
    of the same type) had."""
    if not older:
        return fdef
    options = list(fdef.options)
    codes = {o.code for o in options}
    for old in older:
        if old.type != fdef.type:
            continue  # another kind of answer: its codes mean nothing to this field
        for option in old.options:
            if option.code not in codes:
                codes.add(option.code)
                options.append(option)
    sub_fields = fdef.fields
    old_subs = [old.fields for old in older if old.fields and old.type == fdef.type]
    if old_subs:
        sub_fields = _merged(fdef.fields, old_subs)
    if len(options) == len(fdef.options) and sub_fields == fdef.fields:
        return fdef
    return replace(fdef, options=tuple(options), fields=sub_fields)


def given_under(
    slug: str, version: int | None, *, definition: FormDef | None = None
) -> FormDef | None:
    """The definition to show one stored answer with: `definition` (what the page already
    holds, e.g. the latest version or a draft being previewed) when it is the version the
    answer was given under, else that published version, else (not stored) `definition` or
    the latest published one; None if there is none at all."""
    if definition is not None and (version is None or definition.version == version):
        return definition
    from intake.formdefs.registry import current_registry

    registry = current_registry()
    found = registry.get_version(slug, version) if version is not None else None
    if found is not None:
        return found
    return definition if definition is not None else registry.get(slug)
