"""Exact top-k retrieval of firm-buyer pairs by dot product, both ways, in bounded memory.

The score matrix is never held whole: firms are taken a chunk at a time against one partition of
buyers (all buyers on one machine; a slice of them per Dask task). Each chunk is scored as

* a dense BLAS product over the *frequent* columns (sections, regions, fit, common words: few
  columns that touch most pairs), plus
* a sparse product over the *rare* columns (subheadings, rare words: many columns, few pairs each),

because a BLAS multiply-add costs about a thousandth of a sparse one (measured on the 2-core
benchmark machine): a column goes dense when the share of pairs it touches exceeds
:data:`DENSE_SHARE`. The split changes speed, never the result.

Selection is exact. Per firm, a lower bound on its k-th best score is read from a strided sample of
the row (the k-th best of a subset can only be lower), and only entries at or above it are sorted.
Per buyer, a running k-th best is kept across chunks, and only entries above it are merged. Ties
are broken the same way everywhere — higher score first, then lower index — so a partitioned run
(Dask) returns the pairs of a single run, up to exact ties that BLAS rounded differently in a
product of another shape.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice

import numpy as np
import scipy.sparse as sp
from scipy.linalg.blas import sgemm
from threadpoolctl import threadpool_limits

DENSE_SHARE = 1e-3
"""A column is scored densely when the share of firm-buyer pairs it touches exceeds this."""

CHUNK_SCORES = 2**25
"""Scores held in memory at once per worker (128 MiB of float32)."""

SAMPLE_COLUMNS = 4096
"""Columns of a chunk sampled to bound each firm's k-th best score from below."""

VETO = np.float32(-1.0)
"""Score of a pair that may not be proposed; every real score is >= 0."""

ABOVE_VETO = np.nextafter(VETO, np.float32(0))


@dataclass(frozen=True)
class Restrictions:
    """Pairs the retrieval may not return.

    ``vetoed`` (firms x buyers, nonzero = vetoed) removes pairs; ``allowed`` with ``restricted``
    limits each restricted firm to the nonzero columns of its row of ``allowed``.
    """

    vetoed: sp.csr_matrix | None = None
    allowed: sp.csr_matrix | None = None
    restricted: np.ndarray | None = None

    def columns(self, start: int, stop: int) -> Restrictions:
        """The restrictions for the buyer partition ``start:stop``, in its local columns."""
        return Restrictions(vetoed=None if self.vetoed is None else self.vetoed[:, start:stop].tocsr(),
                            allowed=None if self.allowed is None else self.allowed[:, start:stop].tocsr(),
                            restricted=self.restricted)

    def apply(self, scores: np.ndarray, first_firm: int) -> None:
        """Set the vetoed and not-allowed entries of a chunk (rows from ``first_firm``) to VETO."""
        rows = slice(first_firm, first_firm + scores.shape[0])
        if self.vetoed is not None:
            part = self.vetoed[rows].tocoo()
            scores[part.row, part.col] = VETO
        if self.allowed is not None and self.restricted is not None:
            part = self.allowed[rows].tocsr()
            for local in np.flatnonzero(self.restricted[rows]):
                keep = part.indices[part.indptr[local]:part.indptr[local + 1]]
                row = np.full(scores.shape[1], VETO, dtype=scores.dtype)
                row[keep] = scores[local, keep]
                scores[local] = row


@dataclass(frozen=True)
class SplitVectors:
    """Rows of one side split into dense frequent columns and sparse rare columns."""

    dense: np.ndarray
    sparse: sp.csr_matrix

    @property
    def n(self) -> int:
        return self.dense.shape[0]

    def rows(self, start: int, stop: int) -> SplitVectors:
        return SplitVectors(self.dense[start:stop], self.sparse[start:stop])


@dataclass(frozen=True)
class Triples:
    """Pairs with their retrieval scores: firm row, buyer column, score."""

    firms: np.ndarray
    buyers: np.ndarray
    scores: np.ndarray

    @staticmethod
    def empty() -> Triples:
        return Triples(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))

    @staticmethod
    def concat(parts: list[Triples]) -> Triples:
        if not parts:
            return Triples.empty()
        return Triples(*(np.concatenate([getattr(p, f) for p in parts]) for f in ("firms", "buyers", "scores")))

    def shift_buyers(self, offset: int) -> Triples:
        return Triples(self.firms, self.buyers + offset, self.scores)


def column_counts(vectors: sp.csr_matrix) -> np.ndarray:
    """Rows with a nonzero in each column."""
    return np.bincount(vectors.indices, minlength=vectors.shape[1])


