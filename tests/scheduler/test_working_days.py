"""Working-day arithmetic across Tết: 2026's Lunar New Year holidays are 16-20/2/2026
(Monday to Friday) in the `holidays` package, so a week and two weekends do not count."""
from datetime import date

import pytest

from sched_support import hanoi
from workflows.engine.calendar import add_working_days, due_after, is_working_day


def test_tet_2026_is_not_a_working_week():
    assert [is_working_day(date(2026, 2, d)) for d in range(13, 24)] == [
        True, False, False, False, False, False, False, False, False, False, True]


@pytest.mark.parametrize("start, days, due", [
    (date(2026, 2, 13), 1, date(2026, 2, 23)),  # Friday before Tết -> Monday after
    (date(2026, 2, 12), 2, date(2026, 2, 23)),
    (date(2026, 2, 13), 5, date(2026, 2, 27)),
    (date(2026, 2, 17), 1, date(2026, 2, 23)),  # opened during Tết
    (date(2026, 4, 29), 2, date(2026, 5, 5)),  # 30/4 and 1/5, then the weekend
])
def test_working_days_skip_tet_and_holidays(start, days, due):
    assert add_working_days(start, days) == due
    assert due_after(start, days, "working_days") == due


def test_calendar_days_do_not_skip_tet():
    assert due_after(date(2026, 2, 13), 5, "calendar_days") == date(2026, 2, 18)


def test_a_violation_record_due_two_working_days_after_detection_across_tet(make, clock):
    from models import Deadline

    clock.set(hanoi(date(2026, 2, 13), 10))
    make.department()
    cluster = make.cluster()
    make.violation(cluster, make.user("inspector"))
    deadline = Deadline.query.filter_by(policy_key="violation_record").one()
    assert deadline.due_date == date(2026, 2, 24)
