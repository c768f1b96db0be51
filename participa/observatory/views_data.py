"""The indicators' open data: /datos/observatorio/<indicator>.csv and .json, listed in
the open data catalogue (participa.opendata.sources)."""
from __future__ import annotations

from flask import abort, jsonify, request

from participa import csv_export, exports
from participa.cases.businessdays import local_date
from participa.dashboard import versions
from participa.observatory import data_bp, indicators
from participa.timeutil import utcnow

LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def _indicator_or_404(slug: str, version: str):
    found = indicators.one(slug, local_date(utcnow()), version)
    if found is None:
        abort(404)
    return found


def _version():
    """(version, None), or (None, a 400 answer naming the versions there are)."""
    version, error = versions.requested(request.args)
    if error:
        return None, (jsonify({"errors": {versions.PARAMETER: error}}), 400)
    return version, None


@data_bp.route("/<slug>.csv")
def indicator_csv(slug: str):
    version, error = _version()
    if error:
        return error
    year_list, indicator = _indicator_or_404(slug, version)
    body = csv_export.to_csv(indicators.COLUMNS, (
        [record[c] for c in indicators.COLUMNS]
        for record in indicators.records(indicator, year_list, version)))
    return csv_export.csv_response(body, f"participa-observatorio-{slug}.csv")


@data_bp.route("/<slug>.xlsx")
def indicator_xlsx(slug: str):
    version, error = _version()
    if error:
        return error
    year_list, indicator = _indicator_or_404(slug, version)
    rows = ([record[c] for c in indicators.COLUMNS]
            for record in indicators.records(indicator, year_list, version))
    return exports.xlsx_download(indicators.COLUMNS, rows,
                                 f"participa-observatorio-{slug}.xlsx")


@data_bp.route("/<slug>.json")
def indicator_json(slug: str):
    version, error = _version()
    if error:
        return error
    year_list, indicator = _indicator_or_404(slug, version)
    data = {
        "schema_version": indicators.SCHEMA_VERSION,
        "methodology_version": version,
        "indicator": indicator.slug,
        "title": str(indicator.title),
        "description": str(indicator.description),
        "computed_on": local_date(utcnow()).isoformat(),
        "licence": LICENCE,
        "series": [{
            "key": s.key, "label": str(s.label), "unit": s.unit,
            "baseline": indicators._round(s.baseline), "target": indicators._round(s.target),
            "current": indicators._round(s.current), "current_is_total": s.cumulative,
            "by_year": [{"year": year, "value": indicators._round(s.by_year.get(year))}
                        for year in year_list],
        } for s in indicator.series],
    }
    if indicator.entered_by_hand:
        data["facts"] = [{"kind": f.kind.value, "title": f.title,
                          "issued_on": f.issued_on.isoformat(), "url": f.url}
                         for f in indicator.facts]
    return jsonify(data)
