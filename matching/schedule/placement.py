"""Put a chosen set of meetings into slots, one slot at a time (a constructive hint).

The selection relaxation (:mod:`.selection`) decides which meetings to hold; placing them is an
edge colouring of the participants' multigraph with slots as colours and tables, interpreters and
availability as side constraints. On a full buyer fair every slot must be filled to the last
table, and CP-SAT searching the whole timetable at once places only half of them in seconds. Slot
by slot it is easy: each slot takes a matching of the meetings left, chosen by a small CP-SAT model
that keeps the rest placeable (no participant, pool or interpreter left with more meetings than
the later slots can take: König's condition, looking ahead) and prefers participants who met in
the previous slot (compact agendas) and keeps the travel time from each participant's meeting
before. Precedences are left to the timetable model, which checks and completes the result.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from matching.schedule.clock import PLACE_SECONDS_PER_OPTION, Clock
from matching.schedule.model import send_to_pools
from matching.schedule.problem import Instance, Option, Request, TravelTimes
from matching.schedule.selection import common_resources, interpreter_set

LOOKAHEAD_PENALTY = 1000
"""Cost of one meeting more than the later slots can take (a soft constraint: a meeting may be dropped)."""
PLACED = 100
"""Value of placing a meeting now; a participant continuing from the previous slot adds ``CONTINUES``."""
CONTINUES = 10
URGENT = 20
"""Added per participant in proportion to its meetings left over the slots left (busiest first)."""
SLOT_SECONDS_FLOOR = 0.2
"""Least deterministic time a slot's model gets: below about 0.1, CP-SAT may not get through the
presolve of a full fair's first slot and returns no matching at all."""


def place_slot_by_slot(instance: Instance, picked: list[int], *, seconds_per_slot: float = 2.0,
                       seed: int = 0, clock: Clock | None = None) -> dict[int, int]:
    """Request index -> option index for as many of the picked requests as fit, slot by slot;
    each slot charged to ``clock`` for the meetings its model considered (see :mod:`.clock`)."""
    slots = instance.slots
    travel = TravelTimes(instance)
    last: dict[str, tuple[int, str]] = {}  # (slot, place) of a participant's latest meeting placed
    left = set(picked)
    chosen: dict[int, int] = {}
    busy_before: set[str] = set()
    for s, slot in enumerate(slots):
        if s and slots[s - 1].day != slot.day:
            busy_before = set()
        here = [(r, o) for r in sorted(left) for o, option in enumerate(instance.requests[r].options)
                if option.slot == s and not (travel and _too_far(travel, instance.requests[r], option, last))]
        if not here:
            busy_before = set()
            continue
        taken = _one_slot(instance, s, here, left, busy_before, max(seconds_per_slot, SLOT_SECONDS_FLOOR), seed)
        if clock is not None:
            clock.charge(PLACE_SECONDS_PER_OPTION * len(here))
        busy_before = set()
        for r, o in taken:
            chosen[r] = o
            left.discard(r)
            request = instance.requests[r]
            busy_before |= {request.a, request.b}
            last.update((person, (s, request.options[o].place)) for person in (request.a, request.b)
                        if travel.binds(person))
    return chosen


def _too_far(travel: TravelTimes, request: Request, option: Option, last: dict[str, tuple[int, str]]) -> bool:
    """Whether either participant the travel rule binds could not get to this option's place from
    its latest meeting: slot by slot, that meeting is the one just before this."""
    return any(person in last and travel.too_far(last[person], (option.slot, option.place))
               for person in (request.a, request.b))


