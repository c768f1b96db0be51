"""What the case pages list: a citizen's cases and an institution's work queue."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from sqlalchemy import case as sql_case
from sqlalchemy import func, literal_column, or_, select
from sqlalchemy.orm import joinedload, selectinload

from participa.extensions import db
from participa.models import Case, CaseEvent, CaseState, User
from participa.models.cases import OPEN_STATES, QUEUE_OPEN_LAST
from participa.numbers import parse_int

PER_PAGE = 25
# The index's expression with its column qualified, as the queue's query names it.
QUEUE_OPEN_LAST_SQL = QUEUE_OPEN_LAST.replace("WHEN state", "WHEN cases.state")


def cases_of_citizen(user: User, page: int):
    query = (select(Case).where(Case.citizen_id == user.id)
             .options(selectinload(Case.institution), selectinload(Case.category))
             .order_by(Case.updated_at.desc(), Case.id.desc()))
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def cases_with_news(user: User) -> int:
    """How many of the citizen's cases had a public change since the citizen last looked."""
    return db.session.scalar(select(func.count(Case.id)).where(
        Case.citizen_id == user.id, Case.last_public_at.is_not(None),
        or_(Case.citizen_seen_at.is_(None), Case.last_public_at > Case.citizen_seen_at))) or 0


def history(case: Case, *, internal: bool) -> list[CaseEvent]:
    """The case's events, oldest first; internal notes only for the institution."""
    query = select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
    if internal:
        # Who acted and who was assigned: shown to the institution alone, read in the same
        # query. The institutions of a transfer stay lazy: only that event names them, and
        # the case's own institution is already loaded.
        query = query.options(joinedload(CaseEvent.actor), joinedload(CaseEvent.assignee))
    else:
        query = query.where(CaseEvent.public.is_(True))
    return list(db.session.scalars(query))


@dataclass
class QueueFilters:
    state: CaseState | None = None
    category_id: int | None = None
    assignee: str = ""  # "", "me", "none" or a user id
    overdue: bool = False
    due_before: date | None = None
    priority_only: bool = False


def queue(institution, filters: QueueFilters, me: User, today: date, page: int,
          count: Callable[[Callable[[], int]], int] | None = None):
    """A page of the institution's queue. `count`, when given, is handed the function that
    counts the filtered queue and returns the total (a cache: participa.cases.queue_figures);
    otherwise the total is counted here."""
    conditions = [Case.institution_id == institution.id]
    if filters.state is not None:
        conditions.append(Case.state == filters.state)
    if filters.category_id:
        conditions.append(Case.category_id == filters.category_id)
    if filters.assignee == "me":
        conditions.append(Case.assignee_id == me.id)
    elif filters.assignee == "none":
        conditions.append(Case.assignee_id.is_(None))
    elif parse_int(filters.assignee) is not None:
        conditions.append(Case.assignee_id == parse_int(filters.assignee))
    if filters.overdue:
        conditions += [Case.state.in_(OPEN_STATES), Case.due_on < today]
    if filters.due_before is not None:
        conditions.append(Case.due_on <= filters.due_before)
    if filters.priority_only:
        conditions.append(Case.priority.is_(True))
    # Open cases first, priority attention (Constitution, art. 35) before the rest, the most
    # urgent on top; then the finished ones, newest first. The same keys as ix_cases_queue,
    # the first one as literal SQL, so that a page is read from that index in order: sorting
    # a national institution's whole queue for 25 rows cost 120+ ms.
    query = (select(Case).where(*conditions)
             .options(selectinload(Case.category), selectinload(Case.assignee))
             .order_by(literal_column(QUEUE_OPEN_LAST_SQL), Case.priority.desc(),
                       Case.due_on.asc(), Case.id.desc()))
    if count is None:
        return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    pagination = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False, count=False)
    pagination.total = count(
        lambda: db.session.scalar(select(func.count()).select_from(Case).where(*conditions)))
    return pagination


def queue_counts(institution, today: date) -> dict[str, int]:
    """Open and overdue case counts for the queue's header, from one aggregate query."""
    overdue = func.sum(sql_case((Case.due_on < today, 1), else_=0))
    row = db.session.execute(
        select(func.count(Case.id), overdue)
        .where(Case.institution_id == institution.id, Case.state.in_(OPEN_STATES))).one()
    return {"open": row[0] or 0, "overdue": row[1] or 0}
