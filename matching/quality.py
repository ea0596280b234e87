"""How well scores find planted pairs: precision@k and recall at k, for the full scorer and per block.

Given a :class:`~matching.synthetic.World`, every firm ranks all buyers; a hit is a planted pair in
the firm's top k. The same measure is taken for each block alone and for the scorer without each
block, so a block that stops helping shows up as a number, not a feeling.
"""

from __future__ import annotations

import numpy as np

from matching.domain import Weights
from matching.score import PairScorer
from matching.synthetic import World
from matching.vectorize import BLOCKS


def precision_recall_at_k(scores: np.ndarray, truth: np.ndarray, k: int) -> dict[str, float]:
    """Mean precision@k over firms and recall of all true pairs within the firms' top k.

    ``scores`` and ``truth`` are (firms x buyers); ties are broken by buyer order, so a constant
    ranking scores what a fixed arbitrary order would.
    """
    k = min(k, scores.shape[1])
    top = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    hits = np.take_along_axis(truth, top, axis=1).sum(axis=1)
    return {"precision_at_k": round(float(hits.mean() / k), 4),
            "recall_at_k": round(float(hits.sum() / max(truth.sum(), 1)), 4)}


def block_matrices(scorer: PairScorer) -> dict[str, np.ndarray]:
    """Each block's dense similarity matrix (firms x buyers)."""
    return {b: np.clip((scorer.firm_blocks[b] @ scorer.buyer_blocks[b].T).toarray(), 0.0, 1.0) for b in BLOCKS}


def quality_report(world: World, k: int = 10, weights: Weights | None = None) -> dict[str, dict[str, float]]:
    """precision@k and recall for: the full scorer, each block alone, the scorer without each block,
    and a seeded random ranking (the floor every ranking must beat)."""
    scorer = PairScorer(world.firms, world.buyers, weights)
    truth = np.zeros((len(world.firms), len(world.buyers)), dtype=bool)
    for firm_id, buyer_id in world.planted:
        truth[scorer.firm_index[firm_id], scorer.buyer_index[buyer_id]] = True
    sims = block_matrices(scorer)
    share = scorer.weights
    report = {"full": precision_recall_at_k(sum(share[b] * sims[b] for b in BLOCKS), truth, k)}
    for block in BLOCKS:
        report[f"only_{block}"] = precision_recall_at_k(sims[block], truth, k)
    for block in BLOCKS:
        rest = sum(share[b] * sims[b] for b in BLOCKS if b != block)
        report[f"without_{block}"] = precision_recall_at_k(rest, truth, k)
    noise = np.random.default_rng(world.seed).random(truth.shape)
    report["random"] = precision_recall_at_k(noise, truth, k)
    return report
