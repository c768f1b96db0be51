"""The JSON API of the figures (/api/v1/stats) and the open data catalogue (DCAT).

Public and read-only: aggregates without personal data, like the open data files."""
from __future__ import annotations

from datetime import date

from flask import jsonify, request
from flask_babel import gettext

from participa import scores
from participa.cases.businessdays import local_date
from participa.dashboard import api_bp, open_data, open_data_bp, service, versions
from participa.dashboard.statistics import Period, year_period
from participa.timeutil import utcnow


def _period() -> tuple[Period | None, dict]:
    """`from` and `to` as YYYY-MM-DD; the current year when both are missing."""
    today = local_date(utcnow())
    raw = {name: request.args.get(name, "").strip() for name in ("from", "to")}
    if not raw["from"] and not raw["to"]:
        return year_period(today), {}
    errors, days = {}, {}
    for name, value in raw.items():
        try:
            days[name] = date.fromisoformat(value)
        except ValueError:
            errors[name] = gettext("Write the date as year-month-day, for example 2025-03-31.")
    if not errors and days["from"] > days["to"]:
        errors["to"] = gettext("The last day must not be before the first day.")
    if errors:
        return None, errors
    return Period(days["from"], days["to"]), {}


def _figures(figures, adopted: bool | None = None) -> dict:
    return {
        "cases_total": figures.received,
        "cases_answered": figures.answered,
        "cases_resolved": figures.resolved,
        "cases_rejected": figures.rejected,
        "cases_open": figures.open,
        "cases_overdue": figures.overdue,
        "resolution_rate": open_data.share(figures.resolution_rate),
        "on_time_rate": open_data.share(figures.on_time_rate),
        "reopen_rate": open_data.share(figures.reopen_rate),
        "median_days_to_first_answer": figures.median_days_to_first_response,
        "median_days_to_resolution": figures.median_days_to_resolution,
        "p90_days_to_resolution": figures.p90_days_to_resolution,
        "mean_rating": open_data.share(figures.mean_rating),
    }


def _scores(item: scores.Scores) -> dict:
    return {"e_informacion": open_data.share(item.information),
            "e_consulta": open_data.share(item.consultation),
            "e_decision": open_data.share(item.decision),
            "composite": open_data.share(item.composite)}


def _report():
    """The report of the period asked for, its scores under the methodology version asked
    for (`metodologia`, the one in force by default); or a 400 with the errors."""
    period, errors = _period()
    version, version_error = versions.requested(request.args)
    if version_error:
        errors[versions.PARAMETER] = version_error
    if errors:
        return None, (jsonify({"errors": errors}), 400)
    return versions.rescore(service.build(period, local_date(utcnow())), version), None


def _period_json(report) -> dict:
    return {"from": report.period.first.isoformat(), "to": report.period.last.isoformat()}


@api_bp.route("/summary")
def summary():
    report, error = _report()
    if error:
        return error
    return jsonify({
        "period": _period_json(report),
        "methodology_version": report.methodology_version,
        "revision": report.revision,
        "institutions": report.active_institutions,
        "institutions_active": sum(1 for row in report.rows
                                   if row.institution.active and row.adopted),
        "executive_institutions": report.executive_institutions,
        "executive_institutions_using": report.adopting_institutions,
        "adoption_rate": open_data.share(report.adoption_rate),
        **_figures(report.national),
        "scores": _scores(report.national_scores),
    })


@api_bp.route("/institutions")
def institutions():
    report, error = _report()
    if error:
        return error
    return jsonify({
        "period": _period_json(report),
        "methodology_version": report.methodology_version,
        "revision": report.revision,
        "institutions": [
            {"acronym": row.institution.acronym, "name": row.institution.name,
             "adopted": row.adopted, **_figures(row.figures), **_scores(row.scores),
             "ranking_index": open_data.share(row.scores.index)}
            for row in sorted(report.rows, key=lambda r: r.institution.acronym)],
    })


@open_data_bp.route("/catalogo.json")
def catalogue():
    """The DCAT-AP catalogue (participa.opendata), the same JSON-LD as /datos/catalogo.jsonld,
    at the address portals have harvested since the first release."""
    from participa.opendata.views import catalogue_jsonld

    return catalogue_jsonld()
