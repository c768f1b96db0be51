"""Deadlines in business days (días hábiles): weekends and the national holidays (the law's
calendar with the government's decrees, participa.cases.holiday_calendar) do not count."""
from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from participa.cases import holiday_calendar

LOCAL_ZONE = ZoneInfo("America/Guayaquil")


def local_date(moment: datetime) -> date:
    """The calendar day in Ecuador of a naive UTC time."""
    return moment.replace(tzinfo=timezone.utc).astimezone(LOCAL_ZONE).date()


def add_business_days(start: date, days: int, holidays: set[date] | frozenset = frozenset()) -> date:
    """The day on which `days` business days after `start` have passed (`start` not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            remaining -= 1
    return current


def holidays_between(first: date, last: date) -> set[date]:
    """The effective national holidays from `first` to `last`, both included."""
    return holiday_calendar.holidays_between(first, last)


def due_date(start: date, days: int) -> date:
    """`add_business_days` with the national holidays."""
    # Every 5 business days span at most 7 calendar days; leave room for holidays.
    horizon = start + timedelta(days=days * 2 + 60)
    return add_business_days(start, days, holidays_between(start, horizon))


def business_days_between(start: date, end: date, holidays: list[date]) -> int:
    """Business days after `start` up to and including `end` (0 on the same day).

    `holidays` sorted; weekends and holidays do not count."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    count = weeks * 5
    weekday = start.weekday()
    count += sum(1 for step in range(1, rest + 1) if (weekday + step) % 7 < 5)
    first, last = bisect_right(holidays, start), bisect_right(holidays, end)
    return count - sum(1 for day in holidays[first:last] if day.weekday() < 5)
