"""`flask files sweep`: strays on disk go once old enough; known files stay; missing files
are reported."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.files.conftest import stored, upload
from tests.support.files import PDF


def test_sweep_removes_old_strays_only(app, runner):
    upload(app, [("plan.pdf", PDF)])
    (kept,) = stored(app)
    directory = Path(app.config["UPLOADS_DIR"])
    old = time.time() - 2 * 24 * 3600
    stray, partial, fresh = "a" * 64, "b" * 64 + ".part", "c" * 64
    for name in (stray, partial, fresh, "README.txt"):
        (directory / name).write_bytes(b"x")
    for name in (stray, partial, "README.txt", kept):
        os.utime(directory / name, (old, old))

    result = runner.invoke(args=["files", "sweep", "--dry-run"])
    assert result.exit_code == 0 and "2 filer uden tilmelding ville blive slettet." in result.output
    assert len(stored(app)) == 5

    result = runner.invoke(args=["files", "sweep"])
    assert result.exit_code == 0 and "2 filer uden tilmelding slettet." in result.output
    assert stored(app) == sorted([kept, fresh, "README.txt"])

    (directory / kept).unlink()
    result = runner.invoke(args=["files", "sweep"])
    assert "1 vedhæftede filer mangler på disken (rækkerne er bevaret)." in result.output
