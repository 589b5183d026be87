"""intake/static is what assets/ builds from the pinned dkfds (CI also rebuilds it with npm and
compares, see .ci/run): every built file is listed in assets.json with its SHA-256, so a hand
edit of a built file fails here, and the licences travel with the files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "intake" / "static"
ASSETS = Path(__file__).resolve().parents[2] / "assets"


def test_every_built_file_matches_its_recorded_hash():
    manifest = json.loads((STATIC / "assets.json").read_text())
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((STATIC / name).read_bytes()).hexdigest() == digest, name
    built = {
        p.relative_to(STATIC).as_posix()
        for part in ("css", "fonts", "img", "licences")
        for p in (STATIC / part).rglob("*")
        if p.is_file()
    }
    assert built == set(manifest["files"])


def test_the_recorded_versions_are_the_pinned_ones():
    manifest = json.loads((STATIC / "assets.json").read_text())
    pinned = json.loads((ASSETS / "package.json").read_text())["dependencies"]
    assert manifest["dkfds"] == pinned["dkfds"] and manifest["sass"] == pinned["sass"]
    lock = json.loads((ASSETS / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/dkfds"]["version"] == pinned["dkfds"]


def test_licences_and_only_latin_font_subsets_ship():
    assert "MIT" in (STATIC / "licences" / "dkfds-LICENSE.md").read_text()
    assert "SIL OPEN FONT LICENSE" in (STATIC / "licences" / "IBMPlexSans-OFL.txt").read_text()
    fonts = sorted(p.name for p in (STATIC / "fonts").iterdir())
    assert fonts == [f"IBMPlexSans-{w}-Latin1.woff2" for w in ("Bold", "Regular", "SemiBold")]
