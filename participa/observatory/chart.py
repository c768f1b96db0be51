"""The indicators' charts, drawn by participa.charts (accessible SVG with its table): bars by
year, with the plan's baseline and target (or the 2018 reference of each score) as lines."""
from __future__ import annotations

from flask_babel import format_decimal, format_percent, gettext

from participa import charts


def _formatter(unit: str):
    if unit == "share":
        return lambda value: format_percent(value, "#,##0.0%")
    return format_decimal


def chart_for(indicator, years: list[int]) -> charts.Chart:
    """The chart of one observatory indicator."""
    unit = indicator.series[0].unit
    fmt = _formatter(unit)
    series = [charts.Series(str(s.label), [s.by_year.get(year) for year in years])
              for s in indicator.series]
    references = []
    if len(indicator.series) == 1:
        only = indicator.series[0]
        if only.baseline is not None and (only.baseline or unit == "share"):  # 0 is the axis
            references.append(charts.Reference(gettext("Baseline"), only.baseline))
        if only.target is not None:
            references.append(charts.Reference(gettext("Target"), only.target))
    else:
        # Scores: each one's 2018 reference; norms: the one target they share.
        for s in indicator.series:
            if s.baseline and unit == "share":
                references.append(charts.Reference(f"{s.label} 2018", s.baseline))
        targets = {s.target for s in indicator.series if s.target is not None}
        if len(targets) == 1:
            references.append(charts.Reference(gettext("Target"), targets.pop()))
    figures = "; ".join(
        f"{s.label}: " + ", ".join(f"{year} {'—' if value is None else fmt(value)}"
                                   for year, value in zip(years, s.values))
        for s in series)
    description = gettext("Value by year. %(figures)s. The same figures are in the table "
                          "below.", figures=figures)
    return charts.bar_chart(
        f"chart-{indicator.slug}", str(indicator.title), description,
        [str(year) for year in years], series, category_header=gettext("Year"), fmt=fmt,
        max_value=1.0 if unit == "share" else None, references=references,
        empty_message=gettext("No figures yet for this indicator."))
