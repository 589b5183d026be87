"""A sign-up's answer history, read for staff and for GDPR (intake/signups/versions_gdpr.py).

Each change (intake/signups/edits.py) keeps the earlier answers as a `SignupVersion`; here
each kept version is compared with the answers that replaced it (the next version, or the
sign-up's current answers), field by field, with the labels of the versions the answers
were given under (`formdefs.versions.given_under`, joined by `answered_definition`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from intake.formdefs.display import readable
from intake.formdefs.schema import FormDef
from intake.formdefs.versions import answered_definition, given_under
from intake.signups.models import Signup
from intake.signups.version_models import SignupVersion

WHO = {"person": _l("Personen selv"), "staff": _l("En medarbejder"),
       "invitation": _l("Personen via invitationslink")}


@dataclass(frozen=True)
class Difference:
    label: str
    old: str  # "" when there was no answer
    new: str


@dataclass(frozen=True)
class Change:
    version: int  # the kept version's number (1: the answers first given)
    changed_at: datetime  # when those answers were replaced
    changed_by: str  # "person" | "staff" | "invitation"
    who: str  # in the current language
    differences: list[Difference]


def _definition(signup: Signup, version: int, current: FormDef | None) -> FormDef | None:
    return given_under(signup.form_slug, version, definition=current) or current


def changes(signup: Signup, kept: list[SignupVersion],
            current: FormDef | None = None) -> list[Change]:
    """One `Change` per kept version (oldest first): what it said and what replaced it."""
    states = [(v.form_version, v.answers or {}) for v in kept]
    states.append((signup.form_version, signup.answers or {}))
    result = []
    for index, version in enumerate(kept):
        (old_form, old), (new_form, new) = states[index], states[index + 1]
        older = [d for d in (_definition(signup, old_form, current),
                             _definition(signup, new_form, current)) if d is not None]
        if not older:
            continue
        joined = answered_definition(older[-1], older)
        before, after = dict(readable(joined, old)), dict(readable(joined, new))
        labels = list(dict.fromkeys([*before, *after]))
        differences = [Difference(label, before.get(label, ""), after.get(label, ""))
                       for label in labels if before.get(label, "") != after.get(label, "")]
        result.append(Change(version.version, version.replaced_at, version.changed_by,
                             str(WHO.get(version.changed_by, version.changed_by)),
                             differences))
    return result
