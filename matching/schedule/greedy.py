"""A greedy timetable: the baseline the solver must beat, and its first hint.

Locked meetings first, then required ones, then rounds in which every fair participant (fewest
meetings first) takes its best remaining request that still fits, then whatever else fits by
weight. A request goes into the option that keeps both agendas compact (next to meetings they
already have), earliest first. Every hard rule of :mod:`.model` is respected, so the result is
feasible whenever it exists; it may simply hold fewer meetings than the optimum.
"""

from __future__ import annotations

from collections import defaultdict

from matching.schedule.problem import Instance, Option, Request, TravelTimes


class _State:
    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.participants = {p.id: p for p in instance.participants}
        self.busy: dict[tuple[str, int], int] = defaultdict(int)
        self.where: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.count: dict[str, int] = defaultdict(int)
        self.used: dict[tuple[str, int], int] = defaultdict(int)
        self.travel = TravelTimes(instance)
        self.chosen: dict[int, int] = {}

    def fits(self, request: Request, option: Option) -> str | None:
        """The pool an ``any_of`` option would take ('' when none is needed), or None when it does not fit."""
        slot = option.slot
        for person in (request.a, request.b):
            participant = self.participants[person]
            if self.busy[person, slot] >= participant.capacity:
                return None
            if participant.max_meetings is not None and self.count[person] >= participant.max_meetings:
                return None
            if not self._can_travel(person, slot, option.place):
                return None
        if any(not self._free(pool, slot) for pool in option.resources):
            return None
        if not option.any_of:
            return ""
        return next((pool for pool in option.any_of if self._free(pool, slot)), None)

    def _free(self, pool: str, slot: int) -> bool:
        """A unit of the pool is left in the slot (an unknown pool has none)."""
        return self.used[pool, slot] < self.instance.units(pool, slot)

    def _can_travel(self, person: str, slot: int, place: str) -> bool:
        """Travel from and to every other meeting of the day (all of them, not only the ones next
        to it: stricter than the rule when a detour is quicker, never looser). A participant with
        several representatives has no travel rule (see :mod:`.model`)."""
        if not self.travel or not self.travel.binds(person):
            return True
        return not any(self.travel.too_far((other, there), (slot, place))
                       for other, places in self.where[person].items() for there in places)

    def place(self, r: int, o: int, pool: str) -> None:
        request = self.instance.requests[r]
        option = request.options[o]
        for person in (request.a, request.b):
            self.busy[person, option.slot] += 1
            self.where[person][option.slot].add(option.place)
            self.count[person] += 1
        for resource in option.resources:
            self.used[resource, option.slot] += 1
        if pool:
            self.used[pool, option.slot] += 1
        self.chosen[r] = o

    def closeness(self, request: Request, option: Option) -> int:
        """Meetings of either participant in the neighbouring slots of the same day."""
        slots = self.instance.slots
        near = 0
        for person in (request.a, request.b):
            for other in (option.slot - 1, option.slot + 1):
                if 0 <= other < len(slots) and slots[other].day == slots[option.slot].day:
                    near += self.busy.get((person, other), 0)
        return near

    def try_place(self, r: int) -> bool:
        request = self.instance.requests[r]
        best = None
        for o, option in enumerate(request.options):
            if request.locked is not None and option.slot != request.locked:
                continue
            pool = self.fits(request, option)
            if pool is None:
                continue
            key = (-self.closeness(request, option), option.slot)
            if best is None or key < best[0]:
                best = (key, o, pool)
        if best is None:
            return False
        self.place(r, best[1], best[2])
        return True


def greedy(instance: Instance, start: dict[int, int] | None = None) -> dict[int, int]:
    """Request index -> option index of a feasible timetable (precedences are not considered).

    ``start`` (request index -> option index) is kept first, as far as it fits, and completed.
    """
    state = _State(instance)
    requests = instance.requests
    for r, o in sorted((start or {}).items()):
        pool = state.fits(requests[r], requests[r].options[o])
        if pool is not None:
            state.place(r, o, pool)
    order = sorted(range(len(requests)), key=lambda r: (-requests[r].weight, requests[r].id))
    for r in [r for r in order if requests[r].locked is not None] + [r for r in order if requests[r].required]:
        if r not in state.chosen:
            state.try_place(r)
    fair = [p.id for p in instance.participants if p.fair]
    queue: dict[str, list[int]] = defaultdict(list)
    for r in order:
        queue[requests[r].a].append(r)
        queue[requests[r].b].append(r)
    progress = True
    while progress:
        progress = False
        for person in sorted(fair, key=lambda p: (state.count[p], p)):
            target = state.participants[person].target
            if target is not None and state.count[person] >= target:
                continue
            while queue[person]:
                r = queue[person].pop(0)
                if r not in state.chosen and state.try_place(r):
                    progress = True
                    break
    for r in order:
        if r not in state.chosen:
            state.try_place(r)
    return state.chosen
