"""Which meetings to hold, before when: the aggregated relaxation of the timetable model.

The timetable model decides, per request, a slot; the *selection* model only decides whether it is
held, with every per-slot capacity stated for classes of requests rather than for each request:

- a participant holds at most ``capacity`` meetings in each slot it could use at all;
- resources, as a *time-indexed transportation flow*: requests that use the same pools in every
  option, may need an interpreter from the same set and could take the same slots form a class; a
  class sends its held meetings to its slots, and in each slot to the interpreter pools of its set,
  within every pool's units of that slot (tables of a hall, interpreters of a kind).

Every timetable gives such a flow, so each lexicographic stage optimised here bounds the same
stage of the timetable model from above (the demands and objectives are shared, :mod:`.counting`).
The flow states Hall's condition for every set of interpreter classes at once, and slot by slot:
on a buyer fair where English interpreters back up every language, the condition for each set
alone and for their union all held while the sets with busy own pools together needed 47 more
interpreter-slots than there were. The relaxation has one boolean per request and a few integers
per class and slot; it is proved in seconds (a large fair's 8,889 requests in under a minute) where
the timetable model's own LP bound is 20 % off on a buyer fair, and its choice is usually
placeable as it is, because a bipartite multigraph whose degrees fit the slots can be
edge-coloured into them (König). When it is, the timetable reaches the relaxation's value and the
stage is proved optimal.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from matching.schedule.counting import CountingModel
from matching.schedule.problem import Instance, Request


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
        self.resource_flow()

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

    def resource_flow(self) -> None:
        """Held meetings of each class sent to its slots, and in each slot to its interpreter pools,
        within every pool's units per slot (see the module docstring)."""
        instance = self.instance
        classes: dict[tuple[frozenset[str], frozenset[str], frozenset[int]], list[int]] = defaultdict(list)
        for r, request in enumerate(instance.requests):
            resources, pools = frozenset(common_resources(request)), interpreter_set(request)
            if resources or pools:
                classes[resources, pools, frozenset(option.slot for option in request.options)].append(r)
        use: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
        for k, ((resources, pools, slots), requests) in enumerate(classes.items()):
            in_slots = []
            for s in sorted(slots):
                top = min([len(requests)] + [instance.units(pool, s) for pool in resources]
                          + ([sum(instance.units(pool, s) for pool in pools)] if pools else []))
                if top <= 0:
                    continue
                in_slot = self.model.new_int_var(0, top, f"class_in_slot[{k}@{s}]")
                in_slots.append(in_slot)
                for pool in resources:
                    use[pool, s].append(in_slot)
                sent = [(pool, self.model.new_int_var(0, min(top, instance.units(pool, s)), f"class_to_pool[{k}@{s}->{pool}]"))
                        for pool in sorted(pools) if instance.units(pool, s)]
                if sent:
                    self.model.add(sum(send for _, send in sent) == in_slot)
                for pool, send in sent:
                    use[pool, s].append(send)
            self.model.add(sum(in_slots) == sum(self.held[r] for r in requests))
        for (pool, s), terms in use.items():
            self.model.add(sum(terms) <= instance.units(pool, s))

    def picked(self, values: list[int]) -> list[int]:
        """Indices of the requests held in a solution given as the model's variable values."""
        return [r for r, held in enumerate(self.held) if values[held.index]]
