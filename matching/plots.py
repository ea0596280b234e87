"""Charts for reports and notebooks (matplotlib, the optional ``plots`` extra).

Each helper returns a matplotlib Figure or SVG text and never opens a window: it runs headless in
tests, in CI and on a server, and a notebook shows the figure inline.
"""

from __future__ import annotations

import io
import math
import os
import sys
from collections.abc import Mapping, Sequence
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from matching.domain import Meeting, Plan

PLOTS_HELP = "charts need the plots extra: python3 -m pip install 'matching[plots]' (matplotlib)"


class PlotsUnavailable(Exception):
    """matplotlib is not installed."""


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise PlotsUnavailable(PLOTS_HELP) from None
    if "MPLBACKEND" not in os.environ and "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg", force=False)  # headless unless someone chose (a notebook sets its inline backend)
    import matplotlib.pyplot as plt
    return plt


def bar_chart(labels: Sequence[str], values: Sequence[float], *, title: str, xlabel: str,
              money: bool = False) -> Any:
    """A horizontal bar chart, largest value on top; amounts are labelled as USD."""
    plt = _pyplot()
    height = max(2.2, 0.32 * len(labels) + 1.2)
    figure, axes = plt.subplots(figsize=(7.5, height), layout="constrained")
    order = list(range(len(labels)))[::-1]
    bars = axes.barh([labels[i] for i in order], [values[i] for i in order], color="#3b6ea5")
    axes.set_title(title, loc="left", fontsize=11)
    axes.set_xlabel(xlabel)
    axes.spines[["top", "right"]].set_visible(False)
    axes.bar_label(bars, labels=[f"${v:,.0f}" if money else f"{v:,.0f}" for v in (values[i] for i in order)],
                   padding=3, fontsize=8)
    axes.margins(x=0.18)
    return figure


def heatmap(values: Any, rows: Sequence[str], columns: Sequence[str], *, title: str,
            scale: str = "match score (0-100)") -> Any:
    """A matrix as a heatmap (rows x columns, e.g. firms x buyers), every row and column labelled."""
    plt = _pyplot()
    width = min(max(6.0, 0.22 * len(columns) + 2.5), 18.0)
    height = min(max(3.0, 0.3 * len(rows) + 1.6), 14.0)
    figure, axes = plt.subplots(figsize=(width, height), layout="constrained")
    image = axes.imshow(values, aspect="auto", cmap="viridis", vmin=0, interpolation="nearest")
    axes.set_xticks(range(len(columns)), labels=columns, rotation=90, fontsize=7)
    axes.set_yticks(range(len(rows)), labels=rows, fontsize=8)
    axes.set_title(title, loc="left", fontsize=11)
    figure.colorbar(image, ax=axes, label=scale, shrink=0.8)
    return figure


def _local(meeting: Meeting) -> tuple[float, float]:
    """A meeting's start and end as hours of its local day (in its leg's zone)."""
    zone = ZoneInfo(meeting.timezone)
    start, end = meeting.start.astimezone(zone), meeting.end.astimezone(zone)
    return start.hour + start.minute / 60, end.hour + end.minute / 60


def timetable_chart(plan: Plan, *, rows: str = "firm", labels: Mapping[str, str] | None = None) -> Any:
    """The timetable as a Gantt chart: one panel per leg and local day, one row per firm (or buyer),
    each meeting a bar labelled with whom it is with. Times are local to the leg, and each panel
    names its zone (abbreviation, IANA name and UTC offset), so Chicago and Detroit read right."""
    plt = _pyplot()
    own, other = ("firm_id", "buyer_id") if rows == "firm" else ("buyer_id", "firm_id")
    meetings = sorted(plan.meetings, key=lambda m: (m.start, m.leg_id))
    panels = [(key, list(group)) for key, group in
              groupby(meetings, key=lambda m: (m.leg_id, m.start.astimezone(ZoneInfo(m.timezone)).date()))]
    people = sorted({getattr(m, own) for m in meetings}, reverse=True)
    position = {person: n for n, person in enumerate(people)}
    names = labels or {}
    columns = max(len(panels), 1)
    figure, axes = plt.subplots(1, columns, figsize=(min(3.6 * columns + 1.5, 24), 0.34 * len(people) + 1.8),
                                sharey=True, layout="constrained", squeeze=False)
    for panel, ((leg, day), group) in zip(axes[0], panels):
        spans = [_local(m) for m in group]
        for meeting, (start, end) in zip(group, spans):
            colour = "#c8553d" if meeting.interpreter_id else "#3b6ea5"
            panel.barh(position[getattr(meeting, own)], end - start, left=start, height=0.7, color=colour)
            panel.text((start + end) / 2, position[getattr(meeting, own)], getattr(meeting, other), ha="center",
                       va="center", fontsize=6, color="white")
        first = group[0].start.astimezone(ZoneInfo(group[0].timezone))
        offset = first.strftime("%z")
        panel.set_title(f"{leg} · {day:%a %d %b}\n{first.tzname()} ({group[0].timezone}, UTC{offset[:3]}:{offset[3:]})",
                        fontsize=8, loc="left")
        low, high = math.floor(min(s for s, _ in spans)), math.ceil(max(e for _, e in spans))
        panel.set_xlim(low, high)
        panel.set_xticks(range(low, high + 1), labels=[f"{h:02d}:00" for h in range(low, high + 1)], fontsize=7,
                         rotation=90)
        panel.grid(axis="x", color="#dddddd", linewidth=0.6)
        panel.spines[["top", "right"]].set_visible(False)
    axes[0][0].set_yticks(range(len(people)), labels=[names.get(p, p) for p in people], fontsize=8)
    figure.suptitle(f"Timetable by {rows}, local times (red: with an interpreter)", x=0.01, ha="left", fontsize=11)
    return figure


def small_multiples(names: Sequence[str], values: Mapping[str, Sequence[float]], labels: Mapping[str, str], *,
                    title: str, per_row: int = 3) -> Any:
    """One small bar chart per figure, the same alternatives in each (e.g. what-ifs' KPIs side by side)."""
    plt = _pyplot()
    keys = list(values)
    lines = math.ceil(len(keys) / per_row)
    figure, axes = plt.subplots(lines, per_row, figsize=(3.4 * per_row, 2.3 * lines + 0.6), layout="constrained",
                                squeeze=False)
    colours = plt.get_cmap("tab10").colors
    for panel, key in zip(axes.flat, keys):
        bars = panel.bar(range(len(names)), values[key], color=[colours[n % 10] for n in range(len(names))])
        panel.set_title(labels.get(key, key), fontsize=9, loc="left")
        panel.set_xticks(range(len(names)), labels=names, rotation=30, ha="right", fontsize=7)
        panel.bar_label(bars, labels=[f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}" for v in values[key]], fontsize=7, padding=2)
        panel.margins(y=0.25)
        panel.spines[["top", "right"]].set_visible(False)
    for panel in list(axes.flat)[len(keys):]:
        panel.set_visible(False)
    figure.suptitle(title, x=0.01, ha="left", fontsize=11)
    return figure


def to_svg(figure: Any) -> str:
    """The figure as SVG text (closed afterwards, so no figure piles up in memory)."""
    plt = _pyplot()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    plt.close(figure)
    return buffer.getvalue()
