"""Candidate pairs: the top-k buyers of each firm and the top-k firms of each buyer, rules applied.

Retrieval (:mod:`matching.topk`) multiplies the weighted firm vectors with the buyer vectors one
chunk of firms at a time, so memory stays bounded whatever the number of profiles. Vetoed pairs
(never-meet, and met-before pairs by policy) never appear; must-meet pairs always do. Every
retrieved pair is then scored exactly by :class:`~matching.score.PairScorer`.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from matching.domain import Candidate, MetBeforePolicy, Scenario
from matching.score import PairScorer
from matching.topk import Restrictions, top_k_pairs


def rule_pairs(scenario: Scenario) -> tuple[set[tuple[str, str]], set[tuple[str, str]], set[tuple[str, str]]]:
    """Must-meet, never-meet and met-before pairs, from the firms' lists and the rules together."""
    must = {(p.firm, p.buyer) for p in scenario.rules.must_meet}
    never = {(p.firm, p.buyer) for p in scenario.rules.never_meet}
    met = set()
    for firm in scenario.firms:
        must |= {(firm.id, b) for b in firm.must_meet}
        never |= {(firm.id, b) for b in firm.never_meet}
        met |= {(firm.id, b) for b in firm.met_before}
    return must, never, met


def buyer_side_k(k: int, n_firms: int, n_buyers: int) -> int:
    """Firms kept per buyer: k scaled by firms per buyer, so each side adds a like share of pairs."""
    return max(1, min(k, round(k * n_firms / max(n_buyers, 1))))


def find_candidates(scenario: Scenario, *, top: int | None = None, top_per_buyer: int | None = None,
                    min_score: float | None = None, scorer: PairScorer | None = None) -> list[Candidate]:
    """Candidates of a scenario, by firm then score (highest first).

    Each firm keeps its ``top`` buyers (default: the rules' candidates per firm) and each buyer its
    ``top_per_buyer`` firms (default: :func:`buyer_side_k`); pairs below the minimum score are
    dropped unless they must meet. With ``only_requested`` the must-meet pairs are the candidates.
    """
    k = top or scenario.rules.candidates_per_firm
    k_buyer = top_per_buyer or buyer_side_k(k, len(scenario.firms), len(scenario.buyers))
    floor = scenario.rules.min_score if min_score is None else min_score
    scorer = scorer or PairScorer(scenario.firms, scenario.buyers, scenario.weights)
    firm_at, buyer_at = scorer.firm_index, scorer.buyer_index
    must, never, met = rule_pairs(scenario)
    must_rows = {(firm_at[f], buyer_at[b]) for f, b in must}
    pairs = set(must_rows)
    if not scenario.rules.only_requested:  # otherwise the requested meetings are the only candidates
        firm_vectors, buyer_vectors = scorer.weighted()
        restrictions = _restrictions(scenario, scorer, must, never | (
            met if scenario.rules.met_before_policy is MetBeforePolicy.avoid else set()))
        rows, columns = top_k_pairs(firm_vectors, buyer_vectors, k, k_buyer, restrictions)
        pairs |= set(zip(rows.tolist(), columns.tolist()))
    ordered = sorted(pairs)
    found = scorer.candidates(np.array([i for i, _ in ordered], dtype=np.int64),
                              np.array([j for _, j in ordered], dtype=np.int64), must_rows)
    kept = [c for c in found if c.must_meet or c.score >= floor]
    return sorted(kept, key=lambda c: (firm_at[c.firm_id], -c.score, buyer_at[c.buyer_id]))


def _restrictions(scenario: Scenario, scorer: PairScorer, must: set[tuple[str, str]],
                  vetoed: set[tuple[str, str]]) -> Restrictions:
    """What retrieval may not propose: vetoed pairs that need not meet, and with the met-before
    policy 'only' every pair that did not meet before."""
    firm_at, buyer_at = scorer.firm_index, scorer.buyer_index
    shape = (len(scenario.firms), len(scenario.buyers))
    restrictions = Restrictions(vetoed=_mask([(firm_at[f], buyer_at[b]) for f, b in vetoed if (f, b) not in must], shape))
    if scenario.rules.met_before_policy is MetBeforePolicy.only:
        allowed = [(firm_at[f.id], buyer_at[b]) for f in scenario.firms for b in f.met_before]
        restrictions = Restrictions(vetoed=restrictions.vetoed, allowed=_mask(allowed, shape),
                                    restricted=np.ones(shape[0], dtype=bool))
    return restrictions


def _mask(pairs: list[tuple[int, int]], shape: tuple[int, int]) -> sp.csr_matrix:
    """A firms x buyers matrix with a nonzero at each (firm row, buyer column)."""
    rows = np.array([i for i, _ in pairs], dtype=np.int64)
    columns = np.array([j for _, j in pairs], dtype=np.int64)
    return sp.csr_matrix((np.ones(len(pairs), dtype=np.int8), (rows, columns)), shape=shape)
