"""Exact two-way top-k: brute force agreement in every chunking, split and thread count; ties; rules."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import topk
from matching.topk import Restrictions, dense_columns, partition_top_k, ranked, split, top_k_pairs


def brute_force(scores: np.ndarray, k_firm: int, k_buyer: int, vetoed: set[tuple[int, int]] = frozenset()) -> set:
    """The definition: higher score first, then lower index; vetoed pairs never."""
    scores = scores.astype(np.float64).copy()
    for i, j in vetoed:
        scores[i, j] = -1
    pairs = set()
    for i in range(scores.shape[0]):
        order = [j for j in np.lexsort((np.arange(scores.shape[1]), -scores[i])) if scores[i, j] >= 0]
        pairs |= {(i, int(j)) for j in order[:k_firm]}
    for j in range(scores.shape[1]):
        order = [i for i in np.lexsort((np.arange(scores.shape[0]), -scores[:, j])) if scores[i, j] >= 0]
        pairs |= {(int(i), j) for i in order[:k_buyer]}
    return pairs


def as_set(rows: np.ndarray, columns: np.ndarray) -> set[tuple[int, int]]:
    return set(zip(rows.tolist(), columns.tolist()))


def tied_vectors(n_firms: int, n_buyers: int, seed: int) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Vectors with values in quarters, so many scores tie exactly."""
    rng = np.random.default_rng(seed)
    firms = sp.csr_matrix((rng.integers(0, 3, (n_firms, 12)) * (rng.random((n_firms, 12)) < 0.3) / 4).astype(np.float32))
    buyers = sp.csr_matrix((rng.integers(0, 3, (n_buyers, 12)) * (rng.random((n_buyers, 12)) < 0.3) / 4).astype(np.float32))
    return firms, buyers


@pytest.mark.parametrize("chunk", [1, 4, 37, 100])
@pytest.mark.parametrize("share", [0.0, 0.05, 2.0])
def test_equal_to_brute_force_with_ties_in_any_chunking_and_split(chunk, share, monkeypatch) -> None:
    monkeypatch.setattr(topk, "DENSE_SHARE", share)
    firms, buyers = tied_vectors(37, 53, 1)
    rows, columns = top_k_pairs(firms, buyers, 5, 2, chunk=chunk)
    assert as_set(rows, columns) == brute_force((firms @ buyers.T).toarray(), 5, 2)


def test_sampled_floor_path_equals_brute_force(monkeypatch) -> None:
    monkeypatch.setattr(topk, "SAMPLE_COLUMNS", 8)
    firms, buyers = tied_vectors(20, 300, 2)
    rows, columns = top_k_pairs(firms, buyers, 6, 3, chunk=7)
    assert as_set(rows, columns) == brute_force((firms @ buyers.T).toarray(), 6, 3)


def test_threads_give_the_same_pairs() -> None:
    firms, buyers = tied_vectors(90, 120, 3)
    assert as_set(*top_k_pairs(firms, buyers, 4, 2, chunk=8, workers=2)) == as_set(*top_k_pairs(firms, buyers, 4, 2))


def test_vetoed_pairs_never_appear_and_allowed_limits_restricted_firms() -> None:
    firms, buyers = tied_vectors(10, 15, 4)
    scores = (firms @ buyers.T).toarray()
    vetoed = {(0, int(np.argmax(scores[0]))), (3, 4), (3, 5)}
    mask = sp.csr_matrix((np.ones(3), ([i for i, _ in vetoed], [j for _, j in vetoed])), shape=(10, 15))
    rows, columns = top_k_pairs(firms, buyers, 3, 1, Restrictions(vetoed=mask))
    assert as_set(rows, columns) == brute_force(scores, 3, 1, vetoed)
    allowed = sp.csr_matrix((np.ones(2), ([2, 2], [7, 9])), shape=(10, 15))
    restricted = np.zeros(10, dtype=bool)
    restricted[2] = True
    rows, columns = top_k_pairs(firms, buyers, 3, 15, Restrictions(allowed=allowed, restricted=restricted))
    assert {j for i, j in as_set(rows, columns) if i == 2} == {7, 9}


def test_ranked_orders_by_group_then_score_descending_keeping_input_order_on_ties() -> None:
    groups = np.array([1, 0, 1, 1, 0])
    scores = np.array([0.5, 0.2, 0.9, 0.5, 0.2], dtype=np.float32)
    assert ranked(groups, scores, 2).tolist() == [1, 4, 2, 0]


def test_dense_columns_are_the_frequent_ones() -> None:
    firms = sp.csr_matrix(np.array([[1, 1, 0], [1, 0, 0]], dtype=np.float32))
    buyers = sp.csr_matrix(np.array([[1, 0, 1], [1, 1, 0], [1, 0, 0]], dtype=np.float32))
    assert dense_columns(firms, buyers, share=0.2).tolist() == [0]
    assert dense_columns(firms, buyers, share=0.1).tolist() == [0, 1]


def test_empty_sides_give_no_pairs() -> None:
    firms, buyers = tied_vectors(3, 4, 5)
    assert top_k_pairs(firms[:0], buyers, 2, 1)[0].size == 0
    assert top_k_pairs(firms, buyers[:0], 2, 1)[0].size == 0


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n_firms=st.integers(1, 25), n_buyers=st.integers(1, 25),
       k_firm=st.integers(0, 6), k_buyer=st.integers(0, 4), chunk=st.integers(1, 9))
def test_property_equal_to_brute_force(seed, n_firms, n_buyers, k_firm, k_buyer, chunk) -> None:
    firms, buyers = tied_vectors(n_firms, n_buyers, seed)
    rows, columns = top_k_pairs(firms, buyers, k_firm, k_buyer, chunk=chunk)
    assert as_set(rows, columns) == brute_force((firms @ buyers.T).toarray(), k_firm, k_buyer)


def test_partitions_of_buyers_merge_to_the_single_result() -> None:
    firms, buyers = tied_vectors(30, 40, 6)
    dense = dense_columns(firms, buyers)
    whole_firm, whole_buyer = partition_top_k(split(firms, dense), split(buyers, dense), 4, 2)
    parts = [(0, 13), (13, 14), (14, 40)]
    pieces = [partition_top_k(split(firms, dense), split(buyers[a:b], dense), 4, 2) for a, b in parts]
    merged = topk.merge_firm_side([p[0].shift_buyers(a) for p, (a, _) in zip(pieces, parts)], 4)
    assert as_set(merged.firms, merged.buyers) == as_set(whole_firm.firms, whole_firm.buyers)
    buyer_side = topk.Triples.concat([p[1].shift_buyers(a) for p, (a, _) in zip(pieces, parts)])
    assert as_set(buyer_side.firms, buyer_side.buyers) == as_set(whole_buyer.firms, whole_buyer.buyers)
