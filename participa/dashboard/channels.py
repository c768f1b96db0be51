"""One institution's cases by channel (online or assisted) over a period, for its dashboard
page: the same list as `queries.breakdown(period, today, "channel", id)`, read in two cached
parts instead of aggregating a year of the busiest institution's cases on every request.

Channels are not kept in the published figures, so every part is computed from the cases
as they are now; the counts add up over the days of filing:
- the days before the current month (no new case can be filed in them): kept
  STATS_CACHE_SECONDS, the figures cache's documented period (a state change of an older
  case, answered or resolved, shows within it, as the methodology page says);
- the current month's days: also keyed on the cache generation, so that a case filed or
  changed now shows at the next read.
"""
from __future__ import annotations

from datetime import date, timedelta

from participa.dashboard import queries
from participa.dashboard.statistics import Figures, Period, month_period
from participa.figures_cache import generation, remember
from participa.models import Channel


def split(period: Period, today: date) -> tuple[Period | None, Period | None]:
    """(the days of the period before the current month, the days from its first on)."""
    opening = month_period(today).first
    earlier = (Period(period.first, min(period.last, opening - timedelta(days=1)))
               if period.first < opening else None)
    current = Period(max(period.first, opening), period.last) if period.last >= opening else None
    return earlier, current


def _part(part: Period, today: date, institution_id: int, live: bool) -> list[tuple]:
    key = f"channels:{part.first}:{part.last}:{today}:{institution_id}"
    if live:
        key += f":{generation()}"
    return remember(key, lambda: queries.breakdown(part, today, "channel", institution_id))


def institution_breakdown(period: Period, today: date, institution_id: int) -> list[tuple]:
    """[(Channel, Figures)] in the channels' order, channels without cases left out."""
    earlier, current = split(period, today)
    summed: dict[Channel, Figures] = {}
    for part, live in ((earlier, False), (current, True)):
        if part is None:
            continue
        for channel, figures in _part(part, today, institution_id, live):
            summed.setdefault(channel, Figures()).add(figures)
    return [(channel, summed[channel]) for channel in Channel if channel in summed]
