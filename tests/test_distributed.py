"""The Dask path (buyer partitions on a local cluster) returns the single-machine pairs (up to ties in rounding)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from matching.distributed import dask_top_k_pairs
from matching.score import PairScorer
from matching.synthetic import make_world
from matching.topk import Restrictions, top_k_pairs

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def vectors():
    world = make_world(40, 300, seed=11)
    return PairScorer(world.firms, world.buyers).weighted()


def pairs(rows: np.ndarray, columns: np.ndarray) -> set[tuple[int, int]]:
    return set(zip(rows.tolist(), columns.tolist()))


def same_up_to_rounding_ties(firms, buyers, got: set, expected: set, k_firm: int, k_buyer: int) -> bool:
    """Every pair in one set and not the other scores within float32 rounding of the k-th best score
    of its buyer or its firm: BLAS rounds a score in the last bit differently in products of other
    shapes (OpenBLAS's edge tiles), so of two exactly tied firms a partition may rank either first."""
    exact = (firms @ buyers.T).toarray()
    kth_of_buyer = np.sort(exact, axis=0)[-k_buyer]
    kth_of_firm = np.sort(exact, axis=1)[:, -k_firm]
    return all(min(abs(exact[f, b] - kth_of_buyer[b]), abs(exact[f, b] - kth_of_firm[f])) <= 1e-6
               for f, b in got ^ expected) and len(got ^ expected) <= 0.02 * len(expected)


def test_dask_path_equals_single_path(client, vectors) -> None:
    firms, buyers = vectors
    bounds = [0, 70, 71, 190, 300]
    partitions = [buyers[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
    single = pairs(*top_k_pairs(firms, buyers, 8, 3))
    got = pairs(*dask_top_k_pairs(firms, partitions, 8, 3))
    assert same_up_to_rounding_ties(firms, buyers, got, single, 8, 3)
    loaded = [dask.delayed(lambda a, b: buyers[a:b])(a, b) for a, b in zip(bounds[:-1], bounds[1:])]
    assert pairs(*dask_top_k_pairs(firms, loaded, 8, 3)) == got  # loaded or given, the same partitions


def test_dask_path_applies_vetoes(client, vectors) -> None:
    firms, buyers = vectors
    single = pairs(*top_k_pairs(firms, buyers, 5, 1))
    vetoed = sorted(single)[:30]
    mask = sp.csr_matrix((np.ones(len(vetoed)), tuple(np.array(vetoed).T)), shape=(firms.shape[0], buyers.shape[0]))
    restrictions = Restrictions(vetoed=mask)
    expected = pairs(*top_k_pairs(firms, buyers, 5, 1, restrictions))
    assert not expected & set(vetoed)
    assert pairs(*dask_top_k_pairs(firms, [buyers[:150], buyers[150:]], 5, 1, restrictions)) == expected
