"""Field types, each described completely by one class (see base.FieldType).

How to add a field type: write ONE module in this package (or, for a test, anywhere that is
imported) with a `@register`ed subclass of FieldType that sets `name`, `label` (Danish and
English), `value`, `properties` (the keys a form file may give it: the loader checks them,
and the staff editor of issue 12 builds its form from them), and overrides what differs:
`make` (the WTForms field), `template` (a Jinja macro `render(definition, fdef, field, key,
attrs, db, seats, row)`, served as `fieldtypes/<name>.html`), `clean`/`display` (what is
stored, and how it reads in receipts and mails) and `export_*` (columns and cells of the
sign-up export). Every module of this package is imported here, so nothing else is edited.
"""

from __future__ import annotations

import importlib
import pkgutil

from intake.formdefs.types.base import (
    REGISTRY,
    FieldType,
    Maker,
    Prop,
    field_type,
    register,
)

for _module in pkgutil.iter_modules(__path__):
    if _module.name not in ("base", "templates"):
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["REGISTRY", "FieldType", "Maker", "Prop", "field_type", "register"]
