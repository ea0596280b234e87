"""Candidate pairs: the top-k buyers of each firm and the top-k firms of each buyer, rules applied.

Retrieval multiplies the weighted firm vectors with the buyer vectors one chunk of firms at a time,
so memory stays bounded by ``chunk x buyers`` scores whatever the number of firms. Vetoed pairs
(never-meet, and met-before pairs by policy) never appear; must-meet pairs always do. Every
retrieved pair is then scored exactly by :class:`~matching.score.PairScorer`.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from matching.domain import Candidate, MetBeforePolicy, Scenario
from matching.score import PairScorer

CHUNK_SCORES = 2**25
"""Scores held in memory at once during retrieval (128 MiB of float32)."""

VETO = -1.0


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


def top_k_pairs(firm_vectors: sp.csr_matrix, buyer_vectors: sp.csr_matrix, k_firm: int, k_buyer: int,
                vetoed: dict[int, np.ndarray] | None = None, allowed: dict[int, np.ndarray] | None = None,
                chunk: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of the union of each firm's top k_firm and each buyer's top k_buyer pairs.

    ``vetoed[i]`` lists buyer columns firm i may not get; ``allowed[i]``, when given for firm i, the
    only columns it may get. The same input always gives the same pairs (see :func:`_top_k` on ties).
    """
    n_firms, n_buyers = firm_vectors.shape[0], buyer_vectors.shape[0]
    chunk = chunk or max(1, CHUNK_SCORES // max(n_buyers, 1))
    buyers_t = buyer_vectors.T.tocsc()
    pairs_i: list[np.ndarray] = []
    pairs_j: list[np.ndarray] = []
    best_scores = np.full((0, n_buyers), VETO, dtype=np.float32)
    best_firms = np.zeros((0, n_buyers), dtype=np.int64)
    for start in range(0, n_firms, chunk):
        stop = min(start + chunk, n_firms)
        scores = (firm_vectors[start:stop] @ buyers_t).toarray().astype(np.float32, copy=False)
        for i in range(start, stop):
            if allowed is not None and i in allowed:
                keep = np.full(n_buyers, VETO, dtype=np.float32)
                keep[allowed[i]] = scores[i - start, allowed[i]]
                scores[i - start] = keep
            if vetoed and i in vetoed:
                scores[i - start, vetoed[i]] = VETO
        if k_firm:
            rows = _top_k(scores, k_firm, axis=1)
            for offset, columns in enumerate(rows):
                columns = columns[scores[offset, columns] > VETO]
                pairs_i.append(np.full(len(columns), start + offset))
                pairs_j.append(columns)
        if k_buyer:
            merged_scores = np.vstack([best_scores, scores])
            merged_firms = np.vstack([best_firms, np.broadcast_to(np.arange(start, stop)[:, None], scores.shape)])
            keep = _top_k(merged_scores, k_buyer, axis=0)
            best_scores = np.take_along_axis(merged_scores, keep, axis=0)
            best_firms = np.take_along_axis(merged_firms, keep, axis=0)
    if k_buyer and best_scores.size:
        valid = best_scores > VETO
        columns = np.broadcast_to(np.arange(n_buyers), best_scores.shape)
        pairs_i.append(best_firms[valid])
        pairs_j.append(columns[valid])
    if not pairs_i:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    flat = np.unique(np.concatenate(pairs_i).astype(np.int64) * n_buyers + np.concatenate(pairs_j).astype(np.int64))
    return flat // n_buyers, flat % n_buyers


def _top_k(scores: np.ndarray, k: int, axis: int) -> np.ndarray:
    """Indices of the k highest scores along an axis, highest first (equal scores: lower index first).

    Which of several indices tied at the k-th score is kept is left to argpartition, which is
    deterministic for the same input.
    """
    if k >= scores.shape[axis]:
        return np.argsort(-scores, axis=axis, kind="stable")
    chosen = np.take(np.argpartition(-scores, k - 1, axis=axis), np.arange(k), axis=axis)
    values = np.take_along_axis(scores, chosen, axis=axis)
    order = np.lexsort((chosen, -values), axis=axis)
    return np.take_along_axis(chosen, order, axis=axis)


def buyer_side_k(k: int, n_firms: int, n_buyers: int) -> int:
    """Firms kept per buyer: k scaled by firms per buyer, so each side adds a like share of pairs."""
    return max(1, min(k, round(k * n_firms / max(n_buyers, 1))))


def find_candidates(scenario: Scenario, *, top: int | None = None, top_per_buyer: int | None = None,
                    min_score: float | None = None, scorer: PairScorer | None = None) -> list[Candidate]:
    """Candidates of a scenario, by firm then score (highest first).

    Each firm keeps its ``top`` buyers (default: the rules' candidates per firm) and each buyer its
    ``top_per_buyer`` firms (default: :func:`buyer_side_k`); pairs below the minimum score are
    dropped unless they must meet.
    """
    k = top or scenario.rules.candidates_per_firm
    k_buyer = top_per_buyer or buyer_side_k(k, len(scenario.firms), len(scenario.buyers))
    floor = scenario.rules.min_score if min_score is None else min_score
    scorer = scorer or PairScorer(scenario.firms, scenario.buyers, scenario.weights)
    firm_at, buyer_at = scorer.firm_index, scorer.buyer_index
    must, never, met = rule_pairs(scenario)
    policy = scenario.rules.met_before_policy
    vetoed: dict[int, list[int]] = {}
    for firm_id, buyer_id in never | (met if policy is MetBeforePolicy.avoid else set()):
        if (firm_id, buyer_id) not in must:
            vetoed.setdefault(firm_at[firm_id], []).append(buyer_at[buyer_id])
    allowed = None
    if policy is MetBeforePolicy.only:
        allowed = {firm_at[f.id]: np.array(sorted(buyer_at[b] for b in f.met_before), dtype=np.int64)
                   for f in scenario.firms}
    firm_vectors, buyer_vectors = scorer.weighted()
    rows, columns = top_k_pairs(firm_vectors, buyer_vectors, k, k_buyer,
                                {i: np.array(v) for i, v in vetoed.items()}, allowed)
    must_rows = {(firm_at[f], buyer_at[b]) for f, b in must}
    pairs = set(zip(rows.tolist(), columns.tolist())) | must_rows
    ordered = sorted(pairs)
    found = scorer.candidates(np.array([i for i, _ in ordered], dtype=np.int64),
                              np.array([j for _, j in ordered], dtype=np.int64), must_rows)
    kept = [c for c in found if c.must_meet or c.score >= floor]
    return sorted(kept, key=lambda c: (firm_at[c.firm_id], -c.score, buyer_at[c.buyer_id]))
