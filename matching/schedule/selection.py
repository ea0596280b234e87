"""Which meetings to hold, before when: the aggregated relaxation of the timetable model.

The timetable model decides, per request, a slot; the *selection* model only decides whether it is
held, with every per-slot capacity summed over the slots the requests could use:

- a participant holds at most ``capacity`` meetings in each slot it could use at all;
- a resource pool (tables of a hall) gives at most its units summed over those slots;
- interpreters: meetings that can only be held with one of the pools in a set ``U`` take at most
  the units of ``U`` summed over their slots (Hall's condition, for every set in use).

Every timetable satisfies these, so each lexicographic stage optimised here bounds the same stage
of the timetable model from above (the demands and objectives are shared, :mod:`.counting`). The
relaxation has one boolean per request and solves in a fraction of a second where the timetable
model's own LP bound is 20 % off on a buyer fair; and its choice is usually placeable as it is,
because a bipartite multigraph whose degrees fit the slots can be edge-coloured into them (König).
When it is, the timetable reaches the relaxation's value and the stage is proved optimal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from matching.schedule.counting import CountingModel
from matching.schedule.problem import Instance, Request

MAX_INTERPRETER_SETS = 300
"""Above this many distinct interpreter sets, Hall's condition is stated for each set alone."""


def common_resources(request: Request) -> set[str]:
    """The pools a request uses whichever option it takes."""
    if not request.options:
        return set()
    return set.intersection(*(set(option.resources) for option in request.options))


def interpreter_set(request: Request) -> frozenset[str]:
    """The interpreter pools a request can draw on when every option needs one; else empty."""
    if request.options and all(option.any_of for option in request.options):
        return frozenset(pool for option in request.options for pool in option.any_of)
    return frozenset()


def hall_sets(in_use: Iterable[frozenset[str]]) -> list[frozenset[str]]:
    """The pool sets to state Hall's condition for: each set in use and the union of them all."""
    sets = list(dict.fromkeys(in_use))
    union = frozenset().union(*sets) if sets else frozenset()
    return sets + [union] if union and union not in sets else sets


class SelectionModel(CountingModel):
    """One ``held`` boolean per request, the shared demands and the aggregated capacities."""

    def __init__(self, instance: Instance, *, required_hard: bool = False) -> None:
        super().__init__(instance)
        for r, request in enumerate(instance.requests):
            held = self.model.new_bool_var(f"held[{request.id}]")
            if not request.options:
                self.model.add(held == 0)
            elif request.locked is not None:
                self.model.add(held == 1)
            self._hold(r, held)
        self.meeting_counts()
        if required_hard:
            self.must_meet()
        self.slots_per_participant()
        self.pool_totals()
        self.interpreter_totals()

    def _slots(self, requests: list[int]) -> set[int]:
        return {option.slot for r in requests for option in self.instance.requests[r].options}

    def slots_per_participant(self) -> None:
        """No more meetings than ``capacity`` times the slots a participant's requests could take."""
        requests_of: dict[str, list[int]] = defaultdict(list)
        for r, request in enumerate(self.instance.requests):
            requests_of[request.a].append(r)
            requests_of[request.b].append(r)
        for person, requests in requests_of.items():
            ceiling = self.participants[person].capacity * len(self._slots(requests))
            if len(requests) > ceiling:
                self.model.add(self.count(person) <= ceiling)

    def pool_totals(self) -> None:
        """Requests that use a pool in every option take at most its units over their slots."""
        users: dict[str, list[int]] = defaultdict(list)
        for r, request in enumerate(self.instance.requests):
            for pool in common_resources(request):
                users[pool].append(r)
        for pool, requests in users.items():
            units = sum(self.instance.units(pool, slot) for slot in self._slots(requests))
            if len(requests) > units:
                self.model.add(sum(self.held[r] for r in requests) <= units)

    def interpreter_totals(self) -> None:
        """Hall's condition: requests needing an interpreter from the set U (in every option) take at
        most the units of U over their slots."""
        needing: dict[frozenset[str], list[int]] = defaultdict(list)
        for r, request in enumerate(self.instance.requests):
            if pools := interpreter_set(request):
                needing[pools].append(r)
        many = len(needing) > MAX_INTERPRETER_SETS
        for pools in hall_sets(needing):
            requests = [r for other, rs in needing.items() if other == pools or (not many and other <= pools) for r in rs]
            units = sum(self.instance.units(pool, slot) for pool in pools for slot in self._slots(requests))
            if len(requests) > units:
                self.model.add(sum(self.held[r] for r in requests) <= units)

    def picked(self, values: list[int]) -> list[int]:
        """Indices of the requests held in a solution given as the model's variable values."""
        return [r for r, held in enumerate(self.held) if values[held.index]]
