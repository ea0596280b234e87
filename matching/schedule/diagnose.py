"""Why an instance cannot be solved, or only thinly: counting bounds and CP-SAT assumption cores.

Three tools, cheapest first, all on the participant-generic core:

* :func:`reachable` — for each participant alone, the most meetings it could hold: a maximum
  matching of its requests into the slots they may use (scipy). Ignores everyone else, so it is an
  upper bound, and when it falls short of a minimum the minimum is impossible, full stop;
* :func:`pinned_overloads` — meetings that must happen in one known slot (locked, or required with
  a single slot) against the resource units of that slot;
* :func:`conflicting_demands` — every demand (counts, locks, must-meet, precedences) enforced by an
  assumption literal; CP-SAT returns a set of demands that cannot hold together.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from ortools.sat.python import cp_model
from scipy.sparse.csgraph import maximum_bipartite_matching

from matching.schedule.model import ScheduleModel
from matching.schedule.problem import Instance


def reachable(instance: Instance) -> dict[str, int]:
    """Participant id -> the most meetings it could hold if nobody else needed anything.

    A maximum bipartite matching of its requests into its slots, each slot copied as many times as
    it meets at once (Hopcroft-Karp in scipy: networkx's flow took 2.7 s over Incheon's 196
    participants, most of it building graphs)."""
    requests_of: dict[str, list[int]] = defaultdict(list)
    for r, request in enumerate(instance.requests):
        requests_of[request.a].append(r)
        requests_of[request.b].append(r)
    most = {}
    for participant in instance.participants:
        copies = participant.capacity
        rows, columns = [], []
        for row, r in enumerate(requests_of.get(participant.id, [])):
            for slot in {option.slot for option in instance.requests[r].options}:
                rows += [row] * copies
                columns += range(slot * copies, (slot + 1) * copies)
        if not rows:
            most[participant.id] = 0
            continue
        graph = sp.csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, columns)),
                              shape=(max(rows) + 1, len(instance.slots) * copies))
        most[participant.id] = int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())
    return most


@dataclass(frozen=True)
class Overload:
    """More pinned meetings in a slot than units of the pools they can use."""

    slot: int
    pools: tuple[str, ...]
    requests: tuple[str, ...]
    units: int


def pinned_overloads(instance: Instance) -> list[Overload]:
    """Slots where meetings that must happen there need more units than the pools have."""
    demand: dict[tuple[int, tuple[str, ...]], list[str]] = defaultdict(list)
    for request in instance.requests:
        slots = {option.slot for option in request.options}
        pinned = request.locked if request.locked is not None else (
            next(iter(slots)) if request.required and len(slots) == 1 else None)
        if pinned is None:
            continue
        option = next((o for o in request.options if o.slot == pinned), None)
        if option is None:
            continue
        for pool in option.resources:
            demand[pinned, (pool,)].append(request.id)
        if option.any_of:
            demand[pinned, option.any_of].append(request.id)
    overloads = []
    for (slot, pools), ids in sorted(demand.items()):
        units = sum(instance.units(pool, slot) for pool in pools)
        if len(ids) > units:
            overloads.append(Overload(slot=slot, pools=pools, requests=tuple(ids), units=units))
    return overloads


def conflicting_demands(instance: Instance, *, required_hard: bool = False, time_limit: float = 10.0,
                        seed: int = 0) -> list[str] | None:
    """Names of demands that cannot all hold, or None when the demands are compatible (or time ran out)."""
    built = ScheduleModel(instance, assumable=True)
    if required_hard:
        built.must_meet()
    if not built.assumptions:
        return None
    names = list(built.assumptions)
    built.model.add_assumptions([built.assumptions[name] for name in names])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = time_limit
    if solver.solve(built.model) != cp_model.INFEASIBLE:
        return None
    index = {built.assumptions[name].index: name for name in names}
    return [index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in index]
