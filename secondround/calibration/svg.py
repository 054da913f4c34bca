"""Server-rendered SVG charts: plain strings, every text escaped, readable without colour.

One chart shape serves both pages: rows of marks (a point with an optional interval) on a
shared horizontal axis, grouped under headings. The finalist comparison groups finalists under
each competency; the interviewer report has one row per interviewer. Each mark carries its
label in text and a distinct marker shape, so colour is never the only signal.
"""

import math
from dataclasses import dataclass, field

# The standard library's escape, which Django's wraps (same text, without the lazy-string
# wrapper that costs a few calls per label: a chart escapes each label several times).
from html import escape

# Colours with at least 4.5:1 contrast on white; shapes repeat the distinction.
PALETTE = ("#0b5cad", "#a34a00", "#6a2c91", "#1e6b34", "#a4161a", "#35495e")
SHAPES = ("circle", "square", "triangle", "diamond", "triangle-down", "cross")
FONT = 13
ROW = 24
HEADING = 24


@dataclass
class Mark:
    label: str
    value: float
    low: float | None = None
    high: float | None = None
    series: int = 0  # picks the marker shape and colour
    note: str = ""  # short text after the mark, e.g. "3.2"


@dataclass
class Group:
    heading: str | None
    marks: list[Mark] = field(default_factory=list)


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values from just below ``lo`` to just above ``hi``, so that the axis
    ends on a labelled tick."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(lo / step + 1e-9) * step
    hi = math.ceil(hi / step - 1e-9) * step
    ticks = []
    value = first
    while value <= hi + 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    r = 5.5
    fill = f'fill="{colour}" stroke="#ffffff" stroke-width="1" data-x="{x:.1f}"'
    if shape == "circle":
        return f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="{r}" {fill}/>'
    if shape == "square":
        return (
            f'<rect class="mark" x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" '
            f'height="{2 * r}" {fill}/>'
        )
    if shape == "cross":
        return (
            f'<path class="mark" d="M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}'
            f'M{x - r:.1f},{y + r:.1f}L{x + r:.1f},{y - r:.1f}" stroke="{colour}" '
            f'stroke-width="3" data-x="{x:.1f}"/>'
        )
    points = {
        "triangle": [(0, -1.2), (1.1, 0.9), (-1.1, 0.9)],
        "triangle-down": [(0, 1.2), (1.1, -0.9), (-1.1, -0.9)],
        "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
    }[shape]
    path = " ".join(f"{x + dx * r:.1f},{y + dy * r:.1f}" for dx, dy in points)
    return f'<polygon class="mark" points="{path}" {fill}/>'


def interval_chart(
    groups: list[Group],
    *,
    chart_id: str,
    title: str,
    desc: str,
    axis_label: str,
    lo: float,
    hi: float,
    reference: float | None = None,
    width: int = 720,
    label_width: int = 150,
) -> str:
    """Rows of labelled marks with intervals on one axis from ``lo`` to ``hi``."""
    ticks = nice_ticks(lo, hi)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])
    left, right = label_width, width - 44
    span = hi - lo or 1.0

    def x_of(value: float) -> float:
        return left + (min(max(value, lo), hi) - lo) / span * (right - left)

    body: list[str] = []
    y = 8
    for group in groups:
        if group.heading:
            y += HEADING
            body.append(
                f'<text class="group" x="0" y="{y - 7}" font-weight="700">'
                f"{escape(group.heading)}</text>"
            )
        for mark in group.marks:
            mid = y + ROW / 2
            colour = PALETTE[mark.series % len(PALETTE)]
            shape = SHAPES[mark.series % len(SHAPES)]
            label = escape(mark.label)
            body.append(f'<g class="row" data-label="{label}" data-value="{mark.value:.4f}">')
            tip = mark.note or _fmt(mark.value)
            body.append(f"<title>{label}: {escape(tip)}</title>")
            body.append(f'<text x="{left - 10}" y="{mid + 4:.1f}" text-anchor="end">{label}</text>')
            if mark.low is not None and mark.high is not None:
                x1, x2 = x_of(mark.low), x_of(mark.high)
                body.append(
                    f'<line class="interval" x1="{x1:.1f}" x2="{x2:.1f}" y1="{mid:.1f}" '
                    f'y2="{mid:.1f}" stroke="{colour}" stroke-width="2.5"/>'
                )
                for end in (x1, x2):
                    body.append(
                        f'<line x1="{end:.1f}" x2="{end:.1f}" y1="{mid - 5:.1f}" '
                        f'y2="{mid + 5:.1f}" stroke="{colour}" stroke-width="2"/>'
                    )
                note_x = x2 + 8
            else:
                note_x = x_of(mark.value) + 10
            body.append(_marker(shape, x_of(mark.value), mid, colour))
            if mark.note:
                anchor = "start"
                if note_x > width - 30:
                    start = mark.low if mark.low is not None else mark.value
                    note_x, anchor = x_of(start) - 8, "end"
                body.append(
                    f'<text class="note" x="{note_x:.1f}" y="{mid + 4:.1f}" '
                    f'text-anchor="{anchor}" fill="#4a5360">{escape(mark.note)}</text>'
                )
            body.append("</g>")
            y += ROW
        y += 6
    plot_bottom = y
    grid = []
    for tick in ticks:
        tx = x_of(tick)
        grid.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="8" y2="{plot_bottom}" stroke="#e3e7ec"/>'
        )
        grid.append(
            f'<text class="tick" x="{tx:.1f}" y="{plot_bottom + 18}" text-anchor="middle" '
            f'fill="#4a5360">{_fmt(tick)}</text>'
        )
    if reference is not None and lo <= reference <= hi:
        rx = x_of(reference)
        grid.append(
            f'<line class="reference" x1="{rx:.1f}" x2="{rx:.1f}" y1="8" y2="{plot_bottom}" '
            f'stroke="#1b1f24" stroke-dasharray="4 3"/>'
        )
    axis = (
        f'<line x1="{left}" x2="{right}" y1="{plot_bottom}" y2="{plot_bottom}" stroke="#4a5360"/>'
        f'<text class="axis-label" x="{(left + right) / 2:.1f}" y="{plot_bottom + 40}" '
        f'text-anchor="middle">{escape(axis_label)}</text>'
    )
    height = plot_bottom + 50
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="{FONT}" '
        f'font-family="system-ui, sans-serif" fill="#1b1f24" class="interval-chart">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
        + "".join(grid)
        + axis
        + "".join(body)
        + "</svg>"
    )
