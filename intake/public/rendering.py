"""Jinja helpers for the public form templates."""

from __future__ import annotations

from itertools import groupby

from flask import Flask

from intake.formdefs.display import condition_hint


def first_input_id(field) -> str:
    """Where an error-summary link should move focus to."""
    entries = getattr(field, "entries", None)
    if entries is not None:
        for entry in entries:
            row = getattr(entry, "form", None)
            if row is not None and row.errors:
                name = next(iter(row.errors))
                return row[name].id
        first = entries[0] if entries else None
        if first is not None and getattr(first, "form", None) is not None:
            return next(iter(first.form)).id
        return field.id
    if getattr(field, "type", "") in ("RadioField", "LenientRadioField", "LenientMultiField"):
        return f"{field.id}-0"
    return field.id


def error_text(errors) -> str:
    if isinstance(errors, dict):
        return " ".join(error_text(v) for v in errors.values())
    if isinstance(errors, list | tuple):
        return " ".join(error_text(e) for e in errors)
    return str(errors)


def groupby_label(options):
    return [(group, list(items)) for group, items in groupby(options, key=lambda o: str(o.group or ""))]


def register(app: Flask) -> None:
    app.add_template_global(first_input_id)
    app.add_template_global(error_text)
    app.add_template_global(condition_hint)
    app.add_template_filter(groupby_label)
