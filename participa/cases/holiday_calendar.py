"""The national holidays that stop the count of business days (días hábiles).

The law sets them (Código del Trabajo, art. 65) and moves most of them to keep long weekends
(Ley Orgánica Reformatoria a la LOSEP y al Código del Trabajo, 2016: a holiday on a Tuesday is
rested on the Monday before, on a Wednesday or Thursday on the Friday after, on a Saturday or
Sunday on the Friday before or the Monday after; New Year's Day, Christmas and Carnival Tuesday
excepted). Those rules, Carnival and Good Friday come from the Ecuador calendar of the
`holidays` package, which is maintained with the law; a fresh installation knows them without
any set-up. A moved holiday's own date is a working day: the rest was moved, not doubled.

The government also decrees extra days off, or moves a holiday elsewhere; platform
administrators record those as `Holiday` rows of kind ADDED or REMOVED. The effective holidays
are: the law's calendar ∪ added days − removed days.

The law's calendar of a year is computed once per process (it only changes with the package);
the administrators' rows are read on every call, in one query over the range asked for, so that
every worker process sees a change as soon as it is committed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays as law_package
from sqlalchemy import select

from participa.extensions import db
from participa.models import Holiday, HolidayKind

COUNTRY = "EC"
WEEKDAYS = 5  # Monday to Friday


@lru_cache(maxsize=None)
def law_holidays(year: int, language: str = "es") -> dict[date, str]:
    """{day: name} of the law's rest days in `year`, weekends included as the law names them;
    a holiday moved by the law appears on the day it is rested, not on its own date."""
    years = [year - 1, year, year + 1]  # a rest day may move across the new year
    moved = law_package.country_holidays(COUNTRY, years=years, language=language)
    fixed = law_package.country_holidays(COUNTRY, years=years, language=language,
                                         observed=False)
    days = {day: "; ".join(moved.get_list(day)) for day in moved if day.year == year}
    for day in moved:
        new_names = set(moved.get_list(day)) - set(fixed.get_list(day))
        for name in new_names:  # a rest day the law moved here: its own date is worked
            for offset in range(-6, 7):
                own = day + timedelta(days=offset)
                if (own != day and own.year == year and own.weekday() < WEEKDAYS
                        and any(original in name for original in fixed.get_list(own))):
                    days.pop(own, None)
    return dict(sorted(days.items()))


def _law_days_between(first: date, last: date) -> set[date]:
    return {day for year in range(first.year, last.year + 1) for day in law_holidays(year)
            if first <= day <= last}


def holidays_between(first: date, last: date, session=None) -> set[date]:
    """The effective holidays from `first` to `last`, both included."""
    session = session or db.session
    days = _law_days_between(first, last)
    for day, kind in session.execute(select(Holiday.day, Holiday.kind)
                                     .where(Holiday.day.between(first, last))):
        if kind == HolidayKind.ADDED:
            days.add(day)
        else:
            days.discard(day)
    return days


def sorted_holidays_between(first: date, last: date, session=None) -> list[date]:
    return sorted(holidays_between(first, last, session))


@dataclass(frozen=True)
class Entry:
    day: date
    name: str
    decreed: bool  # a stored change (added or removed), not the law's calendar alone


def year_calendar(year: int, language: str = "es") -> tuple[list[Entry], list[Entry]]:
    """(the effective holidays of `year`, the law's holidays removed by decree), by day."""
    law = law_holidays(year, language)
    changes = {row.day: row for row in db.session.scalars(
        select(Holiday).where(Holiday.day.between(date(year, 1, 1), date(year, 12, 31))))}
    effective = {day: Entry(day, name, False) for day, name in law.items()}
    removed = []
    for day, row in changes.items():
        if row.kind == HolidayKind.ADDED:
            effective[day] = Entry(day, row.name, True)
        elif day in effective:
            removed.append(Entry(day, law[day], True))
            del effective[day]
    return sorted(effective.values(), key=lambda e: e.day), sorted(removed, key=lambda e: e.day)


def is_law_holiday(day: date) -> bool:
    return day in law_holidays(day.year)
