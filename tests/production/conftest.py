import pytest

from tests.support.drills import make_stack


@pytest.fixture
def stack(make_app, tmp_path):
    running = make_stack(make_app, tmp_path)
    yield running
    running.stop()
