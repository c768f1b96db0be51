"""The national plan's open-government indicators, computed live from what happens on
Participa (and, for norms, from the facts a platform administrator enters).

Per indicator and series: the plan's baseline and target, the current value and the value of
every year since the first year with data (at most the last YEARS_SHOWN years).
- Use of Contacto Ciudadano: for each calendar year, the executive institutions that received
  and answered a case ÷ all the executive institutions in the registry (imported with
  `flask participa import-institutions`), not only those on Participa; the current value is
  this year's so far.
- Scores: the national e-información, e-consulta and e-decisión of each year, beside the 2018
  reference; the current value is this year's so far.
- Requests for open data answered on time: of the requests made in the year that were
  answered or are past their due date, the share answered on time (see
  participa.observatory.requests); the current value is this year's so far.
- Initiatives developed with open data: approved reuses; each year's value is the total
  approved by the end of that year (the plan's target is a total), the current value the
  total to date.
- Norms: norms entered as issued; each year's value is the total issued by the end of that
  year, the current value the total to date.
Closed years are read from their published figures (participa.dashboard.published: computed
once, the first time a closed year is read); only the current year is computed, and it may be
as old as the dashboard's cache period (STATS_CACHE_SECONDS).
The years shown start with the first year of activity on Participa (a case, a request or an
approved reuse); norms issued before then count in every year's total.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participa import scores
from participa.cases.businessdays import local_date
from participa.dashboard import service as dashboard
from participa.dashboard.statistics import ratio, year_period
from participa.dashboard.versions import rescore
from participa.extensions import db
from participa.figures_cache import generation, remember
from participa.models import Case, DataRequest, NormFact, NormKind, Reuse, ReviewStatus
from participa.models.published import PublishedFigures

YEARS_SHOWN = 10
# 1.1: the methodology version of the scores, a column (CSV) and a field (JSON).
SCHEMA_VERSION = "1.1"
REUSES_BASELINE, REUSES_TARGET = 0, 12
NORMS_BASELINE, NORMS_TARGET = 0, 1
TITLES = {
    "uso-contacto-ciudadano": _l("Executive institutions that use Contacto Ciudadano"),
    "iniciativas-datos-abiertos": _l("Initiatives developed with open data"),
    "puntajes-participacion": _l("National participation scores"),
    "solicitudes-datos-a-tiempo": _l("Requests for open data answered on time"),
    "normas": _l("Norms issued for e-participation and for personal-data protection"),
}


@dataclass
class Series:
    key: str
    label: str
    unit: str  # "share" (0–1) or "count"
    baseline: float | None
    target: float | None
    current: float | None
    by_year: dict[int, float | None] = field(default_factory=dict)
    cumulative: bool = False  # the current value is the total to date


@dataclass
class Indicator:
    slug: str
    title: str
    description: str
    series: list[Series]
    facts: list = field(default_factory=list)  # NormFact rows, for norms
    entered_by_hand: bool = False


def years(today: date) -> list[int]:
    """From the first year with data (never before YEARS_SHOWN years ago) to this year."""
    firsts = [db.session.scalar(select(func.min(Case.created_at))),
              db.session.scalar(select(func.min(DataRequest.created_at))),
              db.session.scalar(select(func.min(Reuse.reviewed_at))
                                .where(Reuse.status == ReviewStatus.APPROVED))]
    first = min((value.year for value in firsts if value is not None), default=today.year)
    first = max(first, today.year - YEARS_SHOWN + 1)
    return list(range(min(first, today.year), today.year + 1))


def _yearly_reports(year_list: list[int], today: date,
                    version: str | None = None) -> dict[int, dashboard.Report]:
    """The dashboard's report of each year: the published one of a closed year, the current
    year's computed (and cached as every dashboard report is); scores under `version` of the
    methodology (the one in force by default)."""
    return {year: rescore(dashboard.build(year_period(date(year, 1, 1)), today), version)
            for year in year_list}


def _totals_by_year(dates, year_list: list[int]) -> dict[int, int]:
    """How many of `dates` fall on or before the end of each year."""
    return {year: sum(1 for day in dates if day.year <= year) for year in year_list}


def adoption(reports: dict, today: date) -> Indicator:
    # The dashboard's definition (participa.dashboard.service.Report.adoption_rate).
    by_year = {year: report.adoption_rate for year, report in reports.items()}
    return Indicator(
        "uso-contacto-ciudadano", TITLES["uso-contacto-ciudadano"],
        _l("Institutions of the executive function that received and answered at least one "
           "case in the year ÷ every institution of the executive function in the registry, "
           "whether or not it uses Participa."),
        [Series("adoption", _l("Share of institutions"), "share",
                dashboard.ADOPTION_BASELINE, dashboard.ADOPTION_TARGET,
                by_year.get(today.year), by_year)])


def score_series(reports: dict, today: date) -> Indicator:
    labels = {"information": "e-información", "consultation": "e-consulta",
              "decision": "e-decisión"}
    series = []
    for key, label in labels.items():
        by_year = {year: getattr(report.national_scores, key)
                   for year, report in reports.items()}
        series.append(Series(key, label, "share", scores.REFERENCE_2018[key], None,
                             by_year.get(today.year), by_year))
    return Indicator(
        "puntajes-participacion", TITLES["puntajes-participacion"],
        _l("The national e-información, e-consulta and e-decisión scores of each year (see "
           "the methodology), beside the national reference of 2018 as baseline."), series)


def requests_on_time(reports: dict, today: date) -> Indicator:
    by_year = {year: ratio(report.national_inputs.data_requests_on_time_within_term,
                           report.national_inputs.data_requests)
               for year, report in reports.items()}
    return Indicator(
        "solicitudes-datos-a-tiempo", TITLES["solicitudes-datos-a-tiempo"],
        _l("Of the requests for open data made in the year that have been answered or are "
           "past their due date, the share answered by the date owed (30 business days, or "
           "the date the institution planned when it is within those 30 business days)."),
        [Series("requests_on_time", _l("Share of requests"), "share", None, None,
                by_year.get(today.year), by_year)])


def initiatives(year_list: list[int]) -> Indicator:
    approved = [local_date(at) for at in db.session.scalars(
        select(Reuse.reviewed_at).where(Reuse.status == ReviewStatus.APPROVED))]
    return Indicator(
        "iniciativas-datos-abiertos", TITLES["iniciativas-datos-abiertos"],
        _l("Reuses of open data registered on Participa and approved: the total approved by "
           "the end of each year, and to date."),
        [Series("initiatives", _l("Initiatives"), "count", REUSES_BASELINE, REUSES_TARGET,
                len(approved), _totals_by_year(approved, year_list), cumulative=True)])


def norms(year_list: list[int]) -> Indicator:
    facts = list(db.session.scalars(select(NormFact).order_by(NormFact.issued_on,
                                                              NormFact.id)))
    labels = {NormKind.E_PARTICIPATION: _l("Norms for e-participation"),
              NormKind.DATA_PROTECTION: _l("Norms for personal-data protection")}
    series = []
    for kind, label in labels.items():
        days = [f.issued_on for f in facts if f.kind == kind]
        series.append(Series(kind.value, label, "count", NORMS_BASELINE, NORMS_TARGET,
                             len(days), _totals_by_year(days, year_list), cumulative=True))
    return Indicator(
        "normas", TITLES["normas"],
        _l("Entered by a platform administrator as dated facts with a link to the published "
           "norm: the total issued by the end of each year, and to date."),
        series, facts=facts, entered_by_hand=True)


def all_indicators(today: date, version: str | None = None
                   ) -> tuple[list[int], list[Indicator]]:
    """Every indicator, kept in the figures cache until STATS_CACHE_SECONDS pass, a write
    changes what the open year counts, or a period is published or recomputed."""
    published_last = db.session.scalar(select(func.max(PublishedFigures.id)))
    return remember(f"observatory:{today}:{version or ''}:{published_last}:{generation()}",
                    lambda: _all_indicators(today, version), local=True)


def _all_indicators(today: date, version: str | None) -> tuple[list[int], list[Indicator]]:
    year_list = years(today)
    reports = _yearly_reports(year_list, today, version)
    return year_list, [adoption(reports, today), initiatives(year_list),
                       score_series(reports, today), requests_on_time(reports, today),
                       norms(year_list)]


SLUGS = ("uso-contacto-ciudadano", "iniciativas-datos-abiertos", "puntajes-participacion",
         "solicitudes-datos-a-tiempo", "normas")


def one(slug: str, today: date, version: str | None = None
        ) -> tuple[list[int], Indicator] | None:
    """Only the indicator asked for (a dashboard report per year only when it needs one)."""
    if slug not in SLUGS:
        return None
    year_list = years(today)
    if slug == "iniciativas-datos-abiertos":
        return year_list, initiatives(year_list)
    if slug == "normas":
        return year_list, norms(year_list)
    reports = _yearly_reports(year_list, today, version)
    builder = {"uso-contacto-ciudadano": adoption, "puntajes-participacion": score_series,
               "solicitudes-datos-a-tiempo": requests_on_time}[slug]
    return year_list, builder(reports, today)


COLUMNS = ["indicator", "series", "unit", "baseline", "target", "current", "year", "value",
           "methodology_version"]


def _round(value):
    return None if value is None else round(value, 4)


def records(indicator: Indicator, year_list: list[int], version: str) -> list[dict]:
    """One record per series and year, with the series' baseline, target and current value,
    and the methodology version of the scores the figures come from."""
    return [{"indicator": indicator.slug, "series": s.key, "unit": s.unit,
             "baseline": _round(s.baseline), "target": _round(s.target),
             "current": _round(s.current), "year": year, "value": _round(s.by_year.get(year)),
             "methodology_version": version}
            for s in indicator.series for year in year_list]
