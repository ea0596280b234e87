"""Scores: weighted blocks on 0-100, identical alone and in bulk, with bilingual reasons."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import BUNDLED

from matching import load_scenario
from matching.domain import Buyer, Firm
from matching.score import PairScorer
from matching.vectorize import BLOCKS


@pytest.fixture(scope="module")
def jinju_scorer() -> PairScorer:
    scenario = load_scenario(BUNDLED / "jinju-us-midwest-2024")
    return PairScorer(scenario.firms, scenario.buyers, scenario.weights)


def test_single_and_bulk_scores_agree(jinju_scorer: PairScorer) -> None:
    n_f, n_b = len(jinju_scorer.firms), len(jinju_scorer.buyers)
    rows, cols = np.repeat(np.arange(n_f), n_b), np.tile(np.arange(n_b), n_f)
    bulk = jinju_scorer.scores(rows, cols)
    single = [jinju_scorer.pair(jinju_scorer.firms[i].id, jinju_scorer.buyers[j].id).score for i, j in zip(rows, cols)]
    assert bulk.tolist() == single
    assert 0 <= bulk.min() and bulk.max() <= 100


def test_score_is_the_weighted_sum_of_its_blocks(jinju_scorer: PairScorer) -> None:
    candidate = jinju_scorer.pair("JJ06", "DT04")
    expected = 100 * sum(jinju_scorer.weights[b] * candidate.blocks[b] for b in BLOCKS)
    assert candidate.score == pytest.approx(expected, abs=0.02)
    assert set(candidate.blocks) == set(BLOCKS)


def test_reasons_are_bilingual_and_name_the_shared_code() -> None:
    firms = [Firm(id="K1", name_ko="가", hs_codes=["870830"], certifications=["ISO 9001"], export_stage="established",
                  target_markets=["US"], products_en="brake pads and brake discs")]
    buyers = [Buyer(id="B1", company="Acme", country="US", timezone="America/Detroit", buyer_type="tier1",
                    hs_codes=["870830"], products="brake pads", certifications_required=["IATF 16949", "ISO 9001"],
                    sourcing_regions=["KR"])]
    candidate = PairScorer(firms, buyers).pair("K1", "B1")
    texts = {r.text_en: r for r in candidate.reasons}
    assert any(t.startswith("shares HS 8708.30") for t in texts)
    assert any("HS 8708.30 일치" in r.text_ko for r in candidate.reasons)
    missing = next(r for r in candidate.reasons if "IATF 16949" in r.text_en)
    assert "NOT held" in missing.text_en and "미보유" in missing.text_ko and missing.contribution < 0
    assert [abs(r.contribution) for r in candidate.reasons] == sorted((abs(r.contribution) for r in candidate.reasons),
                                                                     reverse=True)


def test_of_equally_specific_shared_codes_the_reason_names_the_first() -> None:
    # Two shared headings (8537 and 9026): which one the reason named followed the process's string
    # hashing, so two runs of one plan's export explained the same meeting differently.
    firms = [Firm(id="K1", name_ko="가", hs_codes=["902610", "853710"], export_stage="established")]
    buyers = [Buyer(id="B1", company="Acme", country="US", timezone="America/Detroit", buyer_type="distributor",
                    hs_codes=["902620", "853720"], products="panels and flow meters")]
    reasons = PairScorer(firms, buyers).pair("K1", "B1").reasons
    assert any(r.text_en.startswith("shares HS 8537 ") and "HS 8537 일치" in r.text_ko for r in reasons)
