"""The published inspiration sheets a news mail may link to (intake.inspiration, issue 14 §3).

Read through `intake.inspiration.service.published()` only, so a sheet staff have withdrawn
is neither offered nor linked, even in a sending made before. The link is the public
download `/erhvervspolitik/inspiration/<id>` as an absolute address from PUBLIC_BASE_URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake.inspiration import service as inspiration
from intake.links import public_url

DOWNLOAD_ENDPOINT = "public.inspiration_download"


@dataclass(frozen=True)
class Sheet:
    """What a news mail and the staff pages need of a sheet: `url` is absolute."""

    id: int
    title: str
    area: str  # the focus area's Danish name
    url: str


def _sheet(row) -> Sheet:
    return Sheet(
        id=row.id, title=row.title, area=row.focus_area.label,
        url=public_url(DOWNLOAD_ENDPOINT, sheet_id=row.id),
    )


def published() -> list[Sheet]:
    """Every published sheet, newest first."""
    return [_sheet(row) for row in inspiration.published()]


def find(sheet_id: int | None) -> Sheet | None:
    """The published sheet with this id, or None (no id, removed or withdrawn)."""
    if sheet_id is None:
        return None
    return next((sheet for sheet in published() if sheet.id == sheet_id), None)
