"""The dashboard's report for a period: every institution's figures and scores, the national
totals and the adoption indicator. Read-only: nothing here writes."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from participa import scores
from participa.dashboard import composed, published, queries
from participa.dashboard.statistics import (Figures, Period, median, month_period,
                                            quarter_period, ratio, year_period)
from participa.figures_cache import generation, remember
from participa.timeutil import utcnow

# Plan nacional de Gobierno Electrónico: institutions that use Contacto Ciudadano.
ADOPTION_BASELINE = 0.68
ADOPTION_TARGET = 0.90


@dataclass
class Row:
    institution: queries.InstitutionRow
    figures: Figures
    inputs: scores.ScoreInputs
    scores: scores.Scores

    @property
    def adopted(self) -> bool:
        """Received and answered at least one case in the period."""
        return self.figures.received > 0 and self.figures.answered > 0


@dataclass
class Report:
    period: Period
    rows: list[Row]
    national: Figures
    national_inputs: scores.ScoreInputs
    national_scores: scores.Scores
    months: dict = field(default_factory=dict)
    computed_at: datetime = field(default_factory=utcnow)  # when the figures were read
    methodology_version: str = scores.METHODOLOGY_VERSION
    # The published revision for a closed month, quarter or year (participa.dashboard.
    # published); None for figures computed live (an open period or custom dates).
    revision: int | None = None
    # Of a published report: every institution's monthly trend, {id: {(year, month): ...}}.
    institution_months: dict = field(default_factory=dict)
    # Of a published report: {(by, institution id or None): breakdown} (see `breakdown`).
    breakdowns: dict = field(default_factory=dict)
    # True when institution_months and breakdowns are filled (a published report, or one
    # computed or summed with them, see participa.dashboard.composed).
    detailed: bool = False

    @property
    def active_institutions(self) -> int:
        return sum(1 for row in self.rows if row.institution.active)

    @property
    def executive_institutions(self) -> int:
        """The adoption indicator's denominator: every institution of the executive
        function in the registry, whether or not it works on Participa."""
        return len(executive_registry())

    @property
    def adopting_institutions(self) -> int:
        """Institutions of the executive registry that received and answered at least one
        case in the period."""
        registry = executive_registry()
        return sum(1 for row in self.rows if row.adopted and row.institution.id in registry)

    @property
    def adoption_rate(self) -> float | None:
        """The national plan's adoption of Contacto Ciudadano: the one definition that the
        dashboard, its API, the open data and the observatory show."""
        return ratio(self.adopting_institutions, self.executive_institutions)

    adoption_baseline = ADOPTION_BASELINE
    adoption_target = ADOPTION_TARGET


def executive_registry() -> frozenset[int]:
    """The ids of the institutions of the executive function in the registry (imported with
    `flask participa import-institutions`), active on Participa or not; read once a
    request."""
    from flask import g
    from sqlalchemy import select

    from participa.extensions import db
    from participa.models import Institution

    if "executive_registry" not in g:
        g.executive_registry = frozenset(db.session.scalars(
            select(Institution.id).where(Institution.executive)))
    return g.executive_registry


def build(period: Period, today: date, institution: queries.InstitutionRow | None = None
          ) -> Report:
    """Every active institution (and any inactive one with cases in the period); the
    national figures are always over all institutions; the monthly trend is national or,
    with `institution`, that institution's. A closed month, quarter or year is read from its
    published figures; other periods are computed, cached for STATS_CACHE_SECONDS."""
    if institution is None:
        stored = published.stored_report(period, today)
        if stored is not None:
            return stored
        return composed.report(period, today)
    # The national report is shared; only the institution's monthly trend is its own.
    national_report = build(period, today)
    if national_report.detailed:
        return replace(national_report,
                       months=national_report.institution_months.get(institution.id, {}))
    return remember(f"report:{period.first}:{period.last}:{today}:{institution.id}",
                    lambda: replace(national_report,
                                    months=queries.months(period, institution.id)))


def warm(today: date) -> list[Period]:
    """Compute afresh the national reports of the current month, quarter and year (the
    dashboard's usual periods), so that nobody waits for them: run it (`flask participa
    warm-figures`) more often than STATS_CACHE_SECONDS."""
    periods = [month_period(today), quarter_period(today), year_period(today)]
    for period in periods:
        composed.report(period, today, refresh=True)
    return periods


def institution_report(period: Period, today: date, institution,
                       version: str | None = None) -> tuple[Report, Row]:
    """The report with `institution`'s monthly trend, and its row (an empty one for an
    inactive institution without cases in the period); scores under `version` of the
    methodology (the one in force by default)."""
    from participa.dashboard.versions import rescore

    row_of = queries.InstitutionRow(institution.id, institution.acronym, institution.name,
                                    institution.active, institution.article)
    report = rescore(build(period, today, row_of), version)
    row = next((r for r in report.rows if r.institution.id == institution.id), None)
    if row is None:
        row = Row(row_of, Figures(), scores.ScoreInputs(),
                  scores.compute(scores.ScoreInputs(), report.methodology_version))
    return report, row


def breakdown(period: Period, today: date, by: str, institution_id: int | None = None):
    """`queries.breakdown`, cached as the report is; a closed month, quarter or year's from
    its published figures."""
    report = build(period, today)
    if report.detailed and (by, institution_id) in report.breakdowns:
        return report.breakdowns[(by, institution_id)]
    if report.revision is not None:  # published: an institution without a row has none
        return []
    if institution_id is not None:
        return composed.breakdown(period, today, by, institution_id)
    key = (f"breakdown:{by}:{period.first}:{period.last}:{today}:{institution_id or ''}:"
           f"{generation()}")
    return remember(key, lambda: queries.breakdown(period, today, by, institution_id))


def compute(period: Period, today: date, by_institution: dict | None = None,
            months: dict | None = None) -> Report:
    """The report computed from the cases and events as they are now (with the counts by
    institution and the monthly trend when the caller has them already)."""
    figures = queries.case_figures(period, today, by_institution=by_institution)
    inputs = queries.score_inputs(period, figures)
    rows = []
    for item in queries.institutions():
        if not (item.active or item.id in figures):
            continue
        item_inputs = inputs.get(item.id, scores.ScoreInputs())
        rows.append(Row(item, figures.get(item.id, Figures()), item_inputs,
                        scores.compute(item_inputs)))
    scores.rank({row.institution.id: row.scores for row in rows})
    national_inputs = sum(inputs.values(), scores.ScoreInputs())
    # The national scores follow the methodology in force (version 3: the mean of the rows').
    return Report(period, rows, queries.national(figures), national_inputs,
                  scores.national(row.inputs for row in rows),
                  queries.months(period) if months is None else months)


def sort_rows(rows: list[Row], key: str) -> list[Row]:
    """Highest first for scores and rates (no value last); by acronym otherwise."""
    getters = {
        "composite": lambda r: r.scores.composite,
        "information": lambda r: r.scores.information,
        "consultation": lambda r: r.scores.consultation,
        "decision": lambda r: r.scores.decision,
        "resolution": lambda r: r.figures.resolution_rate,
        "on_time": lambda r: r.figures.on_time_rate,
        "received": lambda r: r.figures.received,
    }
    getter = getters.get(key)
    if getter is None:
        return sorted(rows, key=lambda r: r.institution.acronym)
    return sorted(rows, key=lambda r: (getter(r) is None, -(getter(r) or 0),
                                       r.institution.acronym))


SORT_KEYS = ("composite", "information", "consultation", "decision", "resolution", "on_time",
             "received", "acronym")


# The figures of an institution shown beside the national median (Figures attributes).
MEDIAN_FIGURES = ("received", "answered", "resolved", "rejected", "transferred", "open",
                  "overdue", "resolution_rate", "on_time_rate", "median_days_to_first_response",
                  "p90_days_to_first_response", "median_days_to_resolution",
                  "p90_days_to_resolution", "reopen_rate", "mean_rating")
MEDIAN_SCORES = ("information", "consultation", "decision", "composite")


@dataclass
class Medians:
    """The median over the report's institutions of each figure and score; an institution
    without a value (a rate with nothing to divide, a score with no component) is left out,
    and a figure no institution has is None."""
    figures: dict[str, float | None]
    scores: dict[str, float | None]


def national_medians(report: Report) -> Medians:
    def middle(values) -> float | None:
        return median([v for v in values if v is not None])

    return Medians(
        {name: middle(getattr(row.figures, name) for row in report.rows)
         for name in MEDIAN_FIGURES},
        {name: middle(getattr(row.scores, name) for row in report.rows)
         for name in MEDIAN_SCORES})
