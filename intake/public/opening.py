"""Whether a form is open for sign-ups now (its opens_at/closes_at window, UTC).

How full its buckets are is the read model in intake/signups/availability.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from intake import clock
from intake.formdefs.schema import FormDef


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
