"""The run's clock: charged for what the work did, wall-clock only once the run cannot repeat."""

from __future__ import annotations

import math
import time

from hypothesis import given
from hypothesis import strategies as st

from matching.schedule.clock import (DETERMINISTIC_GRAIN, Clock, Search, deterministic_limit, overhead, search_charge,
                                     seconds_per_deterministic)


def test_a_deterministic_clock_counts_charges_not_the_time_they_took() -> None:
    clock = Clock(10.0)
    clock.charge(2.5)
    time.sleep(0.05)
    assert clock.now() == 2.5 and clock.left() == 7.5
    assert 9.8 < clock.wall_left() < 10.0  # the guard is the wall clock's, charged or not


def test_once_a_search_was_stopped_by_the_wall_clock_the_run_reads_it() -> None:
    clock = Clock(10.0)
    clock.charge(5.0)
    clock.wall()
    assert clock.now() < 1.0 and clock.left() > 9.0
    assert Clock(10.0, deterministic=False).now() < 1.0


def test_a_run_without_a_limit_never_runs_out() -> None:
    assert Clock(math.inf).wall_left() == math.inf


@given(st.sampled_from(list(Search)), st.integers(0, 2_000_000), st.floats(0.0, 600.0))
def test_a_search_run_to_its_limit_is_charged_its_share(search: Search, size: int, seconds: float) -> None:
    charged = search_charge(search, size, deterministic_limit(search, size, seconds))
    share = max(seconds, overhead(size))
    assert share * (1 - 1e-9) <= charged <= share + DETERMINISTIC_GRAIN * seconds_per_deterministic(search, size)


def test_a_proof_charged_whatever_its_last_digits_so_every_later_share_repeats() -> None:
    """Two runs of one proof on the small fair reported 2.2378899899 and 2.2378904 (CI)."""
    assert search_charge(Search.HOLDING, 5_000, 2.2378899899049234) == search_charge(Search.HOLDING, 5_000, 2.2378904)
    assert search_charge(Search.INTERLEAVED, 900, 0.0016655689575870622) == \
        search_charge(Search.INTERLEAVED, 900, 0.0016655689575870625)
    assert search_charge(Search.SEQUENTIAL, 0, 0.0) == overhead(0)


def test_bigger_models_search_slower_in_deterministic_time_except_one_sequential_worker() -> None:
    for search in (Search.INTERLEAVED, Search.HOLDING):
        assert seconds_per_deterministic(search, 600_000) > seconds_per_deterministic(search, 10_000)
        assert deterministic_limit(search, 600_000, 100.0) < deterministic_limit(search, 10_000, 100.0)
    assert seconds_per_deterministic(Search.HOLDING, 600_000) > 3 * seconds_per_deterministic(Search.HOLDING, 10_000)
    assert seconds_per_deterministic(Search.SEQUENTIAL, 600_000) == seconds_per_deterministic(Search.SEQUENTIAL, 0)
