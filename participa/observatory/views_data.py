"""The indicators' open data: /datos/observatorio/<indicator>.csv and .json, and the entries
for the open data catalogue."""
from __future__ import annotations

from flask import abort, jsonify, url_for
from flask_babel import gettext

from participa import csv_export, exports
from participa.cases.businessdays import local_date
from participa.observatory import data_bp, indicators
from participa.timeutil import utcnow

LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def _indicator_or_404(slug: str):
    found = indicators.one(slug, local_date(utcnow()))
    if found is None:
        abort(404)
    return found


@data_bp.route("/<slug>.csv")
def indicator_csv(slug: str):
    year_list, indicator = _indicator_or_404(slug)
    body = csv_export.to_csv(indicators.COLUMNS, (
        [record[c] for c in indicators.COLUMNS]
        for record in indicators.records(indicator, year_list)))
    return csv_export.csv_response(body, f"participa-observatorio-{slug}.csv")


@data_bp.route("/<slug>.xlsx")
def indicator_xlsx(slug: str):
    year_list, indicator = _indicator_or_404(slug)
    rows = ([record[c] for c in indicators.COLUMNS]
            for record in indicators.records(indicator, year_list))
    return exports.xlsx_download(indicators.COLUMNS, rows,
                                 f"participa-observatorio-{slug}.xlsx")


@data_bp.route("/<slug>.json")
def indicator_json(slug: str):
    year_list, indicator = _indicator_or_404(slug)
    data = {
        "schema_version": indicators.SCHEMA_VERSION,
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


def catalogue_datasets() -> list[dict]:
    """DCAT datasets of the observatory's indicators, for /datos/catalogo.json."""
    datasets = []
    for slug in indicators.SLUGS:
        distributions = []
        for endpoint, media_type in (("observatory_data.indicator_csv", "text/csv"),
                                     ("observatory_data.indicator_json", "application/json")):
            url = url_for(endpoint, slug=slug, _external=True)
            distributions.append({"@type": "dcat:Distribution", "dcat:downloadURL": url,
                                  "dcat:accessURL": url, "dcat:mediaType": media_type,
                                  "dct:license": LICENCE})
        datasets.append({
            "@type": "dcat:Dataset",
            "dct:identifier": f"participa-observatorio-{slug}",
            "dct:title": str(indicators.TITLES[slug]),
            "dct:description": gettext(
                "An indicator of the national plan's open-government strategy: baseline, "
                "target, current value and value by year."),
            "dct:license": LICENCE,
            "dct:conformsTo": url_for("observatory.index", _external=True),
            "dct:accrualPeriodicity": "continuous",
            "owl:versionInfo": indicators.SCHEMA_VERSION,
            "dcat:keyword": ["gobierno abierto", "datos abiertos", "observatorio"],
            "dcat:distribution": distributions,
        })
    return datasets
