"""XLSForm fixtures: the app on its own database, the workbooks in data/."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def ctx(app):
    """A request context: the converter's messages are translated texts."""
    with app.test_request_context():
        yield app


def fixture_bytes(name: str) -> bytes:
    return (DATA / name).read_bytes()
