"""The Copenhagen calendar in intake.clock (issue 9 §4), across both clock changes of 2027:
28 March (02.00 → 03.00) and 31 October (03.00 → 02.00)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from intake import clock
from intake.clock import LOCAL
from intake.formdefs.values import Problems, moment


def test_adding_days_keeps_the_wall_clock_across_both_changes():
    autumn = datetime(2027, 10, 30, 23, 59, tzinfo=LOCAL)
    assert clock.add_local_days(autumn, 14).astimezone(LOCAL) == datetime(2027, 11, 13, 23, 59,
                                                                           tzinfo=LOCAL)
    assert clock.add_local_days(autumn, 14) - autumn == timedelta(days=14, hours=1)
    spring = datetime(2027, 3, 27, 9, 0, tzinfo=LOCAL)
    assert clock.add_local_days(spring, 1) == datetime(2027, 3, 28, 7, 0, tzinfo=UTC)  # 23 hours
    assert clock.add_local_days(spring.astimezone(UTC), 2).tzinfo == UTC
    back = clock.add_local_days(datetime(2027, 4, 1, 12, 0, tzinfo=LOCAL), -7)
    assert back.astimezone(LOCAL) == datetime(2027, 3, 25, 12, 0, tzinfo=LOCAL)


def test_whole_days_are_23_24_and_25_hours():
    lengths = {d: (lambda b: b[1] - b[0])(clock.local_day_bounds(d))
               for d in (date(2027, 3, 28), date(2027, 6, 1), date(2027, 10, 31))}
    assert lengths == {
        date(2027, 3, 28): timedelta(hours=23),
        date(2027, 6, 1): timedelta(hours=24),
        date(2027, 10, 31): timedelta(hours=25),
    }
    start, end = clock.local_day_bounds(date(2027, 10, 31))
    assert (start, end) == (datetime(2027, 10, 30, 22, 0, tzinfo=UTC),
                            datetime(2027, 10, 31, 23, 0, tzinfo=UTC))
    assert clock.local_date(end - timedelta(microseconds=1)) == date(2027, 10, 31)
    assert clock.local_date(end) == date(2027, 11, 1)


def test_a_clock_time_on_a_day_skipped_or_shown_twice():
    assert clock.local_time_on(date(2027, 3, 28), time(9)) == datetime(
        2027, 3, 28, 7, 0, tzinfo=UTC
    )
    assert clock.local_time_on(date(2027, 10, 31), time(9)) == datetime(2027, 10, 31, 8, 0,
                                                                        tzinfo=UTC)
    skipped = clock.local_time_on(date(2027, 3, 28), time(2, 30))
    assert (skipped.hour, skipped.minute, skipped.utcoffset()) == (3, 30, timedelta(hours=2))
    assert not clock.exists_locally(date(2027, 3, 28), time(2, 30))
    assert clock.exists_locally(date(2027, 10, 31), time(2, 30))
    twice = clock.local_time_on(date(2027, 10, 31), time(2, 30))
    assert twice.utcoffset() == timedelta(hours=2)  # the first, summer-time 02.30


@pytest.mark.parametrize("raw, expected", [
    ("2027-10-31 02:30", datetime(2027, 10, 31, 0, 30, tzinfo=UTC)),
    ("2027-03-28 03:00", datetime(2027, 3, 28, 1, 0, tzinfo=UTC)),
    (date(2027, 3, 28), datetime(2027, 3, 27, 23, 0, tzinfo=UTC)),
    (datetime(2027, 10, 31, 12, 0), datetime(2027, 10, 31, 11, 0, tzinfo=UTC)),
])
def test_form_opening_and_closing_times_are_copenhagen_wall_clock(raw, expected):
    problems = Problems(Path("x.yaml"))
    assert moment(raw, "closes", problems).astimezone(UTC) == expected  # PEP 495: compare in UTC


def test_a_form_time_the_clock_skips_is_a_problem_not_a_guess():
    problems = Problems(Path("x.yaml"))
    assert moment("2027-03-28 02:30", "opens", problems) is None
    assert problems.items == ["x.yaml: 'opens': 2027-03-28 kl. 02:30 findes ikke i dansk tid (uret "
                              "stilles frem fra 02:00 til 03:00 den dag)"]
