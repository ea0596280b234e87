"""Charts for reports and notebooks (matplotlib, the optional ``plots`` extra).

Each helper returns a matplotlib Figure or SVG text and never shows a window: it runs headless in
tests, in CI and on a server.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

PLOTS_HELP = "charts need the plots extra: python3 -m pip install 'matching[plots]' (matplotlib)"


class PlotsUnavailable(Exception):
    """matplotlib is not installed."""


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise PlotsUnavailable(PLOTS_HELP) from None
    matplotlib.use("Agg", force=False)
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


def to_svg(figure: Any) -> str:
    """The figure as SVG text (closed afterwards, so no figure piles up in memory)."""
    plt = _pyplot()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    plt.close(figure)
    return buffer.getvalue()
