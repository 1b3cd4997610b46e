"""An indicator's measurements as a server-rendered inline SVG line chart.

No JavaScript and no ``style=`` attribute (the CSP blocks them): the chart uses SVG presentation
attributes and classes styled by ``static/css/app.css`` (``.chart*``). The same numbers are shown
as a table beside the chart (``measurement_rows``), so nothing is only in the picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup, escape

from hackathon import formatting

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40
TICKS = 5


@dataclass(frozen=True)
class Scale:
    """Maps dates and values to SVG coordinates (x from ``first`` to ``last`` days, y from
    ``low`` to ``high``)."""

    first: date
    last: date
    low: float
    high: float

    def x(self, day: date) -> float:
        """The x coordinate (px) of a date."""
        span = (self.last - self.first).days
        inner = WIDTH - LEFT - RIGHT
        if span <= 0:
            return LEFT + inner / 2
        return LEFT + inner * (day - self.first).days / span

    def y(self, value: float) -> float:
        """The y coordinate (px) of a value (higher values further up)."""
        inner = HEIGHT - TOP - BOTTOM
        if self.high == self.low:
            return TOP + inner / 2
        return TOP + inner * (self.high - value) / (self.high - self.low)


def nice_ticks(low: float, high: float, count: int = TICKS) -> list[float]:
    """About ``count`` round tick values covering [low, high] (1, 2, 2.5 or 5 times a power
    of ten apart); a single value when low == high."""
    if high < low:
        low, high = high, low
    if high == low:
        return [low]
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** _floor_log10(raw)
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = _floor_div(low, step) * step
    ticks = []
    value = start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def _floor_log10(value: float) -> int:
    exponent = 0
    while value >= 10:
        value /= 10
        exponent += 1
    while value < 1:
        value *= 10
        exponent -= 1
    return exponent


def _floor_div(value: float, step: float) -> int:
    quotient = value / step
    whole = int(quotient)
    return whole - 1 if whole > quotient else whole


def number(value: float | None) -> str:
    """A value in the current locale (Danish: decimal comma, dot for thousands)."""
    if value is None:
        return ""
    return formatting.measure(value)


def measurement_rows(indicator) -> list[dict]:
    """The chart's numbers as table rows: {"date", "value", "note", "vs_baseline"} (dates as
    ``date``, values as float; ``vs_baseline`` is value minus baseline or None)."""
    return [
        {
            "date": m.measured_on,
            "value": m.value,
            "note": m.note,
            "vs_baseline": None if indicator.baseline is None else m.value - indicator.baseline,
        }
        for m in indicator.measurements
    ]


def _scale(indicator) -> Scale:
    points = indicator.measurements
    days = [m.measured_on for m in points]
    values = [m.value for m in points]
    values += [v for v in (indicator.baseline, indicator.target) if v is not None]
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    if low == high:
        low, high = low - 1, high + 1
    return Scale(first=min(days), last=max(days), low=low, high=high)


def _title(indicator) -> str:
    return _("%(name)s over time", name=indicator.name)


def _description(indicator) -> str:
    parts = []
    if indicator.unit:
        parts.append(_("Unit: %(unit)s.", unit=indicator.unit))
    if indicator.baseline is not None:
        parts.append(_("Baseline: %(value)s.", value=number(indicator.baseline)))
    if indicator.target is not None:
        parts.append(_("Target: %(value)s.", value=number(indicator.target)))
    points = [
        _("%(date)s: %(value)s", date=format_date(m.measured_on, "short"), value=number(m.value))
        for m in indicator.measurements
    ]
    if points:
        parts.append(_("Measurements: %(list)s.", list="; ".join(points)))
    else:
        parts.append(_("No measurements yet."))
    return " ".join(parts)


def indicator_svg(indicator) -> Markup:
    """The chart of one indicator as inline SVG markup (role="img", with <title> and <desc>);
    an empty-state SVG with a message when it has no measurements yet."""
    uid = f"ind{indicator.id or 0}"
    title = escape(_title(indicator))
    desc = escape(_description(indicator))
    head = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{uid}-t {uid}-d" xmlns="http://www.w3.org/2000/svg" '
        f'preserveAspectRatio="xMidYMid meet">'
        f'<title id="{uid}-t">{title}</title><desc id="{uid}-d">{desc}</desc>'
    )
    if not indicator.measurements:
        message = escape(_("No measurements yet."))
        body = (
            f'<rect class="chart__frame" x="1" y="1" width="{WIDTH - 2}" height="{HEIGHT - 2}" '
            f'fill="none" stroke="#d5dcdf"/>'
            f'<text class="chart__empty" x="{WIDTH / 2:.0f}" y="{HEIGHT / 2:.0f}" '
            f'text-anchor="middle" fill="#56636b">{message}</text>'
        )
        # Every text in it went through escape(); the rest is our own numbers and markup.
        return Markup(head + body + "</svg>")  # nosec B704
    scale = _scale(indicator)
    parts = [head, *_axes(scale, indicator)]
    for kind, value, colour in (
        ("baseline", indicator.baseline, "#8a5a00"),
        ("target", indicator.target, "#1d6b3a"),
    ):
        if value is None:
            continue
        y = scale.y(value)
        name = _("Baseline") if kind == "baseline" else _("Target")
        parts.append(
            f'<line class="chart__{kind}" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke="{colour}" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text class="chart__label" x="{WIDTH - RIGHT - 4}" y="{y - 5:.1f}" '
            f'text-anchor="end" fill="{colour}" font-size="12">'
            f"{escape(name)} {escape(number(value))}</text>"
        )
    coords = [(scale.x(m.measured_on), scale.y(m.value)) for m in indicator.measurements]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    parts.append(
        f'<polyline class="chart__line" points="{path}" fill="none" stroke="#1f5f5b" '
        f'stroke-width="3"/>'
    )
    for (x, y), m in zip(coords, indicator.measurements, strict=True):
        label = escape(f"{format_date(m.measured_on, 'short')}: {number(m.value)}")
        parts.append(
            f'<circle class="chart__point" cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="#1f5f5b">'
            f"<title>{label}</title></circle>"
        )
    parts.append("</svg>")
    # Every text in it went through escape(); the rest is our own numbers and markup.
    return Markup("".join(parts))  # nosec B704


def _axes(scale: Scale, indicator) -> list[str]:
    """Y gridlines with value labels, and x labels at the first and last date (and the middle
    measurement when there are three or more)."""
    parts = [
        f'<line class="chart__axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" '
        f'stroke="#56636b"/>',
        f'<line class="chart__axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" '
        f'y2="{HEIGHT - BOTTOM}" stroke="#56636b"/>',
    ]
    for tick in nice_ticks(scale.low, scale.high):
        y = scale.y(tick)
        parts.append(
            f'<line class="chart__grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke="#d5dcdf"/>'
            f'<text class="chart__tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'fill="#56636b" font-size="12">{escape(number(tick))}</text>'
        )
    days = sorted({m.measured_on for m in indicator.measurements})
    shown = [days[0]] if len(days) == 1 else [days[0], days[-1]]
    if len(days) >= 3:
        shown.insert(1, days[len(days) // 2])
    for index, day in enumerate(shown):
        anchor = "middle" if len(shown) == 1 else (
            "start" if index == 0 else "end" if index == len(shown) - 1 else "middle"
        )
        parts.append(
            f'<text class="chart__tick" x="{scale.x(day):.1f}" y="{HEIGHT - BOTTOM + 20}" '
            f'text-anchor="{anchor}" fill="#56636b" font-size="12">'
            f"{escape(format_date(day, 'short'))}</text>"
        )
    if indicator.unit:
        parts.append(
            f'<text class="chart__unit" x="{LEFT}" y="{HEIGHT - 6}" fill="#56636b" '
            f'font-size="12">{escape(indicator.unit)}</text>'
        )
    return parts
