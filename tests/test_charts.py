"""Server-side SVG charts: what a reader gets from the picture, the table and the empty case."""
import re
import xml.etree.ElementTree as ET

import pytest
from flask import render_template_string

from participa import charts
from participa.charts import Reference, Series

SVG = "{http://www.w3.org/2000/svg}"
MACRO = '{% from "macros/charts.html" import chart %}{{ chart(c) }}'


def render(app, chart, language: str = "en") -> str:
    with app.test_request_context("/", headers={"Accept-Language": language}):
        return render_template_string(MACRO, c=chart)


def svg_of(html: str) -> ET.Element:
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])


def contrast(colour: str, background: str = "#ffffff") -> float:
    def luminance(hex_colour):
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                  for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(colour), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def trend():
    return charts.line_chart(
        "trend", "Cases each month", "Received and resolved cases, January to March.",
        ["Jan", "Feb", "Mar"],
        [Series("Received", [10, 0, 4]), Series("Resolved", [5, 0, None])],
        category_header="Month")


def test_svg_is_an_image_labelled_by_its_title_and_description(app):
    html = render(app, trend())
    svg = svg_of(html)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "trend-title trend-desc"
    assert svg.find(f"{SVG}title").get("id") == "trend-title"
    assert svg.find(f"{SVG}title").text == "Cases each month"
    assert svg.find(f"{SVG}desc").get("id") == "trend-desc"
    assert svg.find(f"{SVG}desc").text == "Received and resolved cases, January to March."
    # It scales from its viewBox: no fixed width that would overflow a 360 px phone.
    assert svg.get("viewBox").startswith(f"0 0 {charts.WIDTH} ")
    assert svg.get("width") is None
    assert "style=" not in html


def test_the_same_figures_are_in_a_table_under_details(app):
    html = render(app, trend())
    table = re.sub(r">\s+<", "><", html[html.index("<details"):html.index("</details>")])
    assert "<summary>" in table and "<caption>Cases each month</caption>" in table
    assert '<th scope="col">Month</th><th scope="col">Received</th>' \
           '<th scope="col">Resolved</th>' in table
    assert '<th scope="row">Feb</th><td data-label="Received">0</td>' \
           '<td data-label="Resolved">0</td>' in table
    assert '<th scope="row">Mar</th><td data-label="Received">4</td>' \
           '<td data-label="Resolved">—</td>' in table


def test_line_chart_series_differ_by_more_than_colour(app):
    chart = trend()
    assert {m.shape for m in chart.markers} == {"circle", "square"}
    assert [p.dash for p in chart.polylines] == ["", "7 4"]
    assert [item.label for item in chart.legend] == ["Received", "Resolved"]
    # The missing value breaks the line: the second series is drawn up to February only.
    assert len(chart.polylines[1].points.split()) == 2
    # Zeros sit on the axis; 10 reaches the top of an axis running to 10.
    zero_y = [m.y for m in chart.markers if "Feb" in m.tooltip]
    top_y = [m.y for m in chart.markers if "Jan" in m.tooltip and "Received" in m.tooltip]
    assert zero_y[0] - top_y[0] == pytest.approx(charts.PLOT_HEIGHT)
    svg_of(render(app, chart))  # well-formed


def test_bar_heights_are_proportional_to_the_values(app):
    chart = charts.bar_chart("scores", "Scores", "Scores of three institutions.",
                             ["MSP", "MDT", "SRI"], [Series("Score", [0.8, 0.4, 0.0])],
                             fmt=lambda v: f"{v:.0%}", max_value=1.0)
    heights = [bar.height for bar in chart.bars]
    assert heights[0] == pytest.approx(2 * heights[1])
    assert heights[0] == pytest.approx(0.8 * charts.PLOT_HEIGHT)
    assert heights[2] == 0
    # Every bar carries its value as text, so the picture needs no colour to be read.
    assert {"80%", "40%", "0%"} <= {t.text for t in chart.texts}
    svg = svg_of(render(app, chart))
    assert [r.get("height") for r in svg.iter(f"{SVG}rect") if r.get("class") == "chart-bar"] \
        == ["144.0", "72.0", "0.0"]


def test_horizontal_bars_with_reference_lines(app):
    chart = charts.bar_chart(
        "information", "e-información", "e-información of each institution.",
        ["MSP", "MDT"], [Series("e-información", [0.5, 1.0])], horizontal=True,
        fmt=lambda v: f"{v:.1%}", max_value=1.0,
        references=[Reference("2018", 0.7)], category_header="Institution")
    lengths = [bar.width for bar in chart.bars]
    assert lengths[1] == pytest.approx(2 * lengths[0])
    reference = [line for line in chart.lines if line.dash]
    assert len(reference) == 1
    left = chart.bars[0].x
    assert reference[0].x1 - left == pytest.approx(0.7 * lengths[1])
    # Its label is in the legend, not over the plot where it covered the bars' values.
    assert "2018: 70.0%" not in {t.text for t in chart.texts}
    assert "2018: 70.0%" in {item.label for item in chart.legend}
    html = render(app, chart)
    html = re.sub(r">\s+<", "><", html)
    assert '<tfoot><tr><th scope="row">2018</th><td colspan="1">70.0%</td>' in html
    assert all(t.x <= chart.width for t in chart.texts)


