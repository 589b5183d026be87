"""Jinja helpers for the public form templates."""

from __future__ import annotations

from itertools import groupby

from flask import Flask, current_app, get_template_attribute, request
from flask_babel import get_locale
from markupsafe import Markup

from intake.formdefs.display import condition_hint, contact_address
from intake.formdefs.occasions import fixed_events
from intake.links import public_url
from intake.signups import buckets


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
    grouped = groupby(options, key=lambda o: str(o.group or ""))
    return [(group, list(items)) for group, items in grouped]


FIELDS_CACHE_SIZE = 200


def form_fields(definition, form, seats, fresh: bool = False) -> Markup:
    """The form's fields as HTML. An untouched form (a plain GET) looks the same for everyone.

    Rendering every field through the macros is most of a form page's cost, so the HTML of
    an untouched form is kept per form version, language, offered dates and free seats; the
    CSRF token and submission key are rendered outside it. A POST, errors or a prefill from
    the URL always render afresh, and so does a form filled with stored answers (`fresh`:
    "Min tilmelding").
    """
    macro = get_template_attribute("public/_fields.html", "render_field")

    def render() -> Markup:
        return Markup("\n").join(
            macro(definition, fdef, form[fdef.key] if fdef.has_input else None, seats)
            for fdef in definition.fields
        )

    prefilled = any(f.prefill and f.key in request.args for f in definition.fields)
    if fresh or request.method != "GET" or prefilled or form.errors:
        return render()
    key = (definition.slug, definition.version, id(definition), str(get_locale() or ""),
           tuple(sorted(seats.items())),
           tuple(o.key for o in getattr(form, "occasions", None) or ()))
    cache = current_app.extensions.setdefault("intake.form_fields", {})
    html = cache.get(key)
    if html is None:
        if len(cache) >= FIELDS_CACHE_SIZE:
            cache.clear()
        html = cache[key] = render()
    return html


def register(app: Flask) -> None:
    app.add_template_global(form_fields)
    app.add_template_global(first_input_id)
    app.add_template_global(error_text)
    app.add_template_global(condition_hint)
    app.add_template_global(contact_address)
    app.add_template_global(fixed_events)
    app.add_template_global(buckets.of_choice, "bucket_of_choice")  # seats left by an option
    app.add_template_global(public_url)  # absolute links in mails (staff notification)
    app.add_template_filter(groupby_label)
