"""The staff menu. Other features add their links at start-up with `add_link`, so no one has
to edit the staff base template to appear in the menu ("Mål", "GDPR", ...).

A link is shown only to a staff member who may open it: the role its view function needs
(`requires_role`, intake/staff/roles.py) is read from the view itself, so a feature does not
repeat its role here."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask_babel import lazy_gettext as _l

KEY = "intake.staff_nav"


@dataclass(frozen=True)
class NavLink:
    endpoint: str
    label: object  # lazy_gettext("Dansk tekst"), so the menu follows the language
    order: int = 50
    prefix: str | None = None  # URL prefix that marks the link as the current section


def add_link(app: Flask, endpoint: str, label, order: int = 50, prefix: str | None = None) -> None:
    links = app.extensions.setdefault(KEY, [])
    if all(link.endpoint != endpoint for link in links):
        links.append(NavLink(endpoint, label, order, prefix))
        links.sort(key=lambda link: link.order)


def _allowed(app: Flask, endpoint: str) -> bool:
    """The endpoint exists and the logged-in staff member has the role its view needs."""
    from intake.staff.roles import has_role, required_role

    view = app.view_functions.get(endpoint)
    if view is None:
        return False
    role = required_role(view)
    return role is None or has_role(role)


def links(app: Flask) -> list[NavLink]:
    return [link for link in app.extensions.get(KEY, []) if _allowed(app, link.endpoint)]


def register_core_links(app: Flask) -> None:
    add_link(app, "staff.dashboard", _l("Oversigt"), 10)
    add_link(app, "staff.forms", _l("Tilmeldinger"), 20, "/staff/f")
    add_link(app, "staff.inspiration_index", _l("Inspirationsark"), 45, "/staff/inspiration")
    add_link(app, "staff.mail_log", _l("Postlog"), 60, "/staff/post")
    add_link(app, "staff.audit_log", _l("Handlingslog"), 80, "/staff/log")
    add_link(app, "staff.accounts_list", _l("Konti"), 90, "/staff/konti")


FORM_KEY = "intake.staff_form_links"


@dataclass(frozen=True)
class FormLink:
    url: str
    label: object


def add_form_link(app: Flask, endpoint: str, label, kinds: tuple[str, ...] = ("signup",)) -> None:
    """A link shown on each form's staff page, built as url_for(endpoint, slug=definition.slug);
    e.g. the workbook download: add_form_link(app, "staff.export_xlsx", _l("Hent regneark"))."""
    entries = app.extensions.setdefault(FORM_KEY, [])
    if all(entry[0] != endpoint for entry in entries):
        entries.append((endpoint, label, kinds))


def form_links(app: Flask, definition) -> list[FormLink]:
    from flask import url_for

    return [FormLink(url_for(endpoint, slug=definition.slug), label)
            for endpoint, label, kinds in app.extensions.get(FORM_KEY, [])
            if _allowed(app, endpoint) and definition.kind in kinds]