def test_grouped_bars_tell_series_apart_by_pattern(app):
    chart = charts.bar_chart("mine", "Scores", "Mine against the national median.",
                             ["e-información", "e-consulta"],
                             [Series("MSP", [0.5, 0.25]), Series("National median", [0.5, 1])],
                             max_value=1)
    fills = {bar.fill for bar in chart.bars}
    assert fills == {charts.PALETTE[0], "url(#mine-pattern-1)"}
    html = render(app, chart)
    assert '<pattern id="mine-pattern-1"' in html
    assert [item.label for item in chart.legend] == ["MSP", "National median"]


def test_histogram_bars_touch_and_count(app):
    chart = charts.histogram("days", "Days to resolution", "How long cases took.",
                             [("0", 2), ("1–2", 4), ("3–5", 0), ("6+", 1)],
                             bin_header="Business days", count_label="Cases")
    assert [bar.height for bar in chart.bars] == pytest.approx(
        [charts.PLOT_HEIGHT / 2, charts.PLOT_HEIGHT, 0, charts.PLOT_HEIGHT / 4])
    for first, second in zip(chart.bars, chart.bars[1:]):
        assert first.x + first.width == pytest.approx(second.x)
    assert chart.rows[1] == ("1–2", ["4"])
    svg_of(render(app, chart))


@pytest.mark.parametrize("chart", [
    charts.line_chart("a", "Trend", "Nothing yet.", [], []),
    charts.line_chart("b", "Trend", "Nothing yet.", ["Jan"], [Series("Received", [None])]),
    charts.bar_chart("c", "Scores", "No scores.", ["MSP"], [Series("Score", [None])]),
    charts.histogram("d", "Days", "No resolved cases.", [("0", 0), ("1–2", 0)]),
])
def test_empty_data_says_so_honestly(app, chart):
    assert chart.empty
    html = render(app, chart)
    assert "<svg" not in html
    assert "There are no figures to draw for this period." in html


def test_the_chart_words_are_translated(app):
    html = render(app, trend(), "es")
    assert "Cifras de este gráfico en una tabla" in html
    empty = charts.histogram("d", "Días", "Sin casos resueltos.", [])
    assert "No hay cifras que graficar en este período." in render(app, empty, "es")


def test_empty_message_given_by_the_caller(app):
    chart = charts.histogram("d", "Days", "No resolved cases.", [],
                             empty_message="No case was resolved in this period.")
    assert "No case was resolved in this period." in render(app, chart)


def test_all_zero_values_draw_an_axis_without_dividing_by_zero(app):
    chart = charts.line_chart("z", "Trend", "Nothing received.", ["Jan", "Feb"],
                              [Series("Received", [0, 0])])
    assert not chart.empty
    assert all(m.y == pytest.approx(chart.markers[0].y) for m in chart.markers)
    bars = charts.bar_chart("zb", "Scores", "All zero.", ["MSP"], [Series("Score", [0])])
    assert bars.bars[0].height == 0
    svg_of(render(app, chart))


def test_scale_is_round_and_holds_the_highest_value():
    assert charts.scale(0) == (1.0, [0.0, 0.25, 0.5, 0.75, 1.0])
    assert charts.scale(7, whole=True) == (8, [0, 2, 4, 6, 8])
    top, ticks = charts.scale(1.0)
    assert top == 1.0 and ticks[-1] == 1.0
    top, ticks = charts.scale(1234, whole=True)
    assert top >= 1234 and ticks[1] == 500


def test_labels_and_ids_are_escaped(app):
    chart = charts.bar_chart('x"><script>', "<b>Title</b>", "A & B", ["<MSP>"],
                             [Series("S", [1])])
    html = render(app, chart)
    assert "<script>" not in html and "<b>Title</b>" not in html
    assert chart.id == "x-script"
    svg_of(html)


def test_palette_meets_the_contrast_for_graphical_objects():
    for colour in charts.PALETTE + (charts.AXIS, charts.TEXT, charts.REFERENCE):
        assert contrast(colour) >= 3
        assert contrast(colour, "#f3f6f9") >= 3


def test_long_series_fit_the_width():
    months = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 13)]
    chart = charts.line_chart("long", "Trend", "Two years.", months,
                              [Series("Received", list(range(24)))])
    labels = [t for t in chart.texts if t.text in months]
    assert 0 < len(labels) < 24  # thinned so they do not overlap
    assert all(0 <= t.x <= chart.width for t in chart.texts)
    assert all(0 <= m.x <= chart.width for m in chart.markers)
