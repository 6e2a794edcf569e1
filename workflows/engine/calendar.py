"""Calendar and working-day arithmetic in Hanoi time.

Working days exclude weekends and Vietnamese public holidays (Tết, Hùng Kings, 30/4, 1/5,
2/9) as the `holidays` package knows them, including the years it computes from the lunar
calendar."""
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def local_date(moment: datetime) -> date:
    return moment.astimezone(HANOI).date()


@lru_cache(maxsize=64)
def _vn_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _vn_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def due_after(start: date, duration: int, unit: str) -> date:
    if unit == "working_days":
        return add_working_days(start, duration)
    if unit == "calendar_days":
        return start + timedelta(days=duration)
    raise ValueError(f"unknown duration unit {unit!r}")
