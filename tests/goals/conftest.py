"""Goal staff fixtures: an app with only the follow-up form, a logged-in staff client."""

from tests.support.goal_fixtures import app, now, seeded, staff  # noqa: F401
