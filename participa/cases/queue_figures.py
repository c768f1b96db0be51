"""The figures of an institution's work queue: its open and overdue cases (the header) and
how many cases the filtered list holds (its page count). At national scale each is a count
over tens of thousands of index entries, on every page an official opens.

They are kept under the workspace's change token of the institution's cases
(participa.workspace.freshness), which a commit renews when it adds a case or changes one's
institution, state, due date or priority: the page after a new case, an answer, a transfer
or a change of state counts afresh; every other page reads the figures from the cache. A
list filtered by category or assignee is counted on every page (its total would need the
filter's values, and the official's for "me", in its key)."""
from __future__ import annotations

from datetime import date
from typing import Callable

from participa.cases import queries
from participa.figures_cache import remember
from participa.workspace import freshness

# Bump when the shape of a cached value changes (a shared Redis outlives a release).
KEY_VERSION = "1"


def token_answers_for(filters: queries.QueueFilters) -> bool:
    """Whether the filtered list's total is kept (see above)."""
    return not filters.category_id and not filters.assignee


def _filters_key(filters: queries.QueueFilters) -> str:
    return ":".join((filters.state.value if filters.state else "",
                     "overdue" if filters.overdue else "",
                     filters.due_before.isoformat() if filters.due_before else "",
                     "priority" if filters.priority_only else ""))


class _Kept:
    """One request's view of the cache: the institution's token read once."""

    def __init__(self, institution_id: int, today: date):
        self.prefix = None
        if freshness.enabled():
            token = freshness.tokens(institution_id)[freshness.CASES]
            # Overdue is relative to today: a new day counts afresh.
            self.prefix = (f"cases-queue:{KEY_VERSION}:{institution_id}:{token}:"
                           f"{today.isoformat()}")

    def value(self, name: str, compute: Callable[[], object]):
        if self.prefix is None:
            return compute()
        return remember(f"{self.prefix}:{name}", compute)


def page_and_counts(institution, filters: queries.QueueFilters, me, today: date, page: int):
    """A page of the queue, its total and the header's counts, the figures cached."""
    kept = _Kept(institution.id, today)

    def total(count: Callable[[], int]) -> int:
        if not token_answers_for(filters):
            return count()
        return kept.value(f"total:{_filters_key(filters)}", count)

    pagination = queries.queue(institution, filters, me, today, page, count=total)
    counts = kept.value("header", lambda: queries.queue_counts(institution, today))
    return pagination, counts
