"""The earlier answers of sign-ups (`SignupVersion`) in GDPR find, access export and erase.

A kept version is the person's data like the sign-up itself (GDPR art. 15 and 17): found by
the person's own sign-ups (intake/gdpr/sources.matching_signups) and by the address or phone
a version held before it was changed. Erased before the sign-ups (order 19 < 20), so the
deletion log names them; the database would remove them with their sign-up anyway.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import force_locale

from intake.exports.cells import Column
from intake.extensions import db
from intake.formdefs.display import readable
from intake.formdefs.registry import current_registry
from intake.formdefs.versions import given_under
from intake.gdpr.person import Person
from intake.gdpr.providers import PersonDataProvider, Section, register
from intake.signups.history import WHO
from intake.signups.version_models import SignupVersion


def _versions(person: Person) -> list[SignupVersion]:
    from intake.gdpr.sources import matching_signups

    own, _mentions = matching_signups(person)
    conditions = [SignupVersion.signup_id.in_([s.id for s in own])] if own else []
    if person.email:
        conditions.append(SignupVersion.email == person.email)
    if person.phone:
        conditions.append(SignupVersion.phone == person.phone)
    if not conditions:
        return []
    return list(db.session.scalars(
        sa.select(SignupVersion).where(sa.or_(*conditions))
        .order_by(SignupVersion.signup_id, SignupVersion.version)
    ))


class SignupVersionData(PersonDataProvider):
    key = "signup_versions"
    title = "Tidligere svar på tilmeldinger"
    order = 19

    def find(self, person: Person) -> list[Section]:
        section = Section("Tidligere svar", (
            Column("Reference", width=11), Column("Formular", width=30),
            Column("Version", "number"), Column("Erstattet", "datetime"),
            Column("Ændret af", width=18), Column("Spørgsmål", width=40),
            Column("Svar", width=50),
        ), key_column=None)
        registry = current_registry()
        with force_locale("da"):
            for version in _versions(person):
                signup = version.signup
                current = registry.get(signup.form_slug)
                title = current.title.da if current else signup.form_slug
                shown = given_under(signup.form_slug, version.form_version, definition=current)
                rows = readable(shown, version.answers or {}) if shown else [
                    (key, str(value)) for key, value in (version.answers or {}).items()]
                for question, answer in rows:
                    section.rows.append([signup.reference, title, version.version,
                                         version.replaced_at,
                                         str(WHO.get(version.changed_by, version.changed_by)),
                                         question, answer or None])
        # Only when there is any: most sign-ups were never changed (no empty sheet).
        return [section] if section.rows else []

    def plan(self, person: Person) -> list[tuple[str, int]]:
        count = len(_versions(person))
        return [("Tidligere svar på tilmeldinger slettes", count)] if count else []

    def erase(self, person: Person) -> tuple[int, dict] | None:
        found = _versions(person)
        if not found:
            return None
        payload = {"versions": [{"id": v.id, "replaced_at": v.replaced_at.isoformat()}
                                for v in found]}
        for version in found:
            db.session.delete(version)
        db.session.flush()
        return len(found), payload

    def reapply(self, payload: dict) -> int:
        """By id and time, so a restored database's newer row with a reused id stays."""
        done = 0
        for item in payload.get("versions") or []:
            version = db.session.get(SignupVersion, item.get("id"))
            if version is not None and version.replaced_at == datetime.fromisoformat(
                    item["replaced_at"]):
                db.session.delete(version)
                done += 1
        db.session.flush()
        return done


register(SignupVersionData())
