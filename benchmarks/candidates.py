"""Candidate retrieval at scale on synthetic profiles, against scikit-learn's brute-force neighbours.

    python3 benchmarks/candidates.py --firms 20000 --buyers 200000 --top 20 [--workers 2]
    python3 benchmarks/candidates.py --firms 100000 --buyers 1000000 --top 20 --baseline-firms 2000

Builds a seeded synthetic world, vectorizes it, and times the engine's exact two-way top-k
(:mod:`matching.topk`) and ``NearestNeighbors(metric="cosine", algorithm="brute")`` on the same
vectors (rows L2-normalised, so cosine = dot product). The baseline covers the firm side only; the
engine also finds each buyer's top firms. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import time
import tracemalloc

import numpy as np
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import normalize

from matching.candidates import buyer_side_k
from matching.synthetic import make_world
from matching.topk import dense_columns, two_way_top_k, union_pairs
from matching.vectorize import ProfileVectorizer
from measure import rss_mb, timed


def retrieve(firms, buyers, k: int, k_buyer: int, workers: int):
    firm_top, buyer_top = two_way_top_k(firms, buyers, k, k_buyer, workers=workers)
    return firm_top, union_pairs(firm_top, buyer_top, buyers.shape[0])


def agreement(firm_top, rows: np.ndarray, distances: np.ndarray, indices: np.ndarray, k: int) -> dict[str, float]:
    """Share of firms whose top-k scores equal the baseline's (ties aside), and whose buyer sets do too."""
    ours_scores = firm_top.scores.reshape(-1, k)[rows]
    ours_buyers = firm_top.buyers.reshape(-1, k)[rows]
    same_scores = np.all(np.abs(np.sort(ours_scores, axis=1) - np.sort(1.0 - distances, axis=1)) < 1e-4, axis=1)
    same_sets = np.all(np.sort(ours_buyers, axis=1) == np.sort(indices, axis=1), axis=1)
    return {"same_top_k_scores": round(float(same_scores.mean()), 4), "same_top_k_buyers": round(float(same_sets.mean()), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=2000)
    parser.add_argument("--buyers", type=int, default=20000)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline-firms", type=int, default=None,
                        help="run the baseline on the first N firms only (its time is scaled up); 0 skips it")
    args = parser.parse_args()
    world, seconds_profiles = timed(make_world, args.firms, args.buyers, seed=args.seed)
    started = time.perf_counter()
    vectorizer = ProfileVectorizer().fit(world.firms, world.buyers)
    firms = normalize(vectorizer.transform(world.firms))
    buyers = normalize(vectorizer.transform(world.buyers))
    seconds_vectorize = round(time.perf_counter() - started, 2)
    del world
    k_buyer = buyer_side_k(args.top, args.firms, args.buyers)
    tracemalloc.start()
    (firm_top, (rows, _)), seconds = timed(retrieve, firms, buyers, args.top, k_buyer, args.workers)
    retrieval_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    figures = {
        "benchmark": "candidates", "synthetic": True, "firms": args.firms, "buyers": args.buyers, "top": args.top,
        "top_per_buyer": k_buyer, "workers": args.workers, "features": firms.shape[1], "dense_features": len(dense_columns(firms, buyers)),
        "nonzeros_per_firm": round(firms.nnz / firms.shape[0], 1), "nonzeros_per_buyer": round(buyers.nnz / buyers.shape[0], 1),
        "seconds_profiles": seconds_profiles, "seconds_vectorize": seconds_vectorize, "seconds_retrieval": seconds,
        "seconds_candidate_step": round(seconds_vectorize + seconds, 2),
        "candidates": int(len(rows)), "candidates_per_second": round(len(rows) / seconds),
        "pairs_scored_per_second": round(args.firms * args.buyers / seconds),
        "retrieval_peak_mb": round(retrieval_peak, 1), "peak_rss_mb_after_retrieval": rss_mb(),
    }
    sample = args.firms if args.baseline_firms is None else min(args.baseline_firms, args.firms)
    if sample:
        model = NearestNeighbors(n_neighbors=args.top, metric="cosine", algorithm="brute", n_jobs=args.workers)
        (distances, indices), baseline = timed(lambda: model.fit(buyers).kneighbors(firms[:sample]))
        scaled = baseline * args.firms / sample
        figures.update({"baseline": "sklearn NearestNeighbors(metric='cosine', algorithm='brute'), firm side only",
                        "baseline_firms": sample, "seconds_baseline": round(scaled, 2),
                        "speedup_vs_baseline": round(scaled / seconds, 2),
                        **agreement(firm_top, np.arange(sample), distances, indices, args.top)})
    figures["peak_rss_mb"] = rss_mb()
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
