"""Plot helpers: headless SVG charts, and a clear message without matplotlib."""

from __future__ import annotations

import builtins

import pytest

from conftest import planned

from matching import PairScorer
from matching.plots import PLOTS_HELP, PlotsUnavailable, bar_chart, heatmap, small_multiples, timetable_chart, to_svg


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


def test_the_score_heatmap_labels_every_firm_and_buyer() -> None:
    pytest.importorskip("matplotlib")
    scenario, _ = planned("jinju-us-midwest-2024")
    scores = PairScorer(scenario.firms, scenario.buyers, scenario.weights).matrix()
    figure = heatmap(scores, [f.id for f in scenario.firms], [b.id for b in scenario.buyers], title="scores")
    axes = figure.axes[0]
    assert [t.get_text() for t in axes.get_yticklabels()] == [f.id for f in scenario.firms]
    assert [t.get_text() for t in axes.get_xticklabels()] == [b.id for b in scenario.buyers]
    assert axes.images[0].get_array().shape == (len(scenario.firms), len(scenario.buyers))
    assert "<svg" in to_svg(figure)


def test_the_timetable_has_a_panel_per_leg_and_day_in_local_time_with_its_zone() -> None:
    pytest.importorskip("matplotlib")
    scenario, plan = planned("jinju-us-midwest-2024")
    figure = timetable_chart(plan)
    titles = [a.get_title(loc="left") for a in figure.axes]
    days = {(m.leg_id, m.start.date()) for m in plan.meetings}
    assert len(titles) == len(days)
    assert any(t.startswith("chicago") and "CDT (America/Chicago, UTC-05:00)" in t for t in titles)
    assert any(t.startswith("detroit") and "EDT (America/Detroit, UTC-04:00)" in t for t in titles)
    bars = sum(len(a.patches) for a in figure.axes)
    assert bars == len(plan.meetings)
    first = min(plan.meetings, key=lambda m: m.start)  # 09:00 local is at x = 9, not at its UTC hour
    panel = figure.axes[0]
    assert min(p.get_x() for p in panel.patches) == first.start.hour + first.start.minute / 60
    to_svg(figure)


def test_small_multiples_show_each_figure_for_every_alternative() -> None:
    pytest.importorskip("matplotlib")
    figure = small_multiples(["base", "detroit-first"], {"meetings": [60, 58], "breaks": [3, 5]},
                             {"meetings": "Meetings"}, title="what-ifs")
    visible = [a for a in figure.axes if a.get_visible()]
    assert [a.get_title(loc="left") for a in visible] == ["Meetings", "breaks"]
    assert [len(a.patches) for a in visible] == [2, 2]
    to_svg(figure)
