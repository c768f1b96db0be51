"""The open data schema: one record per institution (and one national), no personal data.

Schema version 1. Counts are integers; rates and scores are shares from 0 to 1 rounded to
4 decimals; days are business days; an empty value (CSV) or null (JSON) means "no data".
Adding a column raises the minor version; renaming or removing one raises SCHEMA_VERSION.
"""
from __future__ import annotations

from sqlalchemy import select

from participa.dashboard import queries
from participa.extensions import db
from participa.models import Institution

SCHEMA_VERSION = "1.0"

COLUMNS = [
    "scope", "institution_acronym", "institution_name", "period_from", "period_to",
    "cases_received", "cases_answered", "cases_resolved", "cases_rejected",
    "cases_transferred", "cases_open", "cases_overdue", "resolution_rate", "on_time_rate",
    "reopen_rate", "median_days_to_first_answer", "p90_days_to_first_answer",
    "median_days_to_resolution", "p90_days_to_resolution", "ratings", "mean_rating",
    "e_informacion", "e_consulta", "e_decision", "composite", "ranking_index",
    "methodology_version",
]


def share(value):
    return None if value is None else round(value, 4)


def _record(scope, acronym, name, period, figures, scores, methodology_version) -> dict:
    return {
        "scope": scope, "institution_acronym": acronym, "institution_name": name,
        "period_from": period.first.isoformat(), "period_to": period.last.isoformat(),
        "cases_received": figures.received, "cases_answered": figures.answered,
        "cases_resolved": figures.resolved, "cases_rejected": figures.rejected,
        "cases_transferred": figures.transferred, "cases_open": figures.open,
        "cases_overdue": figures.overdue,
        "resolution_rate": share(figures.resolution_rate),
        "on_time_rate": share(figures.on_time_rate),
        "reopen_rate": share(figures.reopen_rate),
        "median_days_to_first_answer": figures.median_days_to_first_response,
        "p90_days_to_first_answer": figures.p90_days_to_first_response,
        "median_days_to_resolution": figures.median_days_to_resolution,
        "p90_days_to_resolution": figures.p90_days_to_resolution,
        "ratings": figures.rated, "mean_rating": share(figures.mean_rating),
        "e_informacion": share(scores.information), "e_consulta": share(scores.consultation),
        "e_decision": share(scores.decision), "composite": share(scores.composite),
        "ranking_index": share(scores.index),
        "methodology_version": methodology_version,
    }


def records(report) -> list[dict]:
    """The national record first, then one per institution by acronym."""
    result = [_record("national", "", "", report.period, report.national,
                      report.national_scores, report.methodology_version)]
    for row in sorted(report.rows, key=lambda r: r.institution.acronym):
        result.append(_record("institution", row.institution.acronym, row.institution.name,
                              report.period, row.figures, row.scores,
                              report.methodology_version))
    return result


CHANNEL_COLUMNS = ["institution_acronym", "institution_name", "period_from", "period_to",
                   "channel", "cases_received", "cases_answered", "cases_resolved"]


def channel_rows(period):
    """Cases by channel (online and assisted, participa.assisted) per institution."""
    rows = queries.channels_by_institution(period)
    names = {i.id: i for i in db.session.scalars(select(Institution).where(
        Institution.id.in_({row[0] for row in rows})))}
    for institution_id, channel, received, answered, resolved in rows:
        institution = names[institution_id]
        yield [institution.acronym, institution.name, period.first, period.last,
               channel.value, received, answered, resolved]
