"""The one source of 'now', and the Copenhagen calendar every "N days before or after",
"at 09.00" and "whole day" is counted on (issue 9 §4).

Moments are aware and stored in UTC; days and clock times are Europe/Copenhagen's (zoneinfo,
the IANA tz database), so a day across a clock change is 23 or 25 hours long and "14 days
after 30 October 23.59" is 13 November 23.59 local time, not 22.59.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
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


def local_date(moment: datetime) -> date:
    """The Copenhagen calendar date of an aware moment."""
    return moment.astimezone(LOCAL).date()


def local_time_on(day: date, at: time) -> datetime:
    """The moment (aware, in Copenhagen time) the wall clock shows `at` on `day`.

    A time the clock skips (02.00-03.00 on the last Sunday of March) is read as the same
    time after the jump (02.30 becomes 03.30 summer time); a time shown twice (02.00-03.00
    on the last Sunday of October) is the first, summer-time one unless `at.fold` is 1
    (PEP 495). `exists_locally` tells whether the wall clock shows `at` at all."""
    wall = datetime.combine(day, at.replace(tzinfo=None), tzinfo=LOCAL)
    return wall.astimezone(UTC).astimezone(LOCAL)


def exists_locally(day: date, at: time) -> bool:
    """False for a clock time that Copenhagen skips on `day` (spring clock change)."""
    shown = local_time_on(day, at)
    return (shown.date(), shown.time()) == (day, at.replace(tzinfo=None, fold=0))


def add_local_days(moment: datetime, days: int) -> datetime:
    """`moment` moved `days` Copenhagen calendar days (negative: back), keeping its wall
    clock time; aware, in UTC. Across a clock change the result is 23 or 25 hours per day
    away, never an hour off the clock time."""
    local = moment.astimezone(LOCAL)
    day = local.date() + timedelta(days=days)
    return local_time_on(day, local.timetz().replace(tzinfo=None)).astimezone(UTC)


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The whole Copenhagen day as [start, end) in UTC: 23, 24 or 25 hours."""
    start = local_time_on(day, time(0)).astimezone(UTC)
    return start, local_time_on(day + timedelta(days=1), time(0)).astimezone(UTC)
