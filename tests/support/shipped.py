"""The version a shipped form file in forms/ carries, so tests that publish a seed form
expect "that version + 1" instead of a number that changes whenever the file is raised."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def shipped_version(slug: str) -> int:
    """`version:` of forms/<slug>.yaml (the store's first version of the form)."""
    return int(yaml.safe_load((ROOT / "forms" / f"{slug}.yaml").read_text(encoding="utf-8"))
               ["version"])
