"""The breaks stage's own large-neighbourhood search: free a few participants' meetings, or a few
slots' meetings, and place them again with everything else where it is.

CP-SAT's neighbourhoods are generic (random variables, random constraints, the LP's solution). A
break belongs to one participant's day, and mending it means moving that participant's meetings
together with its partners' meetings, which those neighbourhoods rarely free together. From a
ragged start of 95 breaks on a 58-participant forum, this search reached 26-34 in 30-60 s where
CP-SAT's own search ended at 41-47; from a plan CP-SAT had already polished it found little. The
forums' parallel breaks search runs it beside CP-SAT's, and the breaks search on a fair's held
meetings after CP-SAT's (see :mod:`.solver`): on the Incheon fair it ends at 31-45 breaks (seeds
0-2) where CP-SAT alone ended at 51. Each move is searched on a model of its neighbourhood alone;
on the held meetings' model (49,000 elements) it ended at 45 with seed 0, on the whole model at 53.

Each neighbourhood is drawn by a seeded generator from the current plan, so the same start, seed
and sub-searches give the same moves: the search is as deterministic as the sub-searches it calls.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from matching.schedule.model import ScheduleModel
from matching.schedule.problem import Instance, idle_runs

PARTNERS = 5
"""Partners freed at first with a participant who has a break (its meetings and theirs are
re-placed)."""
WINDOW_SLOTS = 3
"""Length of the first slot window: every meeting in it is freed, with the meetings of two
participants who have breaks."""
LARGEST = {"partners": 12, "window": 6}
"""How large each kind of neighbourhood may grow. After a neighbourhood searched to the end, the
next of its kind is one larger (one more partner, one more slot), after one that was not, one
smaller, down to 1: the sizes a fair's moves can finish. Fixed at 5 partners and 2-4 slots, the
medium fair's slot windows (40-80 meetings) ran every one to its limit."""
PARTICIPANT_SHARE = 0.6
"""Share of neighbourhoods drawn around a participant; the rest are slot windows."""

NeighbourhoodSearch = Callable[[cp_model.CpModel], tuple[list[int], float, bool] | None]
"""Searches a neighbourhood's model (hinted with the current plan) and returns its values, objective
and whether it proved them best, or None when it found no plan."""
NeighbourhoodModel = Callable[[dict[int, int], set[int]], ScheduleModel | None]
"""The model of a plan (request index -> option index) with only the requests of the set free to
move: every other request of the plan has one option, its own (index 0), every request the plan
does not hold has none, and participants with nothing free are :attr:`~.model.ScheduleModel.settled`.
Its objective is the whole plan's breaks (the settled participants' count as constants); None when
nobody in it can have a break."""


def breaks_by_participant(built: ScheduleModel, chosen: dict[int, int]) -> dict[str, int]:
    """Each compact participant's breaks in a placement (request index -> option index)."""
    instance = built.instance
    busy: dict[tuple[str, int], set[int]] = defaultdict(set)
    for r, o in chosen.items():
        request = instance.requests[r]
        slot = request.options[o].slot
        for person in (request.a, request.b):
            busy[person, instance.slots[slot].day].add(slot)
    counts: dict[str, int] = defaultdict(int)
    for (person, _), slots in busy.items():
        if built.participants[person].compact:
            counts[person] += idle_runs(slots)
    return counts


def neighbourhood_instance(built: ScheduleModel, chosen: dict[int, int],
                           free: set[int] | None = None) -> tuple[Instance, dict[str, int]]:
    """The instance of a plan's meetings with only ``free`` ones movable (all of them when None):
    the others keep one option, their own, and the requests the plan does not hold none; and the
    participants with nothing free, with their breaks (see :data:`NeighbourhoodModel`)."""
    instance = built.instance
    free = set(chosen) if free is None else free
    requests = [request if r in free else request.model_copy(update={"options": [request.options[chosen[r]]]})
                if r in chosen else request.model_copy(update={"options": []})
                for r, request in enumerate(instance.requests)]
    moving = {person for r in free for person in (instance.requests[r].a, instance.requests[r].b)}
    breaks = breaks_by_participant(built, chosen)
    settled = {person: breaks.get(person, 0) for person, participant in built.participants.items()
               if participant.compact and person not in moving}
    return instance.model_copy(update={"requests": requests}), settled


