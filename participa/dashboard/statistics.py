"""Resolution statistics: plain figures and the arithmetic on them (no database access).

`participa.dashboard.queries` fills `Figures` from SQL aggregates and from one query of
per-case times; the rates and percentiles below are computed on those numbers.
"""
from __future__ import annotations

import math
import statistics
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Sequence

from participa.cases.businessdays import LOCAL_ZONE, business_days_between  # noqa: F401

# The counts that add up across institutions (and across types or categories).
COUNTS = ("received", "answered", "resolved", "rejected", "transferred", "open", "overdue",
          "reopened", "responded", "due", "on_time", "rated", "rating_sum", "satisfactory",
          "information_requests", "information_due", "information_on_time")


_HISTOGRAMS = ("first_response_histogram", "resolution_histogram")


def counter_of(items=()) -> Counter:
    """A Counter holding `items` ({value: count}), made without Counter's constructor, whose
    type checks cost more than the copy for the tens of thousands of small histograms a
    national report loads."""
    histogram = Counter.__new__(Counter)
    dict.__init__(histogram, items)
    return histogram


@dataclass
class Figures:
    received: int = 0       # cases created in the period
    answered: int = 0       # ... that got at least one answer
    resolved: int = 0       # ... that are now resolved or closed
    rejected: int = 0       # ... that are now rejected (out of the institution's scope)
    transferred: int = 0    # transfers of those cases to another institution
    open: int = 0           # ... still waiting for an answer
    overdue: int = 0        # ... still waiting past their due date
    reopened: int = 0       # ... reopened by the citizen at least once
    responded: int = 0      # ... with a first response (an answer or a rejection)
    # ... with a first response, or still without one past their due date: the cases whose
    # timeliness is known (a case never answered counts as late once due).
    due: int = 0
    on_time: int = 0        # ... whose first response came within the deadline
    rated: int = 0
    rating_sum: int = 0
    satisfactory: int = 0   # ratings of 4 or 5
    information_requests: int = 0  # cases of the type "request for information"
    information_due: int = 0       # ... with a first response or past their due date
    information_on_time: int = 0   # ... whose first response came within the deadline
    # Business days to the first response / to resolution: {days: number of cases}.
    first_response_histogram: Counter = field(default_factory=counter_of)
    resolution_histogram: Counter = field(default_factory=counter_of)

    # Reports are kept in the figures cache; a Counter unpickles through Counter.update,
    # slow for the thousands of histograms of a national report: they travel as dicts.
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        for name in _HISTOGRAMS:
            state[name] = dict(state[name])
        return state

    def __setstate__(self, state: dict) -> None:
        for name in _HISTOGRAMS:
            state[name] = counter_of(state[name])
        self.__dict__.update(state)

    def add(self, other: "Figures") -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        # Added by hand: Counter.update checks its argument's type through the abstract
        # Mapping class, which costs more than the addition for the thousands of small
        # histograms a national report sums.
        for name in _HISTOGRAMS:
            mine = getattr(self, name)
            for days, count in getattr(other, name).items():
                mine[days] = mine.get(days, 0) + count

    @property
    def resolution_rate(self) -> float | None:
        return ratio(self.resolved, self.received)

    @property
    def on_time_rate(self) -> float | None:
        return ratio(self.on_time, self.due)

    @property
    def reopen_rate(self) -> float | None:
        return ratio(self.reopened, self.answered)

    @property
    def mean_rating(self) -> float | None:
        return ratio(self.rating_sum, self.rated)

    @property
    def median_days_to_first_response(self) -> float | None:
        return histogram_median(self.first_response_histogram)

    @property
    def p90_days_to_first_response(self) -> int | None:
        return histogram_percentile(self.first_response_histogram, 90)

    @property
    def median_days_to_resolution(self) -> float | None:
        return histogram_median(self.resolution_histogram)

    @property
    def p90_days_to_resolution(self) -> int | None:
        return histogram_percentile(self.resolution_histogram, 90)

    def resolution_days_distribution(self, bounds: Sequence[int]
                                     ) -> list[tuple[int, int | None, int]]:
        """The resolved cases counted by business days to resolution, in bins cut at the
        ascending `bounds`: (low, high, count) with low <= days < high; the first bin starts
        at 0 and the last is open (high None). Bounds (1, 3) give 0, 1–2 and 3 or more."""
        edges = sorted(set(bounds))
        counts = [0] * (len(edges) + 1)
        for days, count in self.resolution_histogram.items():
            counts[bisect_right(edges, days)] += count
        lows = [0] + edges
        highs: list[int | None] = list(edges) + [None]
        return list(zip(lows, highs, counts))


def ratio(part: float, whole: float) -> float | None:
    """part / whole, or None when there is nothing to divide by (never NaN)."""
    return part / whole if whole else None


def median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def percentile(values: list[int], p: int) -> int | None:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


def _nth_smallest(histogram: Counter, rank: int) -> int:
    """The value at 1-based `rank` of the values the histogram counts."""
    for value in sorted(histogram):
        rank -= histogram[value]
        if rank <= 0:
            return value
    raise ValueError("rank beyond the histogram")


def histogram_median(histogram: Counter) -> float | None:
    """The median of the values a {value: count} histogram describes (None when empty)."""
    total = sum(histogram.values())
    if not total:
        return None
    if total % 2:
        return _nth_smallest(histogram, total // 2 + 1)
    return (_nth_smallest(histogram, total // 2) + _nth_smallest(histogram, total // 2 + 1)) / 2


def histogram_percentile(histogram: Counter, p: int) -> int | None:
    """Nearest rank, as `percentile`, on a {value: count} histogram."""
    total = sum(histogram.values())
    if not total:
        return None
    return _nth_smallest(histogram, max(1, math.ceil(p / 100 * total)))


def local_midnight(day: date) -> datetime:
    """The naive UTC time at which the local (Guayaquil) day begins."""
    return datetime.combine(day, time(), LOCAL_ZONE).astimezone(timezone.utc).replace(
        tzinfo=None)


@dataclass
class Period:
    first: date  # inclusive, local days
    last: date

    @property
    def since(self) -> datetime:
        return local_midnight(self.first)

    @property
    def until(self) -> datetime:
        return local_midnight(self.last + timedelta(days=1))

    def months(self) -> list[tuple[int, int]]:
        months, year, month = [], self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


def month_period(day: date) -> Period:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period(first, following - timedelta(days=1))


def quarter_period(day: date) -> Period:
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return Period(first, month_period(date(day.year, first.month + 2, 1)).last)


def year_period(day: date) -> Period:
    return Period(date(day.year, 1, 1), date(day.year, 12, 31))
