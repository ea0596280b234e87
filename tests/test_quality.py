"""The quality check can fail: on a planted world the full scorer must beat every block alone and chance."""

from __future__ import annotations

import numpy as np
import pytest

from matching.quality import precision_recall_at_k, quality_report
from matching.synthetic import make_world
from matching.vectorize import BLOCKS


def test_precision_recall_on_a_hand_made_ranking():
    scores = np.array([[0.9, 0.8, 0.1, 0.0], [0.1, 0.2, 0.3, 0.9]])
    truth = np.array([[True, False, True, False], [False, False, False, True]])
    assert precision_recall_at_k(scores, truth, 2) == {"precision_at_k": 0.5, "recall_at_k": 0.6667}


@pytest.fixture(scope="module")
def report():
    return quality_report(make_world(120, 800, seed=3), k=10)


def test_full_scorer_beats_every_block_alone(report):
    for block in BLOCKS:
        assert report["full"]["precision_at_k"] > report[f"only_{block}"]["precision_at_k"], block


def test_full_scorer_is_far_above_chance(report):
    assert report["full"]["precision_at_k"] > 20 * report["random"]["precision_at_k"]
    assert report["full"]["recall_at_k"] > 0.4


def test_industry_carries_the_most_signal(report):
    worst = min(BLOCKS, key=lambda b: report[f"without_{b}"]["precision_at_k"])
    assert worst == "industry"