def _one_slot(instance: Instance, s: int, here: list[tuple[int, int]], left: set[int], busy_before: set[str],
              seconds: float, seed: int) -> list[tuple[int, int]]:
    """The meetings slot ``s`` takes: a matching within its capacities that keeps the rest placeable."""
    model = cp_model.CpModel()
    requests = instance.requests
    z = {(r, o): model.new_bool_var(f"z[{r},{o}]") for r, o in here}
    of_request: dict[int, list] = defaultdict(list)
    of_pools: dict[frozenset[str], list] = defaultdict(list)
    of_person: dict[str, list] = defaultdict(list)
    use: dict[str, list] = defaultdict(list)
    classes: dict[tuple[str, ...], list] = defaultdict(list)
    for (r, o), var in z.items():
        request, option = requests[r], requests[r].options[o]
        of_request[r].append(var)
        of_pools[interpreter_set(request)].append(var)
        of_person[request.a].append(var)
        of_person[request.b].append(var)
        for pool in option.resources:
            use[pool].append(var)
        if option.any_of:
            classes[option.any_of].append(var)
    for variables in of_request.values():
        model.add_at_most_one(variables)
    capacity = {p.id: p.capacity for p in instance.participants}
    for person, variables in of_person.items():
        model.add(sum(variables) <= capacity[person])
    for pools, variables in classes.items():
        for pool, send in send_to_pools(model, instance, s, pools, variables)[1].items():
            use[pool].append(send)
    for pool, terms in use.items():
        model.add(sum(terms) <= instance.units(pool, s))
    penalties, pressure = _lookahead(instance, model, s, left, of_person, use, of_pools)
    value = []
    for (r, o), var in z.items():
        request = requests[r]
        continuing = (request.a in busy_before) + (request.b in busy_before)
        urgency = round(URGENT * (pressure[request.a] + pressure[request.b]))
        value.append((PLACED + CONTINUES * continuing + urgency) * var)
    model.maximize(sum(value) - LOOKAHEAD_PENALTY * sum(penalties))
    solver = cp_model.CpSolver()
    solver.parameters.max_deterministic_time = seconds  # the same matching however loaded the machine
    solver.parameters.max_time_in_seconds = 4 * seconds + 1
    solver.parameters.num_workers = 1
    solver.parameters.cp_model_presolve = False  # took 2/3 of a full fair's slot (1.3 of 2 s), and gained nothing
    solver.parameters.random_seed = seed
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return []
    return [key for key, var in z.items() if solver.boolean_value(var)]


def _lookahead(instance: Instance, model: cp_model.CpModel, s: int, left: set[int], of_person: dict[str, list],
               use: dict[str, list], of_pools: dict[frozenset[str], list]
               ) -> tuple[list[cp_model.IntVar], dict[str, float]]:
    """Excess variables (meetings a participant, a pool or an interpreter set would still have
    beyond what the slots after ``s`` can take) and each participant's pressure: meetings left over
    the slots left, 1 when every slot left must be used."""
    later_slots: dict[str, set[int]] = defaultdict(set)
    remaining: dict[str, int] = defaultdict(int)
    pool_users: dict[str, int] = defaultdict(int)
    pool_slots: dict[str, set[int]] = defaultdict(set)
    needing: dict[frozenset[str], int] = defaultdict(int)
    needing_slots: dict[frozenset[str], set[int]] = defaultdict(set)
    for r in left:
        request = instance.requests[r]
        later = {option.slot for option in request.options if option.slot > s}
        for person in (request.a, request.b):
            remaining[person] += 1
            later_slots[person] |= later
        for pool in common_resources(request):
            pool_users[pool] += 1
            pool_slots[pool] |= later
        pools = interpreter_set(request)
        if pools:
            needing[pools] += 1
            needing_slots[pools] |= later
    capacity = {p.id: p.capacity for p in instance.participants}
    excess = []
    pressure: dict[str, float] = defaultdict(float)
    for person, count in remaining.items():
        room = capacity[person] * len(later_slots[person])
        pressure[person] = count / (room + capacity[person])
        if count > room:
            over = model.new_int_var(0, count, f"over[{person}]")
            model.add(count - sum(of_person.get(person, [])) - room <= over)
            excess.append(over)
    for pool, count in pool_users.items():
        room = sum(instance.units(pool, t) for t in pool_slots[pool])
        if count > room:
            over = model.new_int_var(0, count, f"over[{pool}]")
            model.add(count - sum(use.get(pool, [])) - room <= over)
            excess.append(over)
    # Interpreters: the meetings left of each set, sent to its pools within their units after s (a
    # transportation flow: Hall's condition for every group of sets at once).
    sent_to: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for pools, count in needing.items():
        name = "+".join(sorted(pools))
        sent = []
        for pool in sorted(pools):
            if room := sum(instance.units(pool, t) for t in needing_slots[pools]):
                sent.append(model.new_int_var(0, min(room, count), f"later[{name}->{pool}]"))
                sent_to[pool].append(sent[-1])
        over = model.new_int_var(0, count, f"over[{name}]")
        model.add(count - sum(of_pools.get(pools, [])) - sum(sent) <= over)
        excess.append(over)
    for pool, sent in sent_to.items():
        model.add(sum(sent) <= sum(instance.units(pool, t) for t in range(s + 1, len(instance.slots))))
    return excess, pressure
