"""What the statistics need to know about a case, kept on the case row as its events happen.

The dashboard aggregates a million cases per request; reading their events each time is
too slow. So each event also updates a few columns of its case (first response, settling,
answered, reopened, durations in business days, on time, filing month), and the dashboard
reads only the cases table. `advance` is the one rule: `append_event` applies it to one
event, `recompute` folds it over stored histories (imports, holiday changes, migrations).

Durations are counted with the holiday list at the time of the event; when a holiday is
added or removed, `refresh_around` recomputes the cases whose durations span that day.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Iterable

from sqlalchemy import bindparam, func, or_, select, update

from participa.cases.businessdays import business_days_between, local_date
from participa.cases.holiday_calendar import sorted_holidays_between
from participa.models.cases import (DEFAULT_DEADLINE_DAYS, Case, CaseCategory, CaseEvent,
                                    CaseState, EventKind)
from participa.timeutil import utcnow

SETTLED = (CaseState.RESOLVED, CaseState.CLOSED)
RESPONSES = (EventKind.ANSWERED, EventKind.REJECTED)
FACT_COLUMNS = ("filed_month", "first_response_at", "settled_at", "was_answered",
                "reopen_count", "response_days", "resolution_days", "responded_on_time")


def filed_month(created_at: datetime) -> int:
    """The local month of filing as YYYYMM: the key of the monthly trend."""
    day = local_date(created_at)
    return day.year * 100 + day.month


def start(target, created_at: datetime) -> None:
    """The facts of a case that has only just been filed."""
    target.filed_month = filed_month(created_at)
    target.first_response_at = target.settled_at = None
    target.was_answered, target.reopen_count = False, 0
    target.response_days = target.resolution_days = target.responded_on_time = None


def advance(target, created_at: datetime, kind: EventKind, at: datetime,
            state_after: CaseState | None, deadline_days: int, holidays: list[date]) -> None:
    """Update `target` (a Case or any object with the fact columns) for one more event.

    `holidays`: sorted, at least those between the filing and the event."""
    filed_on = local_date(created_at)
    if kind in RESPONSES and target.first_response_at is None:
        target.first_response_at = at
        target.response_days = business_days_between(filed_on, local_date(at), holidays)
        target.responded_on_time = target.response_days <= deadline_days
    if kind == EventKind.ANSWERED:
        target.was_answered = True
    elif kind == EventKind.REOPENED:
        target.reopen_count = (target.reopen_count or 0) + 1
    if state_after in SETTLED:
        target.settled_at = at
        target.resolution_days = business_days_between(filed_on, local_date(at), holidays)


def legal_on_time(case_type, due_on: date | None, first_response_at: datetime | None):
    """Whether a case whose own law sets a term in calendar days (participa.cases.terms) was
    answered by its due date (the extension included); None for the COA's business days,
    which `advance` counts."""
    from participa.cases.terms import term_of

    if case_type is None or first_response_at is None or due_on is None:
        return None
    if term_of(case_type).business_days:
        return None
    return local_date(first_response_at) <= due_on


def holidays_until(session, first: date, last: date) -> list[date]:
    return sorted_holidays_between(first, last, session)


def deadline_of(case: Case) -> int:
    return case.category.deadline_days if case.category is not None else DEFAULT_DEADLINE_DAYS


def on_event(session, case: Case, kind: EventKind, at: datetime,
             state_after: CaseState | None) -> None:
    """`advance` for an event being appended to a case in `session`."""
    created_at = case.created_at or at
    if kind == EventKind.FILED or case.filed_month is None:
        start(case, created_at)
    if kind in RESPONSES or state_after in SETTLED:
        holidays = holidays_until(session, local_date(created_at), local_date(at))
    else:
        holidays = []
    first_response = case.first_response_at
    advance(case, created_at, kind, at, state_after, deadline_of(case), holidays)
    if first_response is None and case.first_response_at is not None:
        on_time = legal_on_time(case.type, case.due_on, case.first_response_at)
        if on_time is not None:
            case.responded_on_time = on_time


class _Facts:
    __slots__ = FACT_COLUMNS

    def values(self) -> dict:
        return {name: getattr(self, name) for name in FACT_COLUMNS}


def fold(created_at: datetime, events: Iterable[tuple], deadline_days: int,
         holidays: list[date]) -> dict:
    """The facts of a whole history of (kind, at, state_after), in the order appended."""
    facts = _Facts()
    start(facts, created_at)
    for kind, at, state_after in events:
        advance(facts, created_at, kind, at, state_after, deadline_days, holidays)
    return facts.values()


def recompute(session, case_filter=None, batch: int = 5000,
              holidays: list[date] | None = None) -> int:
    """Recompute the facts of the cases matching `case_filter` (all when None) from their
    events; returns how many were updated. Bounded memory: `batch` cases at a time.

    `holidays` (sorted): the effective national holidays when None; a migration written
    before the holiday calendar passes the days its schema stored."""
    if holidays is None:
        first_filed = session.scalar(select(func.min(Case.created_at)))
        today = local_date(utcnow())
        holidays = sorted_holidays_between(local_date(first_filed) if first_filed else today,
                                           today + timedelta(days=366), session)
    query = (select(Case.id, Case.created_at, CaseCategory.deadline_days, Case.type,
                    Case.due_on)
             .outerjoin(CaseCategory, CaseCategory.id == Case.category_id).order_by(Case.id))
    if case_filter is not None:
        query = query.where(case_filter)
    updated, last_id = 0, 0
    while True:
        cases = session.execute(query.where(Case.id > last_id).limit(batch)).all()
        if not cases:
            return updated
        last_id = cases[-1][0]
        histories: dict[int, list] = {case_id: [] for case_id, *_ in cases}
        for case_id, kind, at, state_after in session.execute(
                select(CaseEvent.case_id, CaseEvent.kind, CaseEvent.at, CaseEvent.state_after)
                .where(CaseEvent.case_id.in_(list(histories)))
                .order_by(CaseEvent.case_id, CaseEvent.id)):
            histories[case_id].append((kind, at, state_after))
        rows = []
        for case_id, created, deadline, case_type, due_on in cases:
            values = fold(created, histories[case_id], deadline or DEFAULT_DEADLINE_DAYS,
                          holidays)
            on_time = legal_on_time(case_type, due_on, values["first_response_at"])
            if on_time is not None:
                values["responded_on_time"] = on_time
            rows.append(dict(values, b_id=case_id))
        session.connection().execute(
            update(Case.__table__).where(Case.__table__.c.id == bindparam("b_id")), rows)
        updated += len(rows)


def refresh_around(session, day: date) -> int:
    """After a holiday was added or removed: recompute the cases filed before `day` whose
    first response or settling came on or after it."""
    moment = datetime.combine(day, datetime.min.time())
    return recompute(session, (Case.created_at < moment + timedelta(days=1)) & or_(
        Case.first_response_at >= moment - timedelta(days=1),
        Case.settled_at >= moment - timedelta(days=1)))
