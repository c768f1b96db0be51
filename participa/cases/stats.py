"""Anonymised case figures per institution for the rector ministry: counts only, from SQL
aggregates over the event history and the cases' current state; no case content."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case as sql_case
from sqlalchemy import func, select

from participa.extensions import db
from participa.models import Case, CaseEvent, CaseState, EventKind, Institution
from participa.models.cases import OPEN_STATES


@dataclass
class InstitutionFigures:
    acronym: str
    name: str
    filed: int = 0
    answered: int = 0
    open: int = 0
    overdue: int = 0
    resolved: int = 0
    rated: int = 0
    mean_rating: float | None = None


def _count_if(condition):
    return func.sum(sql_case((condition, 1), else_=0))


def institution_figures(today: date, since: datetime, until: datetime) -> list[InstitutionFigures]:
    """Filed and answered in the period (from events); open, overdue, resolved and rating now."""
    figures = {row.id: InstitutionFigures(row.acronym, row.name) for row in db.session.execute(
        select(Institution.id, Institution.acronym, Institution.name)
        .where(Institution.active.is_(True)).order_by(Institution.acronym))}
    events = db.session.execute(
        select(CaseEvent.institution_id, _count_if(CaseEvent.kind == EventKind.FILED),
               _count_if(CaseEvent.kind == EventKind.ANSWERED))
        .where(CaseEvent.at >= since, CaseEvent.at < until,
               CaseEvent.kind.in_([EventKind.FILED, EventKind.ANSWERED]))
        .group_by(CaseEvent.institution_id))
    for institution_id, filed, answered in events:
        if institution_id in figures:
            figures[institution_id].filed = filed or 0
            figures[institution_id].answered = answered or 0
    is_open = Case.state.in_(OPEN_STATES)
    current = db.session.execute(
        select(Case.institution_id, _count_if(is_open), _count_if(is_open & (Case.due_on < today)),
               _count_if(Case.state.in_([CaseState.RESOLVED, CaseState.CLOSED])),
               func.count(Case.rating), func.avg(Case.rating))
        .group_by(Case.institution_id))
    for institution_id, open_, overdue, resolved, rated, mean in current:
        if institution_id in figures:
            entry = figures[institution_id]
            entry.open, entry.overdue, entry.resolved = open_ or 0, overdue or 0, resolved or 0
            entry.rated = rated or 0
            entry.mean_rating = float(mean) if mean is not None else None
    return list(figures.values())
