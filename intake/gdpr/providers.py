"""The registry of person data providers.

A provider knows one kind of personal data. It can
- `find(person)`: return everything it stores about the person as sections of typed rows
  (shown to staff and written to the access workbook, one sheet per section);
- `erase(person)`: delete it (flush, never commit) and return a log payload that holds no
  personal data, or None if there was nothing;
- `plan(person)`: describe, in Danish with a count per kind, what `erase` would do;
- `reapply(payload)`: repeat that deletion from the payload on a restored backup, doing
  nothing for rows already gone (idempotent).

Providers run in `order`: lower first. The outbox goes before the sign-ups, so mails are
removed (and logged) before their sign-ups disappear. A later feature (goal owners,
follow-up answers) adds itself with `register(MyProvider())` at import time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from intake.exports.cells import Column
from intake.gdpr.person import Person


@dataclass
class Section:
    title: str  # Danish; the sheet title in the access workbook
    columns: tuple[Column, ...]
    rows: list[list[Any]] = field(default_factory=list)
    # The column that names one record when a record takes several rows (a sign-up has a row
    # per answer): then `count` counts records, not rows. None: one row is one record.
    key_column: int | None = None

    @property
    def count(self) -> int:
        if self.key_column is None:
            return len(self.rows)
        return len({row[self.key_column] for row in self.rows})


class PersonDataProvider:
    key = ""  # stable: it names the payload in the deletion log
    title = ""  # Danish, for staff
    order = 50

    def find(self, person: Person) -> list[Section]:
        raise NotImplementedError

    def plan(self, person: Person) -> list[tuple[str, int]]:
        """What `erase` would do, for the confirmation page: (Danish description, count).

        By default every section found is deleted whole."""
        return [(f"{s.title} slettes", s.count) for s in self.find(person) if s.count]

    def erase(self, person: Person) -> tuple[int, dict] | None:
        """Delete; return (number of records, payload without personal data), or None."""
        raise NotImplementedError

    def reapply(self, payload: dict) -> int:
        raise NotImplementedError


_PROVIDERS: dict[str, PersonDataProvider] = {}


def register(provider: PersonDataProvider) -> PersonDataProvider:
    _PROVIDERS[provider.key] = provider
    return provider


def all_providers() -> list[PersonDataProvider]:
    from intake.gdpr import sources  # noqa: F401  (the built-in providers register themselves)
    from intake.jobs import gdpr  # noqa: F401  (queued lost-link and resend requests)

    return sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.key))


def provider(key: str) -> PersonDataProvider | None:
    all_providers()
    return _PROVIDERS.get(key)
