"""Consents in the GDPR tools (issue 14 §4: "GDPR find and erase include consents").

- find / access export: one row per consent the person's e-mail key gave, current or
  withdrawn: the form and its version, the question's key, the wording exactly as shown and
  its language, when it was given, when and how it was withdrawn, and the filters kept with it
  (focus areas, trade) and the name;
- erase: every row of the address goes (current ones too: erasure ends the consent), before
  the sign-ups (whose deletion would otherwise take the withdrawn ones along unlogged);
- retention: see intake.consents.service (a current consent outlives its sign-up's
  retention; a withdrawn one goes with its sign-up).

The deletion log keeps consent ids with their given times only (no address, no name).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from intake.consents.models import Consent
from intake.exports.cells import Column
from intake.extensions import db
from intake.gdpr.person import Person
from intake.gdpr.providers import PersonDataProvider, Section, register

COLUMNS = (
    Column("Formular", width=24), Column("Version", "number"), Column("Spørgsmål", width=14),
    Column("Ordlyd", width=40), Column("Sprog", width=6), Column("Givet", "datetime"),
    Column("Trukket tilbage", "datetime"), Column("Hvordan", width=24),
    Column("Indsatsområder", width=24), Column("Branche", width=20), Column("Navn", width=20),
    Column("E-mail", width=30),
)


def _rows(person: Person) -> list[Consent]:
    if not person.email:
        return []
    return list(db.session.scalars(
        sa.select(Consent).where(Consent.email == person.email).order_by(Consent.id)))


class ConsentData(PersonDataProvider):
    key = "consents"
    title = "Samtykker"
    order = 17  # before the sign-ups (20): see the module docstring

    def find(self, person: Person) -> list[Section]:
        from intake.consents.service import withdrawn_via_label
        from intake.formdefs.registry import current_registry
        from intake.goals.models import FocusArea

        registry = current_registry()
        section = Section("Samtykker", COLUMNS)
        for row in _rows(person):
            definition = registry.get(row.form_slug)
            areas = ", ".join(FocusArea(a).label for a in row.focus_areas or []
                              if a in {f.value for f in FocusArea})
            section.rows.append([
                definition.title.da if definition else row.form_slug, row.form_version,
                row.field_key, row.wording, row.lang, row.given_at, row.withdrawn_at,
                withdrawn_via_label(row.withdrawn_via), areas,
                row.trade, row.name, row.email,
            ])
        return [section] if section.rows else []

    def plan(self, person: Person) -> list[tuple[str, int]]:
        count = len(_rows(person))
        return [("Samtykker slettes (også de gældende: der sendes ikke flere nyheder)", count)] \
            if count else []

    def erase(self, person: Person) -> tuple[int, dict] | None:
        found = _rows(person)
        if not found:
            return None
        payload = {"consents": [[row.id, row.given_at.isoformat()] for row in found]}
        for row in found:
            db.session.delete(row)
        db.session.flush()
        return len(found), payload

    def reapply(self, payload: dict) -> int:
        count = 0
        for consent_id, given in payload.get("consents") or []:
            row = db.session.get(Consent, consent_id)
            if row is not None and row.given_at == datetime.fromisoformat(given):
                db.session.delete(row)
                count += 1
        db.session.flush()
        return count


register(ConsentData())
