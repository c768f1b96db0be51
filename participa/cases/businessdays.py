"""Deadlines in business days (días hábiles): weekends and the holiday list do not count."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select

from participa.extensions import db
from participa.models import Holiday

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
    return set(db.session.scalars(select(Holiday.day).where(Holiday.day.between(first, last))))


def due_date(start: date, days: int) -> date:
    """`add_business_days` with the stored holiday list."""
    # Every 5 business days span at most 7 calendar days; leave room for holidays.
    horizon = start + timedelta(days=days * 2 + 60)
    return add_business_days(start, days, holidays_between(start, horizon))
