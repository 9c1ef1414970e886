"""The legal clock of an emergency hold: elapsed hours, weekends and federal holidays left out where the
statute says so, and the change of the clocks in autumn."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from carepath.hospital.holds import federal_holidays, hold_expiry

LA = zoneinfo.ZoneInfo("America/Los_Angeles")


def _la(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LA)


def test_hours_counted_straight_through():
    end = hold_expiry(_la(2026, 12, 4, 10, 0), 72, [], LA)  # a Friday
    assert end.astimezone(LA) == _la(2026, 12, 7, 10, 0)


def test_weekends_and_holidays_are_left_out_when_the_statute_says_so():
    # Wed 25 Nov 10:00: 14 h Wed, Thanksgiving (26th) not counted, 24 h Fri, weekend not counted,
    # then Mon, Tue, Wed (72 h, 110 in all) and 10 h on Thursday 3 Dec.
    end = hold_expiry(_la(2026, 11, 25, 10, 0), 120, ["weekends", "holidays"], LA)
    assert end.astimezone(LA) == _la(2026, 12, 3, 10, 0)


def test_weekends_only_count_thanksgiving():
    end = hold_expiry(_la(2026, 11, 25, 10, 0), 48, ["weekends"], LA)
    assert end.astimezone(LA) == _la(2026, 11, 27, 10, 0)


def test_a_hold_started_on_a_saturday_starts_counting_on_monday():
    end = hold_expiry(_la(2026, 12, 5, 15, 0), 24, ["weekends"], LA)
    assert end.astimezone(LA) == _la(2026, 12, 8, 0, 0)


def test_the_night_the_clocks_go_back_is_25_hours():
    start = _la(2026, 10, 31, 12, 0)  # PDT; the clocks go back at 02:00 on 1 November
    end = hold_expiry(start, 72, [], LA)
    assert end - start.astimezone(dt.UTC) == dt.timedelta(hours=72)
    assert end.astimezone(LA).hour == 11  # 11:00 PST, three days on


def test_federal_holidays_with_their_observed_days():
    days = federal_holidays(2026)
    assert dt.date(2026, 7, 3) in days  # 4 July 2026 is a Saturday: observed on Friday
    assert dt.date(2026, 11, 26) in days  # Thanksgiving, fourth Thursday
    assert dt.date(2026, 1, 19) in days and dt.date(2026, 5, 25) in days
    assert len(days) == 11
