"""Serves each field type's macro source to Jinja as `fieldtypes/<name>.html`.

templates/public/_fields.html draws the wrapper every field shares (show_if data, error
state) and calls `field_macro(fdef)` for the rest, so the template never names a type.
"""

from __future__ import annotations

from flask import Flask, current_app
from jinja2 import BaseLoader, ChoiceLoader, Environment, TemplateNotFound

from intake.formdefs.schema import FieldDef
from intake.formdefs.types.base import REGISTRY

PREFIX = "fieldtypes/"


class FieldTypeLoader(BaseLoader):
    """`fieldtypes/<name>.html` is the registered type's `template` source."""

    def get_source(self, environment: Environment, template: str):
        name = template.removeprefix(PREFIX).removesuffix(".html")
        field_type = REGISTRY.get(name) if template.startswith(PREFIX) else None
        if field_type is None or not field_type.template:
            raise TemplateNotFound(template)
        source = field_type.template
        return source, None, lambda: REGISTRY.get(name) is field_type

    def list_templates(self) -> list[str]:
        return sorted(f"{PREFIX}{name}.html" for name in REGISTRY)


def field_macro(fdef: FieldDef):
    """The `render` macro of the field's type (a compiled, cached template module)."""
    template = current_app.jinja_env.get_template(f"{PREFIX}{fdef.type}.html")
    return template.module.render


def install(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader([FieldTypeLoader(), app.jinja_loader])
    app.add_template_global(field_macro)
