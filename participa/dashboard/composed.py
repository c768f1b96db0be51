"""A period that is not itself a published one (the open month, quarter or year, or custom
dates) read as the sum of its parts: each closed month that is published, from its stored
figures, and only the remaining days (the open month, the partial months at the edges, a
closed month not yet published) computed live, with queries that read those days' cases
alone (cases are indexed by filing time).

The sum is exact: every count and every business-day histogram of the figures adds up over
the days of filing, and so do the scores' inputs (consultations by opening, proposals by the
day they reached their threshold, requests by filing); the scores are computed afterwards
from the summed inputs, as for a single period. A published month keeps its figures as they
were published, as the pages show for that month itself."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from participa import scores
from participa.dashboard import published
from participa.dashboard.statistics import Figures, Period, month_period
from participa.extensions import db
from participa.figures_cache import remember
from participa.models import CaseType
from participa.models.published import PublishedFigures


def _stored_months(period: Period) -> set[date]:
    return set(db.session.scalars(
        select(PublishedFigures.period_start).distinct()
        .where(PublishedFigures.period_kind == "month",
               PublishedFigures.institution_id.is_(None),
               PublishedFigures.period_start >= period.first.replace(day=1),
               PublishedFigures.period_start <= period.last)))


def segments(period: Period, today: date, stored: set[date]) -> list[tuple[bool, Period]]:
    """(published, part) in order: each published closed month whole inside the period, and
    the runs of days between them."""
    result: list[tuple[bool, Period]] = []
    for year, number in period.months():
        month = month_period(date(year, number, 1))
        part = Period(max(month.first, period.first), min(month.last, period.last))
        if part == month and published.is_closed(month, today) and month.first in stored:
            result.append((True, month))
        elif result and not result[-1][0]:
            result[-1] = (False, Period(result[-1][1].first, part.last))
        else:
            result.append((False, part))
    return result


def _live(part: Period, today: date):
    return remember(f"part:{part.first}:{part.last}:{today}",
                    lambda: published.snapshot(part, today))


def _sum_figures(items) -> Figures:
    total = Figures()
    for item in items:
        total.add(item)
    return total


def _sum_breakdown(by: str, lists) -> list[tuple]:
    summed: dict = {}
    for items in lists:
        for key, figures in items:
            summed.setdefault(key, Figures()).add(figures)
    if by == "type":
        return [(kind, summed[kind]) for kind in CaseType if kind in summed]
    return sorted(summed.items(), key=lambda item: (item[0] is None, (item[0] or "").lower()))


def merge(period: Period, parts: list):
    """One report of the period from the reports of its parts."""
    from participa.dashboard import service

    about, figures, inputs = {}, defaultdict(list), defaultdict(scores.ScoreInputs)
    months, institution_months = {}, defaultdict(dict)
    breakdowns = defaultdict(list)
    for part in parts:
        for row in part.rows:
            about[row.institution.id] = row.institution  # the latest part's name wins
            figures[row.institution.id].append(row.figures)
            inputs[row.institution.id] = inputs[row.institution.id] + row.inputs
        months.update(part.months)
        for institution_id, trend in part.institution_months.items():
            institution_months[institution_id].update(trend)
        for key, items in part.breakdowns.items():
            breakdowns[key].append(items)
    rows = [service.Row(item, _sum_figures(figures[item.id]), inputs[item.id],
                        scores.compute(inputs[item.id]))
            for item in sorted(about.values(), key=lambda item: item.acronym)]
    scores.rank({row.institution.id: row.scores for row in rows})
    report = service.Report(
        period, rows, _sum_figures(part.national for part in parts),
        sum((part.national_inputs for part in parts), scores.ScoreInputs()),
        scores.national(row.inputs for row in rows), months,
        computed_at=max(part.computed_at for part in parts), detailed=True)
    report.institution_months = dict(institution_months)
    report.breakdowns = {key: _sum_breakdown(key[0], lists) for key, lists in breakdowns.items()}
    return report


def report(period: Period, today: date):
    """The report of a period that is not published itself, from its parts."""
    parts = []
    for stored, part in segments(period, today, _stored_months(period)):
        parts.append(published.stored_report(part, today) if stored else _live(part, today))
    if len(parts) == 1:
        return parts[0]
    return merge(period, parts)
