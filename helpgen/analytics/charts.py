"""Charts as inline SVG, drawn on the server: readable without JavaScript, no external requests.

Two kinds are enough for the statistics report: a line chart of daily series and a
horizontal bar chart of labelled values. Each SVG has role="img" with a <title> and
<desc> (the figures' summary), and the report prints the same figures in a table, so the
charts are never the only way to read them. Colours pass WCAG AA against white, and series
differ by dash pattern as well as colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

SERIES_STYLES = (("#1d4ed8", ""), ("#b45309", "6 4"), ("#047857", "2 3"))
"""(stroke colour, dash pattern) of the 1st, 2nd and 3rd series."""
WIDTH, HEIGHT = 720, 240
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 48, 16, 16, 40
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH = 22, 8, 260


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


def line_chart(
    chart_id: str, title: str, desc: str, labels: list[str], series: list[Series]
) -> Chart:
    """Daily series over `labels` (days): one polyline each, a y axis from 0 and a legend.
    `chart_id` is unique in the page (the title and desc are referenced by it)."""
    top = 4 * _nice_step(max((v for s in series for v in s.values), default=0) / 4)
    inner_w, inner_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_TOP - PAD_BOTTOM
    step = inner_w / max(1, len(labels) - 1)

    def point(i: int, v: float) -> str:
        return f"{PAD_LEFT + i * step:.1f},{PAD_TOP + inner_h - v / top * inner_h:.1f}"

    parts = [_grid(top, inner_w, inner_h)]
    for k, s in enumerate(series):
        colour, dash = SERIES_STYLES[k % len(SERIES_STYLES)]
        points = " ".join(point(i, v) for i, v in enumerate(s.values))
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2.5"{dashed} '
            f'points="{points}"/>'
        )
        if len(s.values) == 1:  # one day: a dot, since a line needs two
            cx, cy = point(0, s.values[0]).split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="4" fill="{colour}"/>')
    for i in _tick_indexes(len(labels)):
        x = PAD_LEFT + i * step
        anchor = (
            "start" if i == 0 else "end" if i == len(labels) - 1 else "middle"
        )  # the ends stay inside
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - PAD_BOTTOM + 16}" text-anchor="{anchor}">'
            f"{escape(labels[i])}</text>"
        )
    parts.append(_legend(series, HEIGHT - 8))
    return _svg(chart_id, title, desc, HEIGHT, parts)


def bar_chart(
    chart_id: str, title: str, desc: str, items: list[tuple[str, float]], unit: str = ""
) -> Chart:
    """One horizontal bar per (label, value), in the order given; the value printed after each
    bar."""
    height = PAD_TOP + len(items) * (BAR_HEIGHT + BAR_GAP) + 8
    top = max((v for _, v in items), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 90
    parts = []
    for i, (label, value) in enumerate(items):
        y = PAD_TOP + i * (BAR_HEIGHT + BAR_GAP)
        width = max(1.0, value / top * room) if value else 0
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">'
            f"{escape(_cut(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
            'fill="#1d4ed8"/>'
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + 15}">'
            f"{escape(_number(value))}{escape(unit)}</text>"
        )
    return _svg(chart_id, title, desc, height, parts)


@dataclass(frozen=True)
class Chart:
    """A chart's title (for a visible caption too) and its SVG."""

    title: str
    svg: Markup


def _svg(chart_id: str, title: str, desc: str, height: int, parts: list[str]) -> Chart:
    return Chart(
        title,
        Markup(
            f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
            'role="img" '
            f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg" '
            f'font-family="system-ui, sans-serif" font-size="12" fill="#27272a">'
            f'<title id="{chart_id}-t">{escape(title)}</title>'
            f'<desc id="{chart_id}-d">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
        ),
    )


def _grid(top: float, inner_w: float, inner_h: float) -> str:
    lines = []
    for k in range(5):
        value = top * k / 4
        y = PAD_TOP + inner_h - inner_h * k / 4
        lines.append(
            f'<line x1="{PAD_LEFT}" x2="{PAD_LEFT + inner_w}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#d4d4d8"/>'
            f'<text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_number(value)}</text>'
        )
    return "".join(lines)


def _legend(series: list[Series], y: int) -> str:
    out, x = [], PAD_LEFT
    for k, s in enumerate(series):
        colour, dash = SERIES_STYLES[k % len(SERIES_STYLES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{x}" x2="{x + 24}" y1="{y - 4}" y2="{y - 4}" stroke="{colour}" '
            f'stroke-width="2.5"{dashed}/>'
            f'<text x="{x + 30}" y="{y}">{escape(s.name)}</text>'
        )
        x += 40 + 8 * len(s.name)
    return "".join(out)


def _tick_indexes(n: int, most: int = 8) -> list[int]:
    """Which of n x labels to print: at most `most`, evenly spread, always the first and the
    last."""
    if n <= most:
        return list(range(n))
    step = (n - 1) / (most - 1)
    return sorted({round(i * step) for i in range(most)})


def _nice_step(value: float) -> int:
    """A y grid step of whole counts: 1, 2 or 5 times a power of ten, at least `value`."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _cut(label: str, most: int = 40) -> str:
    return label if len(label) <= most else label[: most - 1] + "…"