def dense_from_counts(firm_counts: np.ndarray, n_firms: int, buyer_counts: np.ndarray, n_buyers: int,
                      share: float | None = None) -> np.ndarray:
    """Columns touching more than ``share`` (default :data:`DENSE_SHARE`) of all firm-buyer pairs."""
    touched = (firm_counts / max(n_firms, 1)) * (buyer_counts / max(n_buyers, 1))
    return np.flatnonzero(touched > (DENSE_SHARE if share is None else share))


def dense_columns(firm_vectors: sp.csr_matrix, buyer_vectors: sp.csr_matrix, share: float | None = None) -> np.ndarray:
    """Columns touching more than ``share`` of all pairs (frequency among firms x among buyers)."""
    return dense_from_counts(column_counts(firm_vectors), firm_vectors.shape[0], column_counts(buyer_vectors),
                             buyer_vectors.shape[0], share)


def split(vectors: sp.csr_matrix, dense: np.ndarray) -> SplitVectors:
    """The rows of ``vectors`` with the ``dense`` columns as a float32 array and the rest sparse."""
    vectors = sp.csr_matrix(vectors, dtype=np.float32)
    rest = np.setdiff1d(np.arange(vectors.shape[1]), dense)
    return SplitVectors(np.ascontiguousarray(vectors[:, dense].toarray()), vectors[:, rest].tocsr())


