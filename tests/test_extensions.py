"""Rate-limit counts belong to one app (the flaky tests/followup/test_tokens.py guessing test).

The views' limits are declared on one module-level Flask-Limiter object, and Flask-Limiter
keeps its storage on that object: every `init_app` replaced it, so an app made earlier
counted in the storage of the app made last (its own counts gone), and the teardown's reset
cleared only that one. Two apps in one process (tests, or a CLI app beside the web app)
shared and reset each other's counters. Now each app keeps its own storage."""

from __future__ import annotations

GUESSER = {"REMOTE_ADDR": "192.0.2.44"}


def _guess(client, i: int) -> int:
    return client.get(f"/opfoelgning/{'x' * 42}{i % 10}", environ_base=GUESSER).status_code


def test_each_app_counts_in_its_own_storage(make_app):
    first = make_app()
    client = first.test_client()
    assert [_guess(client, i) for i in range(10)] == [404] * 10
    second = make_app()  # another app in the same process
    assert _guess(client, 10) == 429  # the first app kept its count
    assert _guess(second.test_client(), 11) == 404  # the second starts from zero
    with first.app_context():
        first_storage = first.extensions["limiter_storage"]
    assert first_storage is not second.extensions["limiter_storage"]
