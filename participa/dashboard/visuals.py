"""The dashboard's charts, built from a report (`participa.dashboard.service.Report`) with
`participa.charts`: every label translated here, every value written in the reader's
language. Reads only figures already computed: no database access."""
from __future__ import annotations

from datetime import date

from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _

from participa import charts, scores
from participa.charts import Reference, Series
from participa.dashboard.service import Medians, Report, Row
from participa.dashboard.statistics import Figures
from participa.institution_names import institution_label

# Business days to resolution: 0, 1–2, 3–5, 6–10 (about the usual deadline), 11–20, 21–40
# and 41 or more.
RESOLUTION_BOUNDS = (1, 3, 6, 11, 21, 41)


def percent(value: float) -> str:
    return format_percent(value, format="#,##0.0%")


def number(value: float) -> str:
    return format_decimal(value)


def score_names() -> dict[str, str]:
    return {"information": "e-información", "consultation": "e-consulta",
            "decision": "e-decisión"}


def _months(report: Report, today: date) -> list[tuple[int, int]]:
    """The months of the period up to the current one (a month to come has no cases yet,
    which is not the same as none), including months without cases."""
    now = (today.year, today.month)
    return [month for month in report.period.months() if month <= now] or \
        report.period.months()[:1]


def trend(report: Report, today: date, chart_id: str, whose: str) -> charts.Chart:
    months = _months(report, today)
    labels = [format_date(date(year, month, 1), "MMM yyyy") for year, month in months]
    empty = Figures()
    received = [report.months.get(month, empty).received for month in months]
    resolved = [report.months.get(month, empty).resolved for month in months]
    if not any(received):
        received = resolved = []
    description = _("Cases received and cases now resolved or closed, by month of filing, from "
                    "%(first)s to %(last)s. A case filed in a month counts in that month even "
                    "when it was resolved later.", first=labels[0], last=labels[-1])
    # The current month has only begun: its low count is not a fall, and is drawn as partial.
    partial = ""
    if len(months) > 1 and months[-1] == (today.year, today.month):
        partial = _("month under way")
        description += " " + _("%(month)s is not over: its figures are partial, and the line "
                               "to it is dashed.", month=labels[-1])
    return charts.line_chart(
        chart_id, _("Cases month by month: %(whose)s", whose=whose), description,
        labels, [Series(_("Cases received"), received),
                 Series(_("Cases resolved or closed"), resolved)],
        category_header=_("Month of filing"), fmt=number,
        empty_message=_("No case was filed in this period."), partial=partial)


def resolution_days(figures: Figures, chart_id: str, whose: str) -> charts.Chart:
    bins = []
    for low, high, count in figures.resolution_days_distribution(RESOLUTION_BOUNDS):
        if high is None:
            label = f"{low}+"
        elif high - 1 == low:
            label = str(low)
        else:
            label = f"{low}–{high - 1}"
        bins.append((label, count))
    return charts.histogram(
        chart_id, _("Business days to resolution: %(whose)s", whose=whose),
        _("How many of the period's resolved cases took each number of business days from "
          "filing to resolution. Median: %(median)s business days.",
          median=number(figures.median_days_to_resolution)
          if figures.median_days_to_resolution is not None else "—"),
        bins, bin_header=_("Business days to resolution"), count_label=_("Cases resolved"),
        fmt=number, empty_message=_("No case of this period has been resolved yet."))


def institution_scores(report: Report, key: str, reference: float) -> charts.Chart:
    """One score of every institution, highest first, beside its 2018 national figure."""
    name = score_names()[key]
    rows = sorted(report.rows, key=lambda r: (getattr(r.scores, key) is None,
                                              -(getattr(r.scores, key) or 0),
                                              r.institution.acronym))
    return charts.bar_chart(
        f"scores-{key}", _("%(score)s by institution", score=name),
        _("%(score)s of each institution in the period, highest first, against the 2018 "
          "national figure of %(reference)s. Institutions without data have no bar.",
          score=name, reference=percent(reference)),
        [row.institution.acronym for row in rows],
        [Series(name, [getattr(row.scores, key) for row in rows])], horizontal=True,
        category_header=_("Institution"), fmt=percent, max_value=1.0,
        references=[Reference(_("2018 reference"), reference)],
        empty_message=_("No institution has this score in this period."))


def scores_against_median(row: Row, medians: Medians, acronym: str) -> charts.Chart:
    keys = ("information", "consultation", "decision")
    names = score_names()
    of_institution = institution_label(row.institution, "of", short=True)
    return charts.bar_chart(
        "scores-median", _("Scores of %(of_institution)s and the national median",
                           of_institution=of_institution),
        _("e-información, e-consulta and e-decisión of %(of_institution)s in the period, each "
          "beside the median of all institutions.", of_institution=of_institution),
        [names[key] for key in keys],
        [Series(acronym, [getattr(row.scores, key) for key in keys]),
         Series(_("National median"), [medians.scores[key] for key in keys])],
        category_header=_("Score"), fmt=percent, max_value=1.0,
        empty_message=_("There are no scores for this period."))


def summary_charts(report: Report, today: date) -> dict[str, charts.Chart]:
    national = _("all institutions")
    return {
        "trend": trend(report, today, "trend-national", national),
        "resolution": resolution_days(report.national, "resolution-national", national),
        "scores": [institution_scores(report, key, scores.REFERENCE_2018[key])
                   for key in ("information", "consultation", "decision")],
    }


def institution_charts(report: Report, row: Row, medians: Medians, today: date
                       ) -> dict[str, charts.Chart]:
    acronym = row.institution.acronym
    return {
        "trend": trend(report, today, "trend-institution", acronym),
        "resolution": resolution_days(row.figures, "resolution-institution", acronym),
        "scores": scores_against_median(row, medians, acronym),
    }
