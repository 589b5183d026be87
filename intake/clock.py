"""The one source of 'now', so that reminder schedules and deadlines can be tested in time."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/Copenhagen")
_offset = timedelta(0)
_frozen: datetime | None = None


def now() -> datetime:
    if _frozen is not None:
        return _frozen
    return datetime.now(UTC) + _offset


def local_now() -> datetime:
    return now().astimezone(LOCAL)


def to_local(value: datetime) -> datetime:
    return value.astimezone(LOCAL)


@contextmanager
def frozen(at: datetime):
    """Stop time at `at` (aware) for the block; tests use it to walk through a schedule."""
    global _frozen
    previous, _frozen = _frozen, at.astimezone(UTC)
    try:
        yield
    finally:
        _frozen = previous


def set_frozen(at: datetime | None) -> None:
    global _frozen
    _frozen = at.astimezone(UTC) if at else None
