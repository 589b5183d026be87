"""Danish postcodes and towns from the table shipped with the app (no remote look-up)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

TABLE = Path(__file__).parent / "data" / "postnumre.csv"


@cache
def towns() -> dict[str, str]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return {row["postnummer"]: row["bynavn"] for row in csv.DictReader(handle, delimiter=";")}


def town(code: str) -> str | None:
    return towns().get(code)
