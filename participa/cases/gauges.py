"""Scrape-time gauges about cases (see participa.metrics)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_, func, select

from participa.cases.businessdays import local_date
from participa.extensions import db
from participa.models import Case, Institution
from participa.models.cases import OPEN_STATES
from participa.timeutil import utcnow


def overdue_by_institution(today: date) -> dict[tuple[str], int]:
    """Open cases past their due date, per institution (acronym), zeros included: one
    grouped query on the (institution, state, due date) index."""
    overdue = and_(Case.institution_id == Institution.id, Case.state.in_(OPEN_STATES),
                   Case.due_on < today)
    rows = db.session.execute(
        select(Institution.acronym, func.count(Case.id))
        .select_from(Institution).outerjoin(Case, overdue)
        .group_by(Institution.id, Institution.acronym))
    return {(acronym,): count for acronym, count in rows}


def register() -> None:
    from participa.metrics import register_gauge

    register_gauge("participa_cases_overdue",
                   "Open cases past their due date (the institution still owes an answer).",
                   ["institution"], lambda: overdue_by_institution(local_date(utcnow())))
