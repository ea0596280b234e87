"""Candidates: top-k both ways in chunks, vetoes never appear, must-meet always does, deterministic."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import BUNDLED

from matching import load_scenario
from matching.candidates import buyer_side_k, find_candidates, rule_pairs
from matching.domain import MetBeforePolicy, Pair


@pytest.fixture(scope="module")
def jinju():
    return load_scenario(BUNDLED / "jinju-us-midwest-2024")


def test_every_jinju_firm_gets_at_least_8_explained_candidates(jinju) -> None:
    found = find_candidates(jinju)
    per_firm = Counter(c.firm_id for c in found)
    assert set(per_firm) == {f.id for f in jinju.firms} and min(per_firm.values()) >= 8
    assert all(c.reasons and set(c.blocks) == {"industry", "market", "products", "requirements", "fit"} for c in found)


def test_detroit_auto_buyers_rank_auto_parts_firms_above_it_firms(jinju) -> None:
    from matching.score import PairScorer

    scorer = PairScorer(jinju.firms, jinju.buyers, jinju.weights)
    auto, it = ["JJ06", "JJ07", "JJ08", "JJ09"], ["JJ10", "JJ11"]
    auto_buyers = [b for b in jinju.buyers if jinju.mission.leg_for(b.city, b.leg_id).id == "detroit"
                   and any(c[:4] in ("8708", "8511", "8512", "4016") for c in b.hs_codes)]
    assert len(auto_buyers) >= 8
    for buyer in auto_buyers:
        best_auto = max(scorer.pair(f, buyer.id).score for f in auto)
        best_it = max(scorer.pair(f, buyer.id).score for f in it)
        assert best_auto > best_it, buyer.id


def test_vetoes_never_appear_and_must_meet_always_does(jinju) -> None:
    rules = jinju.rules.model_copy(update={"never_meet": [Pair(firm="JJ01", buyer="CH12")],
                                          "must_meet": [*jinju.rules.must_meet, Pair(firm="JJ10", buyer="DT02")]})
    scenario = jinju.model_copy(update={"rules": rules})
    found = {(c.firm_id, c.buyer_id): c for c in find_candidates(scenario, min_score=100)}
    must, never, _ = rule_pairs(scenario)
    assert must <= set(found) and all(found[p].must_meet for p in must)
    assert not never & set(found)
    assert ("JJ06", "DT15") in never and ("JJ01", "CH12") in never


def test_met_before_policies() -> None:
    follow = load_scenario(BUNDLED / "jinju-follow-up")
    met = {(f.id, b) for f in follow.firms for b in f.met_before}
    only = {(c.firm_id, c.buyer_id) for c in find_candidates(follow, min_score=0)}
    assert only and only <= met
    avoid = follow.model_copy(update={"rules": follow.rules.model_copy(update={"met_before_policy": MetBeforePolicy.avoid})})
    assert not {(c.firm_id, c.buyer_id) for c in find_candidates(avoid, min_score=0)} & met


def test_candidates_are_deterministic(jinju) -> None:
    assert find_candidates(jinju) == find_candidates(jinju)


def test_buyer_side_k_scales_with_firms_per_buyer() -> None:
    assert buyer_side_k(10, 11, 44) == 2
    assert buyer_side_k(10, 110, 86) == 10
    assert buyer_side_k(10, 1, 1000) == 1
