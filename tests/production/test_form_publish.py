"""A publish reaches every web process within 5 seconds, without a restart (issue 12 §1).

Two separate gunicorn servers (two workers each) on the test's database (SQLite file or
PostgreSQL) both serve the drill form; then a new version is published in the test process
through `flask forms import --publish` (the store API in a CLI context), and each server's
public page is polled until it shows the new version. Nothing in a process's memory decides
what is served: the catalogue's generation in the database does.
"""

from __future__ import annotations

import time

import pytest

from tests.support.drills import DRILL_FORMS
from tests.support.processes import Client

pytestmark = pytest.mark.slow
NEW_TITLE = "Øvelse nummer 2"


def title_seen(port: int, text: str) -> bool:
    return text in Client(port).get("/f/drill").text


def test_a_publish_through_one_process_is_served_by_every_server_within_5_seconds(stack, tmp_path):
    servers = [stack.gunicorn(workers=2, name="a"), stack.gunicorn(workers=2, name="b")]
    for server in servers:  # every worker has read (and cached) version 1
        for _ in range(6):
            assert title_seen(server.port, "Øvelse")
            assert not title_seen(server.port, NEW_TITLE)

    changed = tmp_path / "drill-v2.yaml"
    text = (DRILL_FORMS / "drill.yaml").read_text(encoding="utf-8")
    changed.write_text(
        text.replace("title: {da: Øvelse,", f"title: {{da: {NEW_TITLE},", 1), encoding="utf-8"
    )
    result = stack.app.test_cli_runner().invoke(
        args=["forms", "import", str(changed), "--publish", "--by", "anna@hedensted.dk"]
    )
    assert result.exit_code == 0, result.output
    published = time.monotonic()

    for server in servers:
        # several requests, so that each of the server's workers answers at least once
        deadline = published + 5
        seen = 0
        while seen < 6:
            assert time.monotonic() < deadline, stack.process_logs()
            if title_seen(server.port, NEW_TITLE):
                seen += 1
            else:
                seen = 0
                time.sleep(0.05)
    assert "version 2" in result.output
