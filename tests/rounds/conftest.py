"""Round fixtures: an app with only the follow-up form, a seeded period, a logged-in staff
client (the round's staff pages), the clock frozen before logging in."""

from tests.support.goal_fixtures import app, now, seeded, staff  # noqa: F401
