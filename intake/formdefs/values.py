"""Readers for single values in a form file: texts, flags, dates, conditions.

Each reader records a Danish problem instead of raising, so one run reports every mistake.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from intake.clock import exists_locally, local_time_on
from intake.formdefs.schema import Condition, Text


def flag(raw: Any, where: str, p: Problems, default: bool = False) -> bool:
    """true/false (or ja/nej); anything else is a mistake, never silently true."""
    if raw is None:
        return default
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("ja", "true", "yes"):
        return True
    if text in ("nej", "false", "no"):
        return False
    p.add(None, f"{where}: skal være true eller false (ja/nej), ikke {raw!r}")
    return default


def unknown_keys(raw: dict, allowed: set[str], where: str, p: Problems) -> None:
    for key in sorted(raw.keys() - allowed):
        p.add(None, f"{where}: ukendt nøgle '{key}'")


class Problems:
    """Every mistake found in one definition, in order.

    `items` are the file checker's lines ("form.yaml: felt 'navn': ..."); `entries` keep
    (where, message) apart for intake.formdefs.store.check, which links each to its field.
    """

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.name = path.name if isinstance(path, Path) else str(path)
        self.items: list[str] = []
        self.entries: list[tuple[str | None, str]] = []

    def add(self, where: str | None, message: str) -> None:
        prefix = f"{self.name}: " + (f"{where}: " if where else "")
        self.items.append(prefix + message)
        self.entries.append((where, message))


def text(raw: Any, where: str, p: Problems, required: bool = False) -> Text | None:
    if raw is None or raw == "":
        if required:
            p.add(None, f"{where}: teksten mangler")
        return None
    if isinstance(raw, str | int | float):
        return Text(str(raw))
    if isinstance(raw, dict) and isinstance(raw.get("da"), str):
        unknown = sorted(str(key) for key in raw if key not in ("da", "en"))
        if unknown:  # e.g. `{da: Øvelse, version 2, en: …}`: never dropped silently
            p.add(None, f"{where}: ukendt nøgle {', '.join(unknown)} i teksten; "
                        "brug kun 'da:' og 'en:'")
            return None
        english = raw.get("en")
        if english is not None and not isinstance(english, str | int | float):
            p.add(None, f"{where}: 'en:' skal være en tekst")
            return None
        return Text(raw["da"], str(english) if english else None)
    p.add(None, f"{where}: en tekst skal være en streng eller have 'da:' (og evt. 'en:')")
    return None


def condition(raw: Any, where: str, p: Problems) -> Condition | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not raw:
        p.add(where, "'show_if'/'required_if' skal være fx {sektor: erhverv}")
        return None
    terms = []
    for name, values in raw.items():
        values = values if isinstance(values, list) else [values]
        if not values:
            p.add(where, f"betingelsen på '{name}' har ingen værdier")
        terms.append((str(name), frozenset(code(v) for v in values)))
    return Condition(tuple(terms))


def code(value: Any) -> str:
    if value is True:
        return "ja"
    if value is False:
        return "nej"
    return str(value)


def moment(raw: Any, where: str, p: Problems) -> datetime | None:
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return local_moment(raw.date(), raw.time(), where, p) if raw.tzinfo is None else raw
    if isinstance(raw, date):
        return local_moment(raw, time(0, 0), where, p)
    try:
        wall = datetime.strptime(str(raw).strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        wall = _iso_moment(raw)
        if wall is None:
            p.add(None, f"'{where}' skal være en dato og tid som 2026-10-08 09:00, ikke {raw!r}")
            return None
        if wall.tzinfo is not None:
            return wall
    return local_moment(wall.date(), wall.time(), where, p)


def _iso_moment(raw: Any) -> datetime | None:
    """A time stored as JSON text (intake.formdefs.store: YAML times with seconds or an
    offset become ISO text) reads as the same time it was in the file."""
    text = str(raw).strip()
    if len(text) < 16 or text[10] not in " T":
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def local_moment(day: date, at: time, where: str, p: Problems) -> datetime | None:
    """Copenhagen wall-clock time on a day (clock.local_time_on); a time the clock skips at
    the spring change is a problem, not a guess."""
    if not exists_locally(day, at):
        p.add(None, f"'{where}': {day.isoformat()} kl. {at:%H:%M} findes ikke i dansk tid "
                    "(uret stilles frem fra 02:00 til 03:00 den dag)")
        return None
    return local_time_on(day, at)


def read_date(raw: Any, where: str, p: Problems) -> date | None:
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        p.add(None, f"{where}: '{raw}' er ikke en dato som 2026-10-08")
        return None


def clock_time(raw: Any, where: str, p: Problems) -> time | None:
    if isinstance(raw, int):  # YAML 1.1 reads 08:30 as a sexagesimal number
        raw = f"{raw // 60:02d}:{raw % 60:02d}"
    try:
        return datetime.strptime(str(raw), "%H:%M").time()
    except ValueError:
        p.add(None, f"{where}: '{raw}' er ikke et klokkeslæt som \"08:30\"")
        return None


def positive_int(raw: Any, where: str, p: Problems) -> int | None:
    if raw is None:
        return None
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
        p.add(None, f"'{where}' skal være et helt tal, 0 eller derover")
        return None
    return raw
