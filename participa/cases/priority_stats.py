"""Figures of priority attention per institution, without exposing who is in which group.

Counts of priority cases filed in a period, per institution and per group, and the share
answered on time (against the due date each case had). Small cells are suppressed: a count
from 1 to 4 is not published ("fewer than 5"), and when only one cell of an institution is
suppressed the next smallest is suppressed too, so that no count can be found by
subtracting the published ones from the total. An on-time share is published only when at
least 5 cases have a known timeliness.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case as sql_case
from sqlalchemy import func, select

from participa.dashboard.statistics import Period, ratio
from participa.extensions import db
from participa.models import Case, Institution, PriorityGroup
from participa.models.cases import OPEN_STATES

THRESHOLD = 5
NOT_RECORDED = "not_recorded"  # anonymised cases keep the mark, not the group
GROUPS = [group.value for group in PriorityGroup] + [NOT_RECORDED]


@dataclass
class Row:
    institution: Institution | None  # None: the national row
    total: int | None  # None: suppressed (fewer than THRESHOLD)
    on_time_rate: float | None
    groups: dict[str, int | None] = field(default_factory=dict)


def suppress(counts: dict[str, int]) -> dict[str, int | None]:
    """Primary suppression of the counts from 1 to THRESHOLD - 1, and a secondary one when
    a single cell would be suppressed (it could be recovered from the total)."""
    shown: dict[str, int | None] = {
        key: (None if 0 < value < THRESHOLD else value) for key, value in counts.items()}
    hidden = [key for key, value in shown.items() if value is None]
    if len(hidden) == 1:
        others = sorted((value, key) for key, value in shown.items() if value)
        if others:
            shown[others[0][1]] = None
    return shown


def _row(institution, totals: dict[str, list[int]]) -> Row:
    count = sum(values[0] for values in totals.values())
    due = sum(values[1] for values in totals.values())
    on_time = sum(values[2] for values in totals.values())
    hidden_total = 0 < count < THRESHOLD
    rate = ratio(on_time, due) if due >= THRESHOLD and not hidden_total else None
    groups = suppress({group: totals.get(group, [0])[0] for group in GROUPS})
    return Row(institution, None if hidden_total else count, rate, groups)


def figures(period: Period, today: date) -> list[Row]:
    """The national row first, then one per institution with priority cases, by acronym;
    aggregated in one query."""
    known = sql_case((Case.first_response_at.is_not(None), 1),
                     (Case.state.in_(OPEN_STATES) & (Case.due_on < today), 1), else_=0)
    on_time = sql_case((Case.responded_on_time.is_(True), 1), else_=0)
    rows = db.session.execute(
        select(Case.institution_id, Case.priority_group, func.count(Case.id), func.sum(known),
               func.sum(on_time))
        .where(Case.priority.is_(True), Case.created_at >= period.since,
               Case.created_at < period.until)
        .group_by(Case.institution_id, Case.priority_group)).all()
    by_institution: dict[int, dict[str, list[int]]] = {}
    national: dict[str, list[int]] = {}
    for institution_id, group, count, due, timely in rows:
        key = group.value if group is not None else NOT_RECORDED
        values = [count or 0, due or 0, timely or 0]
        by_institution.setdefault(institution_id, {})[key] = values
        summed = national.setdefault(key, [0, 0, 0])
        for index, value in enumerate(values):
            summed[index] += value
    institutions = db.session.scalars(select(Institution).where(
        Institution.id.in_(by_institution)).order_by(Institution.acronym)).all()
    return [_row(None, national)] + [_row(i, by_institution[i.id]) for i in institutions]


CSV_COLUMNS = ["scope", "institution_acronym", "institution_name", "period_from", "period_to",
               "group", "priority_cases", "on_time_rate"]
SUPPRESSED = "<5"


def csv_rows(period: Period, rows: list[Row]):
    """Open data: one line per institution for all its priority cases (group "all"), then one
    per group; a suppressed count is written "<5"."""
    for row in rows:
        scope = "national" if row.institution is None else "institution"
        acronym = row.institution.acronym if row.institution else ""
        name = row.institution.name if row.institution else ""
        start = [scope, acronym, name, period.first.isoformat(), period.last.isoformat()]
        rate = None if row.on_time_rate is None else round(row.on_time_rate, 4)
        yield start + ["all", SUPPRESSED if row.total is None else row.total, rate]
        for group in GROUPS:
            value = row.groups[group]
            yield start + [group, SUPPRESSED if value is None else value, None]