def descending_key(groups: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """One uint64 per entry that sorts by group ascending, then score descending."""
    bits = np.ascontiguousarray(scores, dtype=np.float32).view(np.uint32).astype(np.uint64)
    ordered = np.where(bits >= 0x80000000, ~bits & 0xFFFFFFFF, bits | 0x80000000)  # IEEE order as integers
    return (groups.astype(np.uint64) << np.uint64(32)) | (np.uint64(0xFFFFFFFF) - ordered)


def ranked(groups: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k best entries of each group, higher score first, ordered by group then rank.

    Entries of one group with equal scores keep their input order: callers pass them with the
    lower index first, which is how ties are broken everywhere.
    """
    order = np.argsort(descending_key(groups, scores), kind="stable")
    sorted_groups = groups[order]
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]]) if len(order) else order
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return order[rank < k]


def nonzero(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of a C-ordered 2-D mask (several times faster than ``mask.nonzero()``)."""
    return np.divmod(np.flatnonzero(mask), mask.shape[1])


def chunk_scores(firms: SplitVectors, buyers_dense_t: np.ndarray, buyers_sparse_t: sp.csr_matrix) -> np.ndarray:
    """Dot products of a chunk of firms with all buyers of a partition (chunk x buyers, float32)."""
    scores = (firms.sparse @ buyers_sparse_t).toarray()
    if firms.dense.shape[1]:
        # Fortran view of the C-ordered scores: BLAS adds the dense part in place.
        sgemm(1.0, buyers_dense_t.T, firms.dense.T, beta=1.0, c=scores.T, overwrite_c=1)
    return scores


def firm_side(scores: np.ndarray, k: int, first_firm: int) -> Triples:
    """Each row's top k non-vetoed columns (exact; ties to the lower column)."""
    n = scores.shape[1]
    if k <= 0 or n == 0:
        return Triples.empty()
    if n > 2 * SAMPLE_COLUMNS and k <= SAMPLE_COLUMNS:
        sample = scores[:, :: n // SAMPLE_COLUMNS]
        floor = np.partition(sample, sample.shape[1] - k, axis=1)[:, sample.shape[1] - k]
        rows, columns = nonzero(scores >= np.maximum(floor, ABOVE_VETO)[:, None])
    else:
        rows, columns = nonzero(scores > VETO)
    values = scores[rows, columns]
    keep = ranked(rows, values, k)
    return Triples(rows[keep] + first_firm, columns[keep], values[keep])


class BuyerSide:
    """The running top k firms of each buyer of a partition, fed one chunk of firms at a time in
    increasing firm order (so a later firm tied with the k-th best is not better)."""

    def __init__(self, n_buyers: int, k: int) -> None:
        self.k = k
        self.scores = np.full((k, n_buyers), VETO, dtype=np.float32)
        self.firms = np.full((k, n_buyers), np.iinfo(np.int64).max, dtype=np.int64)

    def add(self, scores: np.ndarray, first_firm: int) -> None:
        if self.k <= 0:
            return
        mask = scores > self.scores[-1][None, :]
        if scores.shape[0] > self.k and np.count_nonzero(mask) > self.k * scores.shape[1]:
            # early chunks: cut to each column's chunk-local k best (ties kept) before sorting
            local = np.partition(scores, scores.shape[0] - self.k, axis=0)[scores.shape[0] - self.k]
            mask &= scores >= local[None, :]
        rows, columns = nonzero(mask)
        if not len(rows):
            return
        touched = np.flatnonzero(np.bincount(columns, minlength=scores.shape[1]))
        groups = np.concatenate([np.tile(touched, self.k), columns])
        values = np.concatenate([self.scores[:, touched].ravel(), scores[rows, columns]])
        firms = np.concatenate([self.firms[:, touched].ravel(), rows.astype(np.int64) + first_firm])
        keep = ranked(groups, values, self.k)
        self.scores[:, touched] = values[keep].reshape(len(touched), self.k).T
        self.firms[:, touched] = firms[keep].reshape(len(touched), self.k).T

    def triples(self) -> Triples:
        valid = self.scores > VETO
        columns = np.broadcast_to(np.arange(self.scores.shape[1]), self.scores.shape)
        return Triples(self.firms[valid], columns[valid].astype(np.int64), self.scores[valid])


def partition_top_k(firms: SplitVectors, buyers: SplitVectors, k_firm: int, k_buyer: int,
                    restrictions: Restrictions | None = None, chunk: int | None = None,
                    workers: int = 1) -> tuple[Triples, Triples]:
    """Firm-side and buyer-side top-k triples of all firms against one partition of buyers.

    Buyer columns are local to the partition. With ``workers`` > 1, chunks are scored in threads,
    each with one BLAS thread; the buyer side is merged in firm order, so the result is the same.
    """
    n_buyers = buyers.n
    chunk = chunk or max(1, min(1024, CHUNK_SCORES // max(n_buyers, 1)))
    dense_t = np.ascontiguousarray(buyers.dense.T)
    sparse_t = buyers.sparse.T.tocsr()
    buyer_side = BuyerSide(n_buyers, min(k_buyer, firms.n))
    found: list[Triples] = []

    def score(start: int) -> tuple[int, np.ndarray, Triples]:
        scores = chunk_scores(firms.rows(start, min(start + chunk, firms.n)), dense_t, sparse_t)
        if restrictions is not None:
            restrictions.apply(scores, start)
        return start, scores, firm_side(scores, k_firm, start)

    starts = iter(range(0, firms.n, chunk))
    if workers <= 1:
        for start, scores, top in map(score, starts):
            found.append(top)
            buyer_side.add(scores, start)
    else:
        with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
            # at most `workers` chunks in flight keeps memory at workers x chunk scores
            pending = deque(pool.submit(score, s) for s in islice(starts, workers))
            while pending:
                start, scores, top = pending.popleft().result()
                found.append(top)
                buyer_side.add(scores, start)
                following = next(starts, None)
                if following is not None:
                    pending.append(pool.submit(score, following))
    return Triples.concat(found), buyer_side.triples()


def merge_firm_side(parts: list[Triples], k: int) -> Triples:
    """Each firm's top k over the firm-side triples of several buyer partitions."""
    every = Triples.concat(parts)
    keep = ranked(every.firms, every.scores, k)
    return Triples(every.firms[keep], every.buyers[keep], every.scores[keep])


def union_pairs(firm_side_top: Triples, buyer_side_top: Triples, n_buyers: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique (firm, buyer) pairs of both sides."""
    flat = np.unique(np.concatenate([firm_side_top.firms * n_buyers + firm_side_top.buyers,
                                     buyer_side_top.firms * n_buyers + buyer_side_top.buyers]))
    return flat // n_buyers, flat % n_buyers


def two_way_top_k(firm_vectors: sp.csr_matrix, buyer_vectors: sp.csr_matrix, k_firm: int, k_buyer: int,
                  restrictions: Restrictions | None = None, chunk: int | None = None,
                  workers: int = 1) -> tuple[Triples, Triples]:
    """Firm-side and buyer-side top-k triples of all firms against all buyers, on one machine."""
    dense = dense_columns(firm_vectors, buyer_vectors)
    return partition_top_k(split(firm_vectors, dense), split(buyer_vectors, dense), k_firm, k_buyer,
                           restrictions, chunk, workers)


def top_k_pairs(firm_vectors: sp.csr_matrix, buyer_vectors: sp.csr_matrix, k_firm: int, k_buyer: int,
                restrictions: Restrictions | None = None, chunk: int | None = None,
                workers: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of the union of each firm's top k_firm and each buyer's top k_buyer pairs."""
    if firm_vectors.shape[0] == 0 or buyer_vectors.shape[0] == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    firm_top, buyer_top = two_way_top_k(firm_vectors, buyer_vectors, k_firm, k_buyer, restrictions, chunk, workers)
    return union_pairs(firm_top, buyer_top, buyer_vectors.shape[0])
