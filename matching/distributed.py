"""The candidate step on Dask, for buyer tables larger than one machine (``pip install matching[dask]``).

Buyers come as partitions (in-memory matrices or ``dask.delayed`` objects that load them where
they live). Two passes over the partitions, both Dask tasks:

1. each partition counts its rows and its nonzeros per column; the driver sums them and picks the
   dense columns once, so every partition scores with the same split;
2. each partition runs :func:`matching.topk.partition_top_k` against all firms: the firm-side top-k
   of every firm within the partition, and the complete buyer-side top-k of its own buyers.

The driver merges the firm sides (each firm's best k over all partitions) and concatenates the buyer
sides. Ties are broken by score then index in both paths, so the result equals the single-machine
:func:`matching.topk.top_k_pairs` up to exact ties: BLAS may round a score in its last bit
differently in a product of another shape, and then a partition may rank the other of two tied
firms first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from matching.topk import (
    Restrictions,
    SplitVectors,
    Triples,
    column_counts,
    dense_from_counts,
    merge_firm_side,
    partition_top_k,
    split,
    union_pairs,
)


def _dask() -> Any:
    try:
        import dask
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("the Dask candidate step needs the 'dask' extra: pip install 'matching[dask]'") from error
    return dask


def _counts(partition: sp.csr_matrix) -> tuple[int, np.ndarray]:
    return partition.shape[0], column_counts(sp.csr_matrix(partition))


def _top_k(firms: SplitVectors, partition: sp.csr_matrix, dense: np.ndarray, k_firm: int, k_buyer: int,
           restrictions: Restrictions | None, offset: int) -> tuple[Triples, Triples]:
    firm_top, buyer_top = partition_top_k(firms, split(partition, dense), k_firm, k_buyer, restrictions)
    return firm_top.shift_buyers(offset), buyer_top.shift_buyers(offset)


def dask_top_k_pairs(firm_vectors: sp.csr_matrix, buyer_partitions: Sequence[Any], k_firm: int, k_buyer: int,
                     restrictions: Restrictions | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of the union of each firm's top k_firm and each buyer's top k_buyer pairs.

    ``buyer_partitions`` are the buyer rows in order, split into matrices or delayed matrices;
    buyer columns in the result count across them. Runs on the active Dask scheduler (a
    ``distributed.Client`` when one is open).
    """
    dask = _dask()
    parts = [p if dask.is_dask_collection(p) else dask.delayed(p) for p in buyer_partitions]
    counted = dask.compute(*[dask.delayed(_counts)(p) for p in parts])
    sizes = [n for n, _ in counted]
    n_buyers = sum(sizes)
    if firm_vectors.shape[0] == 0 or n_buyers == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    buyer_counts = np.sum([c for _, c in counted], axis=0)
    dense = dense_from_counts(column_counts(firm_vectors), firm_vectors.shape[0], buyer_counts, n_buyers)
    firms = dask.delayed(split(firm_vectors, dense))
    offsets = np.concatenate([[0], np.cumsum(sizes)]).tolist()
    tasks = [dask.delayed(_top_k)(firms, part, dense, k_firm, k_buyer,
                                  None if restrictions is None else restrictions.columns(start, stop), start)
             for part, start, stop in zip(parts, offsets[:-1], offsets[1:])]
    results = dask.compute(*tasks)
    firm_top = merge_firm_side([r[0] for r in results], k_firm)
    return union_pairs(firm_top, Triples.concat([r[1] for r in results]), n_buyers)
