"""Whether a form is open, and how full its buckets are, for the public page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from intake import clock
from intake.formdefs.schema import FormDef
from intake.signups import capacity


@dataclass(frozen=True)
class Window:
    state: str  # open | not_yet | closed
    opens_at: datetime | None
    closes_at: datetime | None


def window(form: FormDef) -> Window:
    now = clock.now()
    if form.opens_at and now < form.opens_at:
        return Window("not_yet", form.opens_at, form.closes_at)
    if form.closes_at and now >= form.closes_at:
        return Window("closed", form.opens_at, form.closes_at)
    return Window("open", form.opens_at, form.closes_at)


def seats_left(form: FormDef, buckets: list[str]) -> dict[str, int | None]:
    """Free seats per bucket (None when unlimited); read without locks, for display only."""
    result = {}
    for bucket in buckets:
        limit = capacity.limit_for(form, bucket)
        result[bucket] = None if limit is None else max(limit - capacity.used(form.slug, bucket), 0)
    return result
