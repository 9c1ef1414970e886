"""A small server-rendered SVG chart of risk level and PHQ-9 total over time (no library, no network)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from .models import Assessment

LEVELS = ["none", "low", "moderate", "high", "imminent"]
WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 70, 40, 26, 34
PHQ_MAX = 27


def _points(history: list[Assessment]) -> tuple[list[tuple[Assessment, int]], list[tuple[Assessment, int]]]:
    risk = [(a, LEVELS.index(a.final_level)) for a in history if a.final_level in LEVELS]
    phq = [(a, a.total) for a in history if a.instrument == "phq9" and a.total is not None]
    return risk, phq  # type: ignore[return-value]


def summary(history: list[Assessment]) -> str:
    """The chart in words, for its aria-label."""
    risk, phq = _points(history)
    parts = []
    if risk:
        parts.append("risk level " + ", ".join(f"{localtime(a.occurred_at):%d %b}: {LEVELS[v]}" for a, v in risk))
    if phq:
        parts.append("PHQ-9 total " + ", ".join(f"{localtime(a.occurred_at):%d %b}: {v}" for a, v in phq))
    return "Assessments over time: " + ("; ".join(parts) if parts else "none recorded") + "."


def risk_chart_svg(history: list[Assessment]) -> SafeString:
    """Risk level (left scale, steps) and PHQ-9 total (right scale, dashed) against the assessment dates."""
    risk, phq = _points(history)
    dated = [a.occurred_at for a, _ in risk + phq]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    out = [
        f'<svg class="risk-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(summary(history))}" focusable="false">',
        "<title>Risk level and PHQ-9 total over time</title>",
    ]
    for i, name in enumerate(LEVELS):
        y = TOP + plot_h - plot_h * i / (len(LEVELS) - 1)
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#c9d1da"/>')
        out.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#1b1f24">{name}</text>'
        )
    for total in (0, 9, 18, 27):
        y = TOP + plot_h - plot_h * total / PHQ_MAX
        out.append(f'<text x="{WIDTH - RIGHT + 6}" y="{y + 4:.1f}" font-size="11" fill="#0b5cad">{total}</text>')
    out.append(f'<text x="{WIDTH - 4}" y="{TOP - 12}" text-anchor="end" font-size="11" fill="#0b5cad">PHQ-9</text>')
    if dated:
        start, end = min(dated), max(dated)
        span = (end - start).total_seconds() or 1.0

        def x(moment) -> float:
            if end == start:
                return LEFT + plot_w / 2
            return LEFT + plot_w * (moment - start).total_seconds() / span

        if risk:
            coords = []
            for a, v in risk:
                y = TOP + plot_h - plot_h * v / (len(LEVELS) - 1)
                if coords:
                    # Hold the previous level until this assessment changes it.
                    coords.append(f"{x(a.occurred_at):.1f},{coords[-1].split(',')[1]}")
                coords.append(f"{x(a.occurred_at):.1f},{y:.1f}")
            out.append(f'<polyline points="{" ".join(coords)}" fill="none" stroke="#a4161a" stroke-width="2.5"/>')
            for a, v in risk:
                y = TOP + plot_h - plot_h * v / (len(LEVELS) - 1)
                out.append(f'<circle cx="{x(a.occurred_at):.1f}" cy="{y:.1f}" r="4" fill="#a4161a"/>')
        if phq:
            coords = [f"{x(a.occurred_at):.1f},{TOP + plot_h - plot_h * v / PHQ_MAX:.1f}" for a, v in phq]
            out.append(
                f'<polyline points="{" ".join(coords)}" fill="none" stroke="#0b5cad" stroke-width="2" '
                'stroke-dasharray="6 4"/>'
            )
            for c in coords:
                cx, cy = c.split(",")
                out.append(
                    f'<rect x="{float(cx) - 3.5:.1f}" y="{float(cy) - 3.5:.1f}" width="7" height="7" fill="#0b5cad"/>'
                )
        out.append(
            f'<text x="{LEFT}" y="{HEIGHT - 8}" font-size="11" fill="#1b1f24">{localtime(start):%d %b %Y}</text>'
        )
        if end != start:
            out.append(
                f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 8}" text-anchor="end" font-size="11" fill="#1b1f24">'
                f"{localtime(end):%d %b %Y}</text>"
            )
    out.append("</svg>")
    return mark_safe("".join(out))
