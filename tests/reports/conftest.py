"""A round worth a committee report: 2026 with goal 1 "i gang", carried into 2027, where two
owners answered goal 1 and one goal in each area is new (tests/support/goals.py seeds)."""

from tests.reports.report_fixtures import report_client, two_years  # noqa: F401
from tests.support.goal_fixtures import app, now, seeded, staff  # noqa: F401
