"""When an emergency hold expires: its start plus the statute's hours, skipping weekends and holidays where the
statute says so (a pure function; the zone is where the hours are counted).

Holidays are the US federal holidays with their observed days (5 U.S.C. § 6103); a state's own holidays are not
known to CarePath, so an expiry computed "excluding holidays" says so and the clinician checks the court calendar.
"""

from __future__ import annotations

import calendar
import datetime as dt
import zoneinfo

FEDERAL_HOLIDAYS_SOURCE = "5 U.S.C. § 6103 (federal holidays), observed on the Friday or Monday when on a weekend"


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th weekday (0 = Monday) of a month; n = -1 for the last."""
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == weekday]
    return days[n if n < 0 else n - 1]


def _observed(day: dt.date) -> dt.date:
    if day.weekday() == 5:
        return day - dt.timedelta(days=1)
    if day.weekday() == 6:
        return day + dt.timedelta(days=1)
    return day


def federal_holidays(year: int) -> set[dt.date]:
    fixed = [
        dt.date(year, 1, 1),
        dt.date(year, 6, 19),
        dt.date(year, 7, 4),
        dt.date(year, 11, 11),
        dt.date(year, 12, 25),
    ]
    moving = [
        _nth_weekday(year, 1, 0, 3),  # Birthday of Martin Luther King, Jr.
        _nth_weekday(year, 2, 0, 3),  # Washington's Birthday
        _nth_weekday(year, 5, 0, -1),  # Memorial Day
        _nth_weekday(year, 9, 0, 1),  # Labor Day
        _nth_weekday(year, 10, 0, 2),  # Columbus Day
        _nth_weekday(year, 11, 3, 4),  # Thanksgiving Day
    ]
    return {_observed(d) for d in fixed} | set(moving)


def _excluded(day: dt.date, excludes: set[str], holidays: bool) -> bool:
    if "weekends" in excludes and day.weekday() >= 5:
        return True
    return "holidays" in excludes and holidays and day in federal_holidays(day.year)


def hold_expiry(
    start: dt.datetime, hours: float, excludes: list[str] | None, zone: zoneinfo.ZoneInfo, *, us: bool = True
) -> dt.datetime:
    """The end of a hold of `hours` from `start`, the hours of excluded days not counted.

    Hours are elapsed time (a night when the clocks change is 23 or 25 hours long); days begin at local midnight.
    The arithmetic is in UTC: Python's arithmetic on two times of one zone ignores the change of offset."""
    excluded = set(excludes or [])
    current = start.astimezone(dt.UTC)
    remaining = dt.timedelta(hours=hours)
    while remaining > dt.timedelta(0):
        day = current.astimezone(zone).date()
        midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone).astimezone(dt.UTC)
        if _excluded(day, excluded, us):
            current = midnight
            continue
        step = min(remaining, midnight - current)
        current += step
        remaining -= step
    return current
