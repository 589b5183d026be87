"""Staff roles (issue 12 §4): what a staff account may do in the back office.

Every staff view wears `requires_role(Role.X)` (which also does what `staff_required` does),
except the few any staff member may open (`ANY_STAFF` in tests/staff/test_roles_routes.py:
the dashboard, log out, the own password page). The role is kept on the view function as
`required_role`, so the menu (intake/staff/nav.py) hides links the user cannot use and a
test can find every staff route that has no role.

Roles are stored one row per role in `staff_roles` (intake/staff/models.py). The migration
that added them gave every existing account every role, and `flask staff create` without
`--role` does the same, so installations and scripts from before roles keep working.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from functools import wraps

from flask import abort
from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    ADMIN = "admin"  # staff accounts and the audit log
    FORMS = "forms"  # make, edit, publish, close forms
    SIGNUPS = "signups"  # sign-ups, their mails, workbooks and CSV
    GDPR = "gdpr"  # find, access export, erase a person
    GOALS = "goals"  # goal periods, goals, follow-up rounds

    @property
    def label(self):
        """The Danish name shown next to a checkbox and in lists."""
        return LABELS[self]


LABELS = {
    Role.ADMIN: _l("Administrator (konti og handlingslog)"),
    Role.FORMS: _l("Formularer (redigere og offentliggøre)"),
    Role.SIGNUPS: _l("Tilmeldinger og udtræk"),
    Role.GDPR: _l("GDPR (indsigt og sletning)"),
    Role.GOALS: _l("Mål og opfølgningsrunder"),
}

ALL_ROLES: frozenset[Role] = frozenset(Role)


def parse_roles(values: Iterable[str]) -> frozenset[Role]:
    """Role names ("forms", "gdpr") to roles. Raises ValueError naming the unknown one(s)."""
    values = list(values)
    unknown = [value for value in values if value not in Role._value2member_map_]
    if unknown:
        raise ValueError(", ".join(unknown))
    return frozenset(Role(value) for value in values)


def has_role(role: Role | str) -> bool:
    """Whether the logged-in staff member has `role`; False with no one logged in.

    Also a Jinja global: `{% if has_role('forms') %}`. An unknown role name is a bug in
    the caller and raises ValueError rather than quietly hiding something."""
    from intake.staff.auth import current_staff

    user = current_staff()
    return user is not None and Role(role) in user.roles


def requires_role(role: Role):
    """View decorator: log in first (as `staff_required`), then a Danish 403 page unless the
    staff member has `role`. The check comes before the view looks anything up, so a refused
    user learns nothing (not even whether a sign-up exists)."""
    role = Role(role)

    def decorate(view):
        from intake.staff.auth import staff_required

        @wraps(view)
        def checked(*args, **kwargs):
            if not has_role(role):
                abort(403)
            return view(*args, **kwargs)

        wrapper = staff_required(checked)
        wrapper.required_role = role
        return wrapper

    return decorate


def required_role(view) -> Role | None:
    """The role a view function needs (None: any staff member, or not a staff view)."""
    return getattr(view, "required_role", None)


def init_app(app) -> None:
    app.jinja_env.globals["has_role"] = has_role
    app.jinja_env.globals["staff_roles"] = list(Role)
