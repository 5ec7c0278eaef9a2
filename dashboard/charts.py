"""Server-side SVG charts with pygal: no script, no font or stylesheet from the internet.

pygal's default ``js`` is a tooltip script on github.io; ``js=[]`` leaves it out,
and its CSS is inlined into the SVG, so a chart is one self-contained file.
"""

import math
import re

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

from dashboard.tables import Chart, Table

PALETTE = ("#C8161D", "#E6A23C", "#409EFF", "#67C23A", "#909399", "#8E44AD", "#F56C6C", "#2C3E50", "#1ABC9C")

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#303133",
    foreground_strong="#303133",
    foreground_subtle="#DCDFE6",
    colors=PALETTE,
    # The office PC's Chinese fonts first; Noto CJK on Linux servers and CI.
    font_family='"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", sans-serif',
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
    tooltip_font_size=12,
    no_data_font_size=16,
)

KINDS = {
    "bar": pygal.Bar,
    "stacked_bar": pygal.StackedBar,
    "horizontal_bar": pygal.HorizontalBar,
    "stacked_horizontal_bar": pygal.HorizontalStackedBar,
    "line": pygal.Line,
    "pie": pygal.Pie,
}


def _number(value):
    return float(value) if value is not None else None


def _wide_text_allowance(texts, font_size) -> float:
    """pygal sizes text at 0.6 em a character; a Chinese character takes a full em.
    The extra width the longest label needs, for the margins pygal leaves."""
    wide = [sum(1 for char in text if ord(char) > 0x2E80) for text in texts]
    return 0.4 * font_size * max(wide, default=0)


def _labels_crowd(labels, width) -> bool:
    """Whether the x labels, side by side, would overrun the plot (about 80 px go to the axis)."""
    size = STYLE.label_font_size
    needed = sum(size * sum(1.0 if ord(char) > 0x2E80 else 0.6 for char in label) + size for label in labels)
    return needed > width - 80


# pygal writes its config into an inline <script> even with js=[]; nothing reads it without
# the tooltip script, and the Content-Security-Policy refuses inline scripts. (Its text is
# XML-escaped, so the first "</script>" closes it.)
PYGAL_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)

# Phones get a narrower drawing with the same font sizes, so the text stays readable when scaled down.
WIDTHS = {"wide": 640, "narrow": 400}


def render_svg(chart: Chart, table: Table, size: str = "wide") -> str:
    """The chart of ``table`` as an SVG document."""
    columns = chart.plotted if chart.plotted is not None else range(len(table.headers) - 1)
    # Choice labels are lazy translations; pygal serialises its config as JSON and needs plain text.
    labels = [str(row.label) for row in table.rows]
    kind = chart.kind
    # On a phone, bars named in long Chinese labels (第十一党支部 …) that would crowd the axis
    # lie down instead: slanted, they ran into each other and into the legend.
    long_labels = max((len(label) for label in labels), default=0) >= 4
    if size == "narrow" and kind in ("bar", "stacked_bar") and long_labels and _labels_crowd(labels, WIDTHS[size]):
        kind = "horizontal_bar" if kind == "bar" else "stacked_horizontal_bar"
    horizontal = "horizontal" in kind
    # Horizontal bars list their first row at the bottom; reverse to read top-down like the table.
    rows = list(reversed(table.rows)) if horizontal else table.rows
    height = max(chart.height, 60 + 24 * len(rows)) if horizontal else chart.height
    series = len(table.rows) if kind == "pie" else len(columns)
    rotation = 30 if not horizontal and _labels_crowd(labels, WIDTHS[size]) else 0
    allowance = _wide_text_allowance(labels, STYLE.label_font_size)
    # Slanted labels side by side still touch when the distance between their baselines
    # (the spacing times sin 30°) is under a line and a half: then every second (third …)
    # label only, so that none overlaps at 390 px.
    every = 1
    if rotation and labels:
        spacing = (WIDTHS[size] - 80) / len(labels) * 0.5
        every = max(1, math.ceil(STYLE.label_font_size * 1.5 / spacing))
    config = {
        "js": [],
        "style": STYLE,
        "width": WIDTHS[size],
        "height": height,
        "legend_at_bottom": True,
        # pygal counts legend rows as series // columns: one row when it fits, else its own square layout.
        "legend_at_bottom_columns": series if series <= 5 else None,
        "margin_left": 12 + (allowance if horizontal else 0),
        "margin_bottom": 12 + (allowance / 2 if rotation else 0),
        "truncate_label": -1,
        "truncate_legend": -1,
        "no_data_text": _("No data"),
        "disable_xml_declaration": True,
        "print_values": kind in {"bar", "horizontal_bar"} and len(rows) <= 15,
        "show_legend": len(columns) > 1 or kind == "pie",
        "x_label_rotation": rotation,
    }
    if every > 1:
        config["x_labels_major_every"] = every
        config["show_minor_x_labels"] = False
    values = [row.values[index] for row in rows for index in columns]
    combine = sum if "stacked" in kind else max
    peak = max((combine(row.values[index] for index in columns) for row in rows), default=0)
    if kind != "pie" and all(isinstance(value, int) for value in values) and peak < 10:
        # Small counts: whole-number ticks, not 0.1, 0.2 ….
        config["y_labels"] = list(range(0, peak + 2))
    figure = KINDS[kind](**config)
    if kind == "pie":
        for row in table.rows:
            if row.values[0]:
                figure.add(str(row.label), _number(row.values[0]))
    else:
        figure.x_labels = list(reversed(labels)) if horizontal else labels
        for index in columns:
            figure.add(str(table.headers[index + 1]), [_number(row.values[index]) for row in rows])
    return PYGAL_SCRIPT.sub("", figure.render(is_unicode=True))
