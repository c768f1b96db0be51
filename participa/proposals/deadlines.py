"""Answer deadlines for proposals, counted in business days (a *término*, as in the Código
Orgánico Administrativo, art. 207).

Saturdays, Sundays and the national holidays (the law's calendar with the government's
decrees, participa.cases.holiday_calendar, the one Contacto Ciudadano counts with) are
non-business days: `answer_due_on` is the deadline a proposal owes its answer by.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Callable
from zoneinfo import ZoneInfo

from participa.cases import holiday_calendar

LOCAL_TIMEZONE = ZoneInfo("America/Guayaquil")
SATURDAY = 5


def is_business_day(day: date, holidays: Callable[[date], bool] | None = None) -> bool:
    return day.weekday() < SATURDAY and not (holidays and holidays(day))


def add_business_days(start: date, days: int,
                      holidays: Callable[[date], bool] | None = None) -> date:
    """The date `days` business days after `start`; `start` itself is never counted.

    A proposal that reaches its threshold on Friday with 1 business day to answer is due on
    Monday; with 0 days it is due the same day.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_business_day(current, holidays):
            remaining -= 1
    return current


def answer_due_on(start: date, days: int) -> date:
    """`add_business_days` with the national holidays."""
    # Every 5 business days span at most 7 calendar days; leave room for holidays.
    holidays = holiday_calendar.holidays_between(start, start + timedelta(days=days * 2 + 60))
    return add_business_days(start, days, holidays.__contains__)


def local_date(moment: datetime) -> date:
    """The calendar date in Ecuador of a naive UTC time."""
    return moment.replace(tzinfo=timezone.utc).astimezone(LOCAL_TIMEZONE).date()


def is_past_due(moment: datetime, due_on: date | None) -> bool:
    """Whether `moment` (naive UTC) falls after the whole local day `due_on`."""
    return due_on is not None and local_date(moment) > due_on
