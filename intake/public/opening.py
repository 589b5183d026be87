"""Whether a form is open for sign-ups now (its opens_at/closes_at window, UTC, or closed
by staff: FormDef.closed_at, intake.formdefs.store.set_closed).

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


def window(definition: FormDef) -> Window:
    now = clock.now()
    if definition.closed_at and now >= definition.closed_at:  # staff closed it now
        return Window("closed", definition.opens_at, definition.closed_at)
    if definition.opens_at and now < definition.opens_at:
        return Window("not_yet", definition.opens_at, definition.closes_at)
    if definition.closes_at and now >= definition.closes_at:
        return Window("closed", definition.opens_at, definition.closes_at)
    return Window("open", definition.opens_at, definition.closes_at)
