"""A period that is not itself a published one (the open month, quarter or year, or custom
dates) read as the sum of its parts: the published closed years, quarters and months inside
it (the largest that fit), from their stored figures, and only the remaining days (the open
month, the partial months at the edges, a closed month not yet published) computed live,
with queries that read those days' cases alone (cases are indexed by filing time).

The sum is exact: every count and every business-day histogram of the figures adds up over
the days of filing, and so do the scores' inputs (consultations by opening, proposals by the
day they reached their threshold, requests by filing); the scores are computed afterwards
from the summed inputs, as for a single period. A published period keeps its figures as they
were published, as the pages show for that period itself."""
from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from participa import scores
from participa.dashboard import published, queries
from participa.dashboard.statistics import (Figures, Period, month_period, quarter_period,
                                            year_period)
from participa.extensions import db
from participa.figures_cache import generation, remember
from participa.models import CaseType
from participa.models.published import PublishedFigures


# A page reads the same period's published revisions for its report and each breakdown:
# kept for the session's transaction (what it read stays what it reads), and dropped by a
# flush that writes published figures (a recompute reads its own new revision).
_STORED_MEMO = "participa.dashboard.composed.stored"


@event.listens_for(Session, "after_transaction_end")
def _forget_stored(session: Session, _transaction) -> None:
    session.info.pop(_STORED_MEMO, None)


@event.listens_for(Session, "after_flush")
def _forget_stored_on_publish(session: Session, _context) -> None:
    if any(isinstance(item, PublishedFigures)
           for item in (*session.new, *session.dirty, *session.deleted)):
        session.info.pop(_STORED_MEMO, None)


def _stored(period: Period) -> dict[tuple[str, date], int]:
    """{(kind, first day): latest revision} of the published periods starting in the
    period."""
    memo = db.session.info.setdefault(_STORED_MEMO, {})
    key = (period.first, period.last)
    if key not in memo:
        memo[key] = _read_stored(period)
    return memo[key]


def _read_stored(period: Period) -> dict[tuple[str, date], int]:
    return {(kind, first): revision for kind, first, revision in db.session.execute(
        select(PublishedFigures.period_kind, PublishedFigures.period_start,
               func.max(PublishedFigures.revision))
        .where(PublishedFigures.institution_id.is_(None),
               PublishedFigures.period_start >= period.first.replace(day=1),
               PublishedFigures.period_start <= period.last)
        .group_by(PublishedFigures.period_kind, PublishedFigures.period_start))}


# The largest published period first: a year is one stored report, its months twelve.
_LARGEST_FIRST = (("year", year_period), ("quarter", quarter_period), ("month", month_period))


def segments(period: Period, today: date, stored) -> list[tuple[str | None, Period]]:
    """(kind, part) in order: the published closed years, quarters and months whole inside
    the period (the largest that fits), and (None, days) for the runs of days between them,
    computed live."""
    result: list[tuple[str | None, Period]] = []
    day = period.first
    while day <= period.last:
        for kind, make in _LARGEST_FIRST:
            whole = make(day)
            if (whole.first == day and whole.last <= period.last
                    and published.is_closed(whole, today) and (kind, day) in stored):
                result.append((kind, whole))
                day = whole.last + timedelta(days=1)
                break
        else:
            last = min(month_period(day).last, period.last)
            if result and result[-1][0] is None:
                result[-1] = (None, Period(result[-1][1].first, last))
            else:
                result.append((None, Period(day, last)))
            day = last + timedelta(days=1)
    return result


def _live(part: Period, today: date, refresh: bool = False):
    return remember(f"part:{part.first}:{part.last}:{today}:{generation()}",
                    lambda: published.snapshot(part, today, institution_breakdowns=False),
                    refresh=refresh)


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
        # The national breakdown only: an institution's is read when its page asks for it
        # (service.breakdown), not summed for a hundred institutions on every report.
        breakdowns[("type", None)].append(part.breakdowns.get(("type", None), []))
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


def _signature(kept: list[tuple[str, Period]], revisions: dict) -> str:
    text = ",".join(f"{kind}:{part.first}/{revisions[(kind, part.first)]}"
                    for kind, part in kept)
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def report(period: Period, today: date, refresh: bool = False):
    """The report of a period that is not published itself, from its parts; kept in the
    figures cache until STATS_CACHE_SECONDS pass or a write changes the open days (the
    published months' sum is kept on its own: it changes only with a recompute)."""
    revisions = _stored(period)
    parts = segments(period, today, revisions)
    kept = [(kind, part) for kind, part in parts if kind is not None]
    signature = _signature(kept, revisions)

    def stored_sum():
        reports = [published.stored_report(part, today) for _, part in kept]
        return merge(Period(kept[0][1].first, kept[-1][1].last), reports)

    def compose():
        pieces = [_live(part, today, refresh) for kind, part in parts if kind is None]
        if len(kept) == 1:
            pieces.append(published.stored_report(kept[0][1], today))
        elif kept:
            pieces.append(remember(f"published-sum:{signature}", stored_sum))
        return pieces[0] if len(parts) == 1 else merge(period, pieces)

    return remember(f"composed:{period.first}:{period.last}:{today}:{signature}:"
                    f"{generation()}", compose, refresh=refresh, local=True)


def breakdown(period: Period, today: date, by: str, institution_id: int) -> list[tuple]:
    """One institution's breakdown by type or category over a period that is not published
    itself: its stored rows of the published parts, and the open days computed live."""
    revisions = _stored(period)
    parts = segments(period, today, revisions)
    kept = [(kind, part) for kind, part in parts if kind is not None]

    def compute():
        lists = published.stored_breakdowns(kept, revisions, by, institution_id)
        lists += [queries.breakdown(part, today, by, institution_id)
                  for kind, part in parts if kind is None]
        return _sum_breakdown(by, lists)

    return remember(f"composed-breakdown:{by}:{period.first}:{period.last}:{today}:"
                    f"{institution_id}:{_signature(kept, revisions)}:{generation()}", compute)
