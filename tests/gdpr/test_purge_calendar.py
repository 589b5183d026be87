"""Retention is counted in Copenhagen calendar days (issue 9 §4): "older than 30 days" across
the October 2027 clock change is 30 local days, not 30 × 24 hours."""

from __future__ import annotations

from datetime import datetime

from intake.clock import LOCAL
from intake.gdpr.service import purge_plan
from tests.exports.factory import FULL_ANSWERS, add_signup

NOW = datetime(2027, 11, 20, 10, 0, tzinfo=LOCAL)  # eksport keeps sign-ups for 30 days


def test_retention_days_are_local_days_across_the_october_change(app, frozen_clock):
    kept = add_signup(app, "eksport", FULL_ANSWERS, at=datetime(2027, 10, 21, 10, 30, tzinfo=LOCAL))
    gone = add_signup(app, "eksport", FULL_ANSWERS | {"email": "gammel@firma.dk"},
                      at=datetime(2027, 10, 21, 9, 59, tzinfo=LOCAL))
    frozen_clock(NOW)
    with app.app_context():
        plan = purge_plan()
        references = {r for item in plan.items for r in item.references}
        cutoffs = {item.cutoff.astimezone(LOCAL) for item in plan.items}
    assert references == {gone}
    assert kept not in references
    assert cutoffs == {datetime(2027, 10, 21, 10, 0, tzinfo=LOCAL)}