def in_neighbourhood(chosen: dict[int, int], free: set[int]) -> dict[int, int]:
    """A plan in its neighbourhood model's option indices: a request that is not free has one
    option there, its own, at index 0 (see :data:`NeighbourhoodModel`)."""
    return {r: o if r in free else 0 for r, o in chosen.items()}


class AgendaSearch:
    """Improves the breaks of a plan (request index -> option index) by re-placing neighbourhoods
    of it, each searched on a model of its own (:data:`NeighbourhoodModel`): the requests it does
    not free have one option each, and the participants it does not touch no break literals. On
    the Incheon fair such a model has 10,000-20,000 elements where the whole plan's held
    meetings have 49,000, which CP-SAT loaded and presolved again for every move."""

    def __init__(self, built: ScheduleModel, chosen: dict[int, int], seed: int,
                 model_of: NeighbourhoodModel) -> None:
        self.built, self.chosen, self.model_of = built, dict(chosen), model_of
        self.objective = sum(breaks_by_participant(built, chosen).values())
        self.random = random.Random(seed)
        self.meetings_of: dict[str, list[int]] = defaultdict(list)
        for r in sorted(self.chosen):
            request = built.instance.requests[r]
            self.meetings_of[request.a].append(r)
            self.meetings_of[request.b].append(r)
        self.days: dict[int, list[int]] = defaultdict(list)
        for index, slot in enumerate(built.instance.slots):
            self.days[slot.day].append(index)
        self.moves = 0
        self.size = {"partners": PARTNERS, "window": WINDOW_SLOTS}

    def neighbourhood(self) -> tuple[str, set[int]]:
        """Its kind and the requests to free: a participant with breaks and some of its partners
        (``partners``), or a slot window (``window``)."""
        rng = self.random
        counts = breaks_by_participant(self.built, self.chosen)
        broken = sorted(p for p, n in counts.items() if n) or sorted(self.meetings_of)
        requests = self.built.instance.requests
        if rng.random() < PARTICIPANT_SHARE:
            person = rng.choice(broken)
            partners = sorted({q for r in self.meetings_of[person] for q in (requests[r].a, requests[r].b)} - {person})
            group = [person, *rng.sample(partners, min(self.size["partners"], len(partners)))]
            return "partners", {r for person in group for r in self.meetings_of[person]}
        day = self.days[rng.choice(sorted(self.days))]
        length = min(self.size["window"], len(day))
        first = rng.choice(day[:len(day) - length + 1])
        group = rng.sample(broken, min(2, len(broken)))
        window = {r for r, o in self.chosen.items() if first <= requests[r].options[o].slot < first + length}
        return "window", window | {r for person in group for r in self.meetings_of[person]}

    def step(self, search: NeighbourhoodSearch) -> bool:
        """Search one neighbourhood; keep its plan when no worse. True when the objective improved."""
        kind, free = self.neighbourhood()
        neighbourhood = self.model_of(self.chosen, free)
        if neighbourhood is None:
            return False
        neighbourhood.hint(in_neighbourhood(self.chosen, free))
        found = search(neighbourhood.model)
        grown = self.size[kind] + 1 if found is not None and found[2] else self.size[kind] - 1
        self.size[kind] = min(max(grown, 1), LARGEST[kind])
        if found is None or found[1] > self.objective:
            return False
        values, objective, _ = found
        improved = objective < self.objective
        placed = neighbourhood.placement(values)
        self.chosen = {r: o if r in free else self.chosen[r] for r, o in placed.items()}
        self.objective = objective
        self.moves += 1
        return improved
