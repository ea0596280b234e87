"""Plot helpers: headless SVG charts, and a clear message without matplotlib."""

from __future__ import annotations

import builtins

import pytest

from matching.plots import PLOTS_HELP, PlotsUnavailable, bar_chart, to_svg


def test_a_bar_chart_renders_headless_as_svg() -> None:
    pytest.importorskip("matplotlib")
    figure = bar_chart(["JJ01", "JJ02"], [120000.0, 5000.0], title="Consultation amount", xlabel="USD", money=True)
    assert [t.get_text() for t in figure.axes[0].get_yticklabels()] == ["JJ02", "JJ01"]  # first on top
    svg = to_svg(figure)
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg


def test_without_matplotlib_it_says_what_to_install(monkeypatch) -> None:
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "matplotlib":
            raise ImportError("No module named 'matplotlib'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(PlotsUnavailable, match=r"matching\[plots\]") as caught:
        bar_chart(["a"], [1.0], title="t", xlabel="x")
    assert str(caught.value) == PLOTS_HELP
