"""A round's days are Copenhagen calendar days (issue 9 §4): the example from the issue, a
deadline of 30-10-2027 23.59 with 14 grace days across the October clock change, and the
reminder hour across both 2027 changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from intake.clock import LOCAL
from intake.extensions import db
from intake.rounds import reminders
from intake.rounds.models import Round
from tests.staff.conftest import create_staff
from tests.support.goals import issue_token, login, make_round

DEADLINE = datetime(2027, 10, 30, 23, 59, tzinfo=LOCAL)


def test_grace_days_across_the_october_change_end_at_the_same_clock_time(
        app, seeded, frozen_clock):
    frozen_clock(datetime(2027, 10, 20, 10, 0, tzinfo=LOCAL))
    round_id = make_round(app, deadline=DEADLINE, grace_days=14)
    token = issue_token(app, "anne@example.dk", round_id)
    with app.app_context():
        until = db.session.get(Round, round_id).link_valid_until
    assert until == datetime(2027, 11, 13, 22, 59, tzinfo=UTC)  # 23.59 winter time
    create_staff(app)
    staff = login(app)
    page = staff.get(f"/staff/maal/runder/{round_id}").get_data(as_text=True)
    assert "13. november 2027 kl. 23.59" in page
    assert "kl. 22.59" not in page
    frozen_clock(datetime(2027, 11, 13, 23, 30, tzinfo=LOCAL))  # after 22.59, before 23.59
    assert app.test_client().get(f"/opfoelgning/{token}").status_code == 200
    frozen_clock(datetime(2027, 11, 13, 23, 59, tzinfo=LOCAL))
    assert app.test_client().get(f"/opfoelgning/{token}").status_code != 200


def test_reminders_at_nine_on_both_sides_of_each_change(app, seeded, frozen_clock):
    frozen_clock(datetime(2027, 3, 1, 10, 0, tzinfo=LOCAL))
    spring = make_round(app, deadline=datetime(2027, 4, 1, 12, 0, tzinfo=LOCAL), start=False,
                        reminder_days=[7, 2])
    autumn = make_round(app, deadline=DEADLINE + timedelta(days=3), start=False,
                        reminder_days=[7, 2])
    with app.app_context():
        local = {
            r: [
                m.astimezone(LOCAL).strftime("%d-%m %H.%M %z")
                for m in reminders.schedule(db.session.get(Round, r))
            ]
            for r in (spring, autumn)
        }
    assert local[spring] == ["25-03 09.00 +0100", "30-03 09.00 +0200"]
    assert local[autumn] == ["26-10 09.00 +0200", "31-10 09.00 +0100"]
