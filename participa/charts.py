"""Charts drawn on the server as accessible SVG: line charts, bar charts and histograms.

Each function returns a `Chart`: the geometry already worked out (in the units of the SVG
viewBox) and the same figures as a table. `templates/macros/charts.html` renders it:

    {% from "macros/charts.html" import chart %}
    {{ chart(trend_chart) }}

The SVG has role="img" and is labelled by its <title> and <desc>; the figures follow in a
table under a <details>, so they can be read without the picture and without JavaScript. No
inline styles (the Content-Security-Policy forbids them): colours are SVG presentation
attributes, sizes come from the viewBox and static/css/participa.css.

Callers translate every label, title and description and pass a `fmt` that writes a value
in the reader's language (`flask_babel.format_decimal`, a percentage...). Nothing here
divides by a value that can be zero: an empty chart says so instead of drawing nothing.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

# Colours of the series, each at least 3:1 against white (WCAG 2.1, 1.4.11) and on
# --bg-soft (#f3f6f9). Series are also told apart by marker shape, dash pattern (lines) or
# fill pattern (bars), and by their legend, so colour is never the only clue.
PALETTE = ("#0b4f8a",   # blue, 8.4:1
           "#b35900",   # orange, 4.8:1
           "#1e6b32",   # green, 6.5:1
           "#6b3fa0")   # purple, 7.4:1
TEXT = "#1b1b1b"        # 17.2:1
AXIS = "#6b6b6b"        # 5.3:1
GRID = "#d6d6d6"        # decorative gridlines; the axis and labels carry the scale
REFERENCE = "#1b1b1b"
PARTIAL_DASH = "3 3"   # the line to a period still under way
MARKERS = ("circle", "square", "triangle", "diamond")
DASHES = ("", "7 4", "2 3", "9 3 2 3")
PATTERNS = ("solid", "hatch", "dots", "cross")

# viewBox width. The SVG scales to its container: on a 360 px phone the content column is
# 328 px wide, so a 320-unit drawing is shown at least at its size and 12-unit text stays at
# least 12 px (static/css/charts.css caps the width, so desktop text is at most 1.5 times).
WIDTH = 320
PHONE_COLUMN = 328     # CSS px of the content column on a 360 px phone
FONT = 13              # font size in viewBox units
CHAR = 0.62 * FONT     # rough width of one character, to make room for labels
SMALL = 12             # the smallest text: 12 px or more on a phone (see WIDTH)
PLOT_HEIGHT = 180
ROW = 24               # height of one category in a horizontal bar chart
MAX_LABEL_CHARS = 18   # longer category labels are shortened in the drawing (not the table)


def plain(value: float) -> str:
    """The default formatter: whole numbers as they are, others with one decimal."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


@dataclass
class Series:
    label: str
    values: Sequence[float | None]


@dataclass
class Reference:
    """A reference line across the plot, such as a target or an earlier national figure."""
    label: str
    value: float


@dataclass
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"
    size: int = FONT
    bold: bool = False


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = AXIS
    width: float = 1
    dash: str = ""


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str            # a colour, or url(#pattern-id)
    stroke: str
    tooltip: str


@dataclass
class Marker:
    shape: str
    x: float
    y: float
    colour: str
    tooltip: str = ""
    hollow: bool = False   # the value of a period still under way

    @property
    def points(self) -> str:
        """Vertices for the polygon shapes (triangle and diamond)."""
        r = 4.5
        if self.shape == "triangle":
            vertices = [(self.x, self.y - r), (self.x + r, self.y + r * 0.8),
                        (self.x - r, self.y + r * 0.8)]
        else:
            vertices = [(self.x, self.y - r), (self.x + r, self.y), (self.x, self.y + r),
                        (self.x - r, self.y)]
        return " ".join(f"{_n(a)},{_n(b)}" for a, b in vertices)


@dataclass
class Polyline:
    points: str
    colour: str
    dash: str


@dataclass
class Pattern:
    id: str
    kind: str
    colour: str


