"""Scenario summaries: counts, slots and capacity per leg."""

from __future__ import annotations

from conftest import Mini

from matching import load_scenario, summarise


def test_summary_figures(mini: Mini) -> None:
    summary = summarise(load_scenario(mini.path))
    assert (summary.firms, summary.buyers, summary.interpreters, summary.sites) == (3, 3, 1, 1)
    chicago, detroit = summary.legs
    assert (chicago.slots, chicago.units, chicago.capacity, chicago.buyers) == (16, 4, 64, 1)
    assert (detroit.slots, detroit.units, detroit.capacity, detroit.buyers) == (3, 3, 9, 2)
    assert summary.buyers_by_place == {"venue": 2, "site": 1, "online": 0}
    assert summary.buyer_countries == 1 and summary.synthetic is False
