"""The indicators' charts: server-side SVG bars by year, with the baseline and target as
lines. Accessible: role="img" with <title> and <desc>; the page shows the same figures in a
table next to each chart. Colours come from static/css/observatory.css classes."""
from __future__ import annotations

from flask_babel import format_decimal, format_percent, gettext
from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


def _format(value, unit: str) -> str:
    if value is None:
        return "—"
    return format_percent(value, "#,##0.0%") if unit == "share" else format_decimal(value)


def bar_chart(chart_id: str, title: str, description: str, years: list[int],
              series: list[tuple[str, dict]], unit: str,
              lines: list[tuple[str, float, str]] = ()) -> Markup:
    """Bars per year (one per series, side by side) and horizontal reference lines
    (label, value, css class). Shares go from 0 to 100 %; counts from 0 to the highest."""
    values = [v for _, by_year in series for v in by_year.values() if v is not None]
    values += [value for _, value, _ in lines if value is not None]
    top = 1.0 if unit == "share" else max(values + [1])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value):
        return TOP + plot_h - plot_h * (value / top if top else 0)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="{chart_id}-title '
             f'{chart_id}-desc">',
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<desc id="{chart_id}-desc">{escape(description)}</desc>']
    for step in range(5):  # grid and axis labels: 0, ¼, ½, ¾, top
        value = top * step / 4
        gy = y(value)
        parts.append(f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
                     f'y1="{gy:.1f}" y2="{gy:.1f}"/>')
        parts.append(f'<text class="chart-axis" x="{LEFT - 6}" y="{gy + 4:.1f}" '
                     f'text-anchor="end">{escape(_format(value, unit))}</text>')
    slot = plot_w / max(len(years), 1)
    bar_w = slot * 0.7 / max(len(series), 1)
    for i, year in enumerate(years):
        x0 = LEFT + slot * i + slot * 0.15
        for j, (label, by_year) in enumerate(series):
            value = by_year.get(year)
            if value is None:
                continue
            by = y(value)
            parts.append(f'<rect class="chart-bar chart-bar-{j}" x="{x0 + bar_w * j:.1f}" '
                         f'y="{by:.1f}" width="{bar_w:.1f}" '
                         f'height="{TOP + plot_h - by:.1f}"><title>{escape(label)} {year}: '
                         f'{escape(_format(value, unit))}</title></rect>')
        parts.append(f'<text class="chart-axis" x="{LEFT + slot * i + slot / 2:.1f}" '
                     f'y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">{year}</text>')
    for label, value, css in lines:
        if value is None:
            continue
        ly = y(value)
        parts.append(f'<line class="chart-line {css}" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
                     f'y1="{ly:.1f}" y2="{ly:.1f}"/>')
        parts.append(f'<text class="chart-line-label {css}" x="{WIDTH - RIGHT - 4}" '
                     f'y="{ly - 4:.1f}" text-anchor="end">{escape(label)} '
                     f'{escape(_format(value, unit))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def chart_for(indicator, years: list[int]) -> Markup:
    """The chart of one observatory indicator."""
    series = [(str(s.label), s.by_year) for s in indicator.series]
    unit = indicator.series[0].unit
    lines = []
    if len(indicator.series) == 1:
        only = indicator.series[0]
        if only.baseline is not None:
            lines.append((gettext("Baseline"), only.baseline, "chart-baseline"))
        if only.target is not None:
            lines.append((gettext("Target"), only.target, "chart-target"))
    summary = "; ".join(
        f"{label}: " + ", ".join(f"{year} {_format(by_year.get(year), unit)}" for year in years)
        for label, by_year in series)
    description = gettext("Value by year. %(figures)s. The same figures are in the table "
                          "below.", figures=summary)
    return bar_chart(f"chart-{indicator.slug}", str(indicator.title), description, years,
                     series, unit, lines)