@dataclass
class LegendItem:
    label: str
    colour: str
    x: float
    y: float
    marker: str = ""     # line charts: marker shape and dash pattern
    dash: str = ""
    fill: str = ""       # bar charts: the bars' fill
    reference: bool = False  # a reference line (a target, a baseline): a dashed line

    @property
    def sample(self) -> Marker:
        return Marker(self.marker, self.x + 12, self.y - 4, self.colour)


@dataclass
class Chart:
    id: str
    kind: str                      # "line", "bar" or "histogram"
    title: str
    description: str
    width: float = WIDTH
    height: float = 0
    empty: bool = False
    empty_message: str = ""
    texts: list[Text] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    polylines: list[Polyline] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    # The same figures as a table.
    category_header: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[str, list[str]]] = field(default_factory=list)
    references: list[tuple[str, str]] = field(default_factory=list)

    @property
    def title_id(self) -> str:
        return f"{self.id}-title"

    @property
    def desc_id(self) -> str:
        return f"{self.id}-desc"


# --- scales -----------------------------------------------------------------------------

def _n(value: float) -> str:
    """A coordinate for the SVG: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def nice_step(raw: float, whole: bool = False) -> float:
    """1, 2, 2.5 (not for whole numbers) or 5 times a power of ten, at least `raw` (> 0)."""
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10):
        if factor * power >= raw - 1e-12:
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def scale(highest: float, ticks: int = 4, whole: bool = False) -> tuple[float, list[float]]:
    """The top of an axis starting at 0 that holds `highest`, and its tick values.

    All-zero data still gets an axis (0 to 1); `whole` keeps steps whole numbers (counts)."""
    if not highest or highest <= 0:
        return 1.0, [0.0, 1.0] if whole else [0.0, 0.25, 0.5, 0.75, 1.0]
    step = nice_step(highest / ticks, whole)
    if whole:
        step = max(1.0, math.ceil(step))
    count = math.ceil(highest / step - 1e-9)
    top = count * step
    return top, [round(i * step, 10) for i in range(count + 1)]


def _remembered(fmt: Callable[[float], str]) -> Callable[[float], str]:
    """Each value is written several times (table, label, tooltip, room for the label);
    a locale-aware formatter is slow enough at a hundred institutions to be worth it."""
    return functools.lru_cache(maxsize=None)(fmt)


def _safe_id(chart_id: str) -> str:
    cleaned = re.sub(r"[^a-z0-9-]+", "-", chart_id.lower()).strip("-")
    return cleaned or "chart"


def _short(label: str, limit: int = MAX_LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def _text_width(text: str, size: float = FONT) -> float:
    """A generous estimate (capitals and digits are wider than most small letters)."""
    return sum(0.72 if c.isupper() or c.isdigit() else 0.6 for c in text) * size


def _is_whole(series: Sequence[Series]) -> bool:
    return all(float(v).is_integer() for s in series for v in s.values if v is not None)


def _values(series: Sequence[Series]) -> list[float]:
    return [v for s in series for v in s.values if v is not None]


def _table(chart: Chart, categories: Sequence[str], series: Sequence[Series],
           references: Sequence[Reference], fmt: Callable) -> None:
    chart.columns = [s.label for s in series]
    chart.rows = [(category, ["—" if i >= len(s.values) or s.values[i] is None
                              else fmt(s.values[i]) for s in series])
                  for i, category in enumerate(categories)]
    chart.references = [(r.label, fmt(r.value)) for r in references]


def _legend(chart: Chart, series: Sequence[Series], y: float, line: bool,
            references: Sequence[Reference] = (), fmt: Callable = plain,
            partial: str = "") -> float:
    """Place one legend entry per series, then one per reference line (its label and value:
    never written on the plot, where it would cover the bars' values) and the partial
    period's, in rows from `y`; returns the y below it."""
    entries: list[LegendItem] = []
    if len(series) >= 2 or line:
        for index, item in enumerate(series):
            entries.append(LegendItem(
                item.label, PALETTE[index % len(PALETTE)], 0, 0,
                marker=MARKERS[index % len(MARKERS)] if line else "",
                dash=DASHES[index % len(DASHES)] if line else "",
                fill="" if line else _fill(chart, index)))
    for reference in references:
        entries.append(LegendItem(f"{reference.label}: {fmt(reference.value)}", REFERENCE,
                                  0, 0, dash="5 3", reference=True))
    if partial:
        entries.append(LegendItem(partial, AXIS, 0, 0, dash=PARTIAL_DASH, reference=True))
    if not entries:
        return y
    x = 2.0
    for entry in entries:
        width = 30 + _text_width(entry.label, SMALL) + 14
        if x > 2 and x + width > WIDTH:
            x, y = 2.0, y + 18
        entry.x, entry.y = x, y + 12
        chart.legend.append(entry)
        x += width
    return y + 26


def _fill(chart: Chart, index: int) -> str:
    """The fill of series `index`: solid for the first, a pattern over the colour after."""
    colour = PALETTE[index % len(PALETTE)]
    kind = PATTERNS[index % len(PATTERNS)]
    if kind == "solid":
        return colour
    pattern_id = f"{chart.id}-pattern-{index}"
    if not any(p.id == pattern_id for p in chart.patterns):
        chart.patterns.append(Pattern(pattern_id, kind, colour))
    return f"url(#{pattern_id})"


def _empty(chart: Chart, message: str) -> Chart:
    chart.empty = True
    chart.empty_message = message
    return chart


def _thin(labels: Sequence[str], room: float) -> int:
    """Label every n-th category so the labels do not overlap."""
    widest = max((_text_width(label, SMALL) for label in labels), default=0) + 6
    return max(1, math.ceil(widest / room)) if room > 0 else 1


# --- charts -----------------------------------------------------------------------------

def line_chart(chart_id: str, title: str, description: str, categories: Sequence[str],
               series: Sequence[Series], *, category_header: str = "",
               fmt: Callable[[float], str] = plain, max_value: float | None = None,
               references: Sequence[Reference] = (), empty_message: str = "",
               partial: str = "") -> Chart:
    """One or more series over ordered categories (months, say). A missing value (None)
    breaks the line; zeros are drawn on the axis.

    `partial` labels the last category as a period still under way (the month just begun):
    the line to it is dashed, its markers hollow, and the label is in the legend and the
    table, so its low figure does not read as a fall. The caller says so in `description`."""
    fmt = _remembered(fmt)
    chart = Chart(_safe_id(chart_id), "line", title, description,
                  category_header=category_header)
    _table(chart, categories, series, references, fmt)
    partial = partial if len(categories) > 1 else ""
    if partial and chart.rows:
        last, cells = chart.rows[-1]
        chart.rows[-1] = (f"{last} ({partial})", cells)
    if not categories or not _values(series):
        return _empty(chart, empty_message)

    top_y = _legend(chart, series, 0, line=True, references=references, fmt=fmt,
                    partial=partial)
    highest = max(_values(series) + [r.value for r in references] + [max_value or 0])
    top, ticks = scale(highest, whole=_is_whole(series) and max_value is None)
    left = max(_text_width(fmt(t), SMALL) for t in ticks) + 10
    right = WIDTH - 14
    plot_bottom = top_y + 6 + PLOT_HEIGHT
    chart.height = plot_bottom + 34

    def y_of(value: float) -> float:
        return plot_bottom - value / top * PLOT_HEIGHT

    _y_axis(chart, ticks, y_of, left, right, fmt)
    count = len(categories)
    step = (right - left - 12) / (count - 1) if count > 1 else 0

    def x_of(index: int) -> float:
        return left + 6 + index * step if count > 1 else (left + right) / 2

    every = _thin(categories, step) if count > 1 else 1
    for index, label in enumerate(categories):
        if index % every == 0:
            chart.texts.append(_axis_label(x_of(index), plot_bottom + 18, label))
    for r in references:
        _horizontal_reference(chart, y_of(r.value), left, right)
    last = count - 1 if partial else None
    for number, item in enumerate(series):
        colour, dash = PALETTE[number % len(PALETTE)], DASHES[number % len(DASHES)]
        values = list(item.values)[:count]
        segment: list[str] = []
        for index, value in enumerate(values + [None]):
            if value is None or index == last:
                if len(segment) > 1:
                    chart.polylines.append(Polyline(" ".join(segment), colour, dash))
                segment = []
                if value is None:
                    continue
            x, y = x_of(index), y_of(value)
            segment.append(f"{_n(x)},{_n(y)}")
            tooltip = f"{item.label}, {categories[index]}: {fmt(value)}"
            if index == last:
                tooltip += f" ({partial})"
                previous = values[index - 1] if index > 0 else None
                if previous is not None:
                    chart.polylines.append(Polyline(
                        f"{_n(x_of(index - 1))},{_n(y_of(previous))} {_n(x)},{_n(y)}",
                        colour, PARTIAL_DASH))
            chart.markers.append(Marker(MARKERS[number % len(MARKERS)], x, y, colour, tooltip,
                                        hollow=index == last))
    return chart


def bar_chart(chart_id: str, title: str, description: str, categories: Sequence[str],
              series: Sequence[Series], *, horizontal: bool = False,
              category_header: str = "", fmt: Callable[[float], str] = plain,
              max_value: float | None = None, references: Sequence[Reference] = (),
              empty_message: str = "") -> Chart:
    """Bars per category, one per series (grouped); each bar carries its value as text.
    Horizontal bars suit many or long categories (institutions); `references` draws lines
    such as a target or an earlier national figure."""
    fmt = _remembered(fmt)
    chart = Chart(_safe_id(chart_id), "bar", title, description,
                  category_header=category_header)
    _table(chart, categories, series, references, fmt)
    if not categories or not _values(series):
        return _empty(chart, empty_message)
    if horizontal:
        _horizontal_bars(chart, categories, series, fmt, max_value, references)
    else:
        _vertical_bars(chart, categories, series, fmt, max_value, references, gap=0.25)
    return chart


def histogram(chart_id: str, title: str, description: str, bins: Sequence[tuple[str, int]],
              *, bin_header: str = "", count_label: str = "",
              fmt: Callable[[float], str] = plain, empty_message: str = "") -> Chart:
    """Counts per bin, bars side by side: `bins` are (label, count) in order, such as
    ("1–2", 14) for the cases resolved in one or two days. No counts at all is no data."""
    fmt = _remembered(fmt)
    series = [Series(count_label, [count for _, count in bins])]
    labels = [label for label, _ in bins]
    chart = Chart(_safe_id(chart_id), "histogram", title, description,
                  category_header=bin_header)
    _table(chart, labels, series, (), fmt)
    if not bins or not sum(count for _, count in bins):
        return _empty(chart, empty_message)
    _vertical_bars(chart, labels, series, fmt, None, (), gap=0.0)
    return chart


# --- drawing helpers --------------------------------------------------------------------

def _y_axis(chart: Chart, ticks, y_of, left: float, right: float, fmt) -> None:
    for tick in ticks:
        y = y_of(tick)
        if tick:
            chart.lines.append(Line(left, y, right, y, stroke=GRID))
        chart.texts.append(Text(left - 6, y + 4, fmt(tick), anchor="end", size=SMALL))
    bottom = y_of(0)
    chart.lines.append(Line(left, bottom, right, bottom, stroke=AXIS))
    chart.lines.append(Line(left, y_of(ticks[-1]), left, bottom, stroke=AXIS))


def _horizontal_reference(chart: Chart, y: float, left: float, right: float) -> None:
    """A reference line across the plot; its label and value are in the legend."""
    chart.lines.append(Line(left, y, right, y, stroke=REFERENCE, width=1.5, dash="5 3"))


def _vertical_bars(chart: Chart, categories, series, fmt, max_value, references,
                   gap: float) -> None:
    top_y = _legend(chart, series, 0, line=False, references=references, fmt=fmt)
    highest = max(_values(series) + [r.value for r in references] + [max_value or 0])
    top, ticks = scale(highest, whole=_is_whole(series) and max_value is None)
    left = max(_text_width(fmt(t), SMALL) for t in ticks) + 10
    right = WIDTH - 6
    plot_top = top_y + 18   # room for the value over the tallest bar
    plot_bottom = plot_top + PLOT_HEIGHT
    chart.height = plot_bottom + 34

    def y_of(value: float) -> float:
        return plot_bottom - value / top * PLOT_HEIGHT

    _y_axis(chart, ticks, y_of, left, right, fmt)
    group = (right - left) / len(categories)
    every = _thin(categories, group)
    bar_width = group * (1 - gap) / len(series)
    for index, label in enumerate(categories):
        start = left + index * group + group * gap / 2
        if index % every == 0:
            chart.texts.append(_axis_label(left + (index + 0.5) * group, plot_bottom + 18,
                                           _short(label)))
        for number, item in enumerate(series):
            value = item.values[index] if index < len(item.values) else None
            if value is None:
                continue
            height = max(value, 0) / top * PLOT_HEIGHT  # values are 0 or more
            x = start + number * bar_width
            colour = PALETTE[number % len(PALETTE)]
            chart.bars.append(Bar(x, plot_bottom - height, bar_width, height,
                                  _fill(chart, number),
                                  "#ffffff" if gap == 0 else colour,
                                  _tooltip(item.label, label, fmt(value))))
            chart.texts.append(Text(x + bar_width / 2, plot_bottom - height - 4, fmt(value),
                                    size=SMALL))
    for r in references:
        _horizontal_reference(chart, y_of(r.value), left, right)


def _horizontal_bars(chart: Chart, categories, series, fmt, max_value, references) -> None:
    top_y = _legend(chart, series, 0, line=False, references=references, fmt=fmt)
    highest = max(_values(series) + [r.value for r in references] + [max_value or 0])
    top, ticks = scale(highest, whole=_is_whole(series) and max_value is None)
    label_width = max(_text_width(_short(c), SMALL) for c in categories) + 8
    value_width = max(_text_width(fmt(v), SMALL) for v in _values(series) + [top]) + 8
    left, right = label_width, WIDTH - value_width
    plot_top = top_y + 6
    row = max(ROW, 14 * len(series) + 8)
    plot_bottom = plot_top + row * len(categories)
    chart.height = plot_bottom + 24

    def x_of(value: float) -> float:
        return left + value / top * (right - left)

    for tick in ticks:
        x = x_of(tick)
        chart.lines.append(Line(x, plot_top, x, plot_bottom, stroke=GRID if tick else AXIS))
        chart.texts.append(Text(x, plot_bottom + 16, fmt(tick), size=SMALL))
    chart.lines.append(Line(left, plot_bottom, right, plot_bottom, stroke=AXIS))
    bar_height = (row - 8) / len(series)
    for index, label in enumerate(categories):
        y0 = plot_top + index * row + 4
        chart.texts.append(Text(left - 6, y0 + (row - 8) / 2 + 4, _short(label),
                                anchor="end", size=SMALL))
        for number, item in enumerate(series):
            value = item.values[index] if index < len(item.values) else None
            if value is None:
                continue
            y = y0 + number * bar_height
            length = max(value, 0) / top * (right - left)
            chart.bars.append(Bar(left, y, length, bar_height - 1, _fill(chart, number),
                                  PALETTE[number % len(PALETTE)],
                                  _tooltip(item.label, label, fmt(value))))
            chart.texts.append(Text(left + length + 4, y + bar_height / 2 + 3.5, fmt(value),
                                    anchor="start", size=SMALL))
    for r in references:   # labelled in the legend, never over the bars' values
        x = x_of(r.value)
        chart.lines.append(Line(x, plot_top - 4, x, plot_bottom, stroke=REFERENCE, width=1.5,
                                dash="5 3"))


def _axis_label(x: float, y: float, label: str) -> Text:
    """A category label centred under its point, kept inside the drawing at both ends."""
    half = _text_width(label, SMALL) / 2
    if x - half < 0:
        return Text(0, y, label, anchor="start", size=SMALL)
    if x + half > WIDTH:
        return Text(WIDTH, y, label, anchor="end", size=SMALL)
    return Text(x, y, label, size=SMALL)


def _tooltip(series_label: str, category: str, value: str) -> str:
    return f"{category}, {series_label}: {value}" if series_label else f"{category}: {value}"
