"""Charts on a phone: no label over a value, text of 12 px or more at 360 px, and a period
still under way drawn (and said) as partial."""
import xml.etree.ElementTree as ET

import pytest
from flask import render_template_string

from participa import charts
from participa.charts import Reference, Series

SVG = "{http://www.w3.org/2000/svg}"
MACRO = '{% from "macros/charts.html" import chart %}{{ chart(c) }}'


def render(app, chart) -> ET.Element:
    with app.test_request_context("/"):
        html = render_template_string(MACRO, c=chart)
    return ET.fromstring(html[html.index("<svg"):html.index("</svg>") + len("</svg>")])


def _boxes(svg: ET.Element):
    """The box of every text in the drawing, from its position, anchor and size."""
    boxes = []
    for text in svg.iter(f"{SVG}text"):
        size = float(text.get("font-size") or svg.get("font-size"))
        width = charts._text_width(text.text, size)
        x, y = float(text.get("x")), float(text.get("y"))
        anchor = text.get("text-anchor", "start")
        left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
        boxes.append((text.text, left, y - size * 0.8, left + width, y + size * 0.2))
    return boxes


def _overlaps(boxes):
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]:
                found.append((a[0], b[0]))
    return found


def observatory_like():
    """Bars with a baseline and a target close to the values: the labels used to cover them."""
    return charts.bar_chart(
        "chart-adoption", "Adoption", "Adoption by year.", ["2023", "2024", "2025", "2026"],
        [Series("Adoption", [0.66, 0.69, 0.71, 0.9])], fmt=lambda v: f"{v:.0%}",
        max_value=1.0, references=[Reference("Baseline", 0.68), Reference("Target", 0.9)])


def dashboard_like():
    return charts.bar_chart(
        "scores-information", "e-información by institution", "Scores.",
        ["MSP", "MDT", "MINEDUC", "SRI", "IESS"],
        [Series("e-información", [0.72, 0.69, 0.4, None, 1.0])], horizontal=True,
        fmt=lambda v: f"{v:.1%}", max_value=1.0, references=[Reference("2018 reference", 0.7)])


@pytest.mark.parametrize("make", [observatory_like, dashboard_like])
def test_no_text_covers_another(app, make):
    chart = make()
    svg = render(app, chart)
    assert _overlaps(_boxes(svg)) == []
    # The references are named with their value in the legend.
    legend = [item.label for item in chart.legend]
    assert any(label.startswith(("Baseline", "2018 reference")) for label in legend)


@pytest.mark.parametrize("make", [observatory_like, dashboard_like])
def test_text_is_12_px_or_more_on_a_360_px_phone(app, make):
    svg = render(app, make())
    width = float(svg.get("viewBox").split()[2])
    shown = charts.PHONE_COLUMN / width   # CSS px per unit: the SVG fills the column
    sizes = [float(t.get("font-size") or svg.get("font-size")) for t in svg.iter(f"{SVG}text")]
    assert sizes and min(sizes) * shown >= 12


def test_the_month_just_begun_is_drawn_and_said_as_partial(app):
    chart = charts.line_chart(
        "trend", "Cases each month", "Received cases. March has only just begun: partial.",
        ["Jan", "Feb", "Mar"], [Series("Received", [40, 42, 3])], category_header="Month",
        partial="partial month")
    solid = [p for p in chart.polylines if p.dash != charts.PARTIAL_DASH]
    dashed = [p for p in chart.polylines if p.dash == charts.PARTIAL_DASH]
    assert len(solid[0].points.split()) == 2          # January to February, solid
    assert len(dashed) == 1 and len(dashed[0].points.split()) == 2   # February to March
    assert [m.hollow for m in chart.markers] == [False, False, True]
    assert "(partial month)" in chart.markers[-1].tooltip
    assert chart.rows[-1][0] == "Mar (partial month)"
    assert "partial month" in [item.label for item in chart.legend]
    svg = render(app, chart)
    assert any(p.get("stroke-dasharray") == charts.PARTIAL_DASH
               for p in svg.iter(f"{SVG}polyline"))
    assert "partial" in svg.find(f"{SVG}desc").text


def test_a_complete_period_is_drawn_solid(app):
    chart = charts.line_chart("trend", "T", "D", ["Jan", "Feb"], [Series("R", [4, 5])])
    assert all(p.dash != charts.PARTIAL_DASH for p in chart.polylines)
    assert not any(m.hollow for m in chart.markers)


def test_the_dashboard_trend_marks_the_month_under_way(app):
    from datetime import date
    from types import SimpleNamespace

    from participa.dashboard import visuals
    from participa.dashboard.statistics import Figures, Period

    months = {(2026, 10): Figures(received=40), (2026, 11): Figures(received=42),
              (2026, 12): Figures(received=3)}
    report = SimpleNamespace(period=Period(date(2026, 10, 1), date(2026, 12, 31)),
                             months=months)
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        under_way = visuals.trend(report, date(2026, 12, 2), "trend", "all institutions")
        over = visuals.trend(report, date(2027, 1, 15), "trend", "all institutions")
    assert any(p.dash == charts.PARTIAL_DASH for p in under_way.polylines)
    assert "partial" in under_way.description and "dashed" in under_way.description
    assert not any(p.dash == charts.PARTIAL_DASH for p in over.polylines)
    assert "partial" not in over.description
