"""The CP-SAT model of an :class:`~.problem.Instance`: one small builder per named hard rule.

Variables: ``x[r, o]`` — request r is held with option o (a slot, a place, resources). Every rule
below is a method named after the rule, and its constraints carry the rule's name, so a model dump,
an infeasibility core and the validator speak the same language. Objective expressions (what the
lexicographic stages optimise) are built here too; :mod:`.solver` decides their order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from ortools.sat.python import cp_model

from matching.schedule.counting import CountingModel
from matching.schedule.problem import Instance, TravelTimes

RULES = (
    "participant double-booked", "pair met more than once", "resource over capacity", "travel time too short",
    "too many meetings", "too few meetings", "locked meeting moved", "precedence broken",
)
"""Names of the core's hard rules (must-meet is the first objective stage, or hard on request)."""


def send_to_pools(model: cp_model.CpModel, instance: Instance, slot: int, pools: tuple[str, ...],
                  variables: list[cp_model.IntVar]) -> tuple[cp_model.Constraint, dict[str, cp_model.IntVar]]:
    """Meetings of one slot that each take a unit of one of ``pools``, sent to those pools as an
    integer flow (exact by integrality): the flow constraint and the amount sent to each pool."""
    sent = {}
    for pool in pools:
        units = instance.units(pool, slot)
        if units:
            sent[pool] = model.new_int_var(0, min(units, len(variables)), f"send[{slot}:{'+'.join(pools)}->{pool}]")
    return model.add(sum(sent.values()) == sum(variables)), sent


class ScheduleModel(CountingModel):
    """Builds the model for an instance; ``x``, ``held`` and the objective expressions are public.

    ``settled``: participants whose meetings are all fixed (a neighbourhood's model, see
    :mod:`.neighbourhoods`), with their break counts: constants in :meth:`breaks`, where their
    break literals would fill most of a small neighbourhood's model."""

    def __init__(self, instance: Instance, *, assumable: bool = False, settled: Mapping[str, int] | None = None) -> None:
        super().__init__(instance, assumable=assumable)
        self.settled = dict(settled or {})
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        self.at: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
        self.at_place: dict[tuple[str, int, str], list[cp_model.IntVar]] = defaultdict(list)
        self.request_index = {r.id: i for i, r in enumerate(instance.requests)}
        self._breaks: tuple[cp_model.LinearExpr, dict[str, cp_model.LinearExpr]] | None = None
        self.break_literals: list[cp_model.IntVar] = []  # every break literal of :meth:`breaks`, once built
        self.break_counts: list[cp_model.LiteralT] = []  # "at least k breaks that day" (requested only)
        self.spread_bounded = False  # set by the solver's spread stage (the breaks stage then adds no bound)
        # Placing requested meetings (every request required), not choosing them: meeting counts are
        # fixed, so breaks are bounded by cores (.solver.BOUNDING), helped by per-participant counts and
        # one-run windows. When meetings are chosen the LP bounds breaks better, and those only slow it.
        self.requested_only = bool(instance.requests) and all(r.required for r in instance.requests)
        self._variables()
        self.pair_met_more_than_once()
        self.participant_double_booked()
        self.resource_over_capacity()
        self.travel_time_too_short()
        self.meeting_counts()
        self.locked_meeting_moved()
        self.precedence_broken()
        self.busy = self._busy()
        self.implied_constraints()

    # ------------------------------------------------------------ variables

    def _variables(self) -> None:
        for r, request in enumerate(self.instance.requests):
            for o, option in enumerate(request.options):
                var = self.model.new_bool_var(f"x[{request.id}@{option.slot}]")
                self.x[r, o] = var
                for person in (request.a, request.b):
                    self.at[person, option.slot].append(var)
                    self.at_place[person, option.slot, option.place].append(var)

    # ------------------------------------------------------------ hard rules

    def pair_met_more_than_once(self) -> None:
        """Each request is one meeting at most: ``held == sum(options)`` with ``held`` boolean."""
        for r, request in enumerate(self.instance.requests):
            held = self.model.new_bool_var(f"held[{request.id}]")
            options = [self.x[r, o] for o in range(len(request.options))]
            self.model.add(held == sum(options)).with_name(f"pair met more than once: {request.id}")
            self._hold(r, held)

    def participant_double_booked(self) -> None:
        """At most ``capacity`` meetings of a participant per slot."""
        for (person, slot), variables in self.at.items():
            capacity = self.participants[person].capacity
            if len(variables) > capacity:
                self.model.add(sum(variables) <= capacity).with_name(f"participant double-booked: {person} slot {slot}")

    def resource_over_capacity(self) -> None:
        """Per pool and slot, no more meetings than units (tables of a venue, interpreters of a kind).

        An option with ``any_of`` takes one unit from exactly one of those pools. Options of a slot
        with the same ``any_of`` form a class, and the classes send their meetings to pools as an
        integer flow (``send[slot, class, pool]``): exact by integrality, and a few integers per
        slot instead of one boolean per option and pool.
        """
        use: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
        classes: dict[tuple[int, tuple[str, ...]], list[cp_model.IntVar]] = defaultdict(list)
        for (r, o), var in self.x.items():
            option = self.instance.requests[r].options[o]
            for pool in option.resources:
                use[pool, option.slot].append(var)
            if len(option.any_of) == 1:
                use[option.any_of[0], option.slot].append(var)
            elif option.any_of:
                classes[option.slot, option.any_of].append(var)
        for (slot, pools), variables in classes.items():
            flow, sent = send_to_pools(self.model, self.instance, slot, pools, variables)
            flow.with_name(f"resource over capacity: {'|'.join(pools)} slot {slot}")
            for pool, send in sent.items():
                use[pool, slot].append(send)
        for (pool, slot), terms in use.items():
            available = self.instance.units(pool, slot)
            if len(terms) > available or any(not t.is_boolean for t in terms):
                self.model.add(sum(terms) <= available).with_name(f"resource over capacity: {pool} slot {slot}")

    def travel_time_too_short(self) -> None:
        """A participant at place P in slot s and at place Q in a later slot t of the day, with no
        meeting in between, needs the travel time from P to Q between the end of s and the start of
        t. Between its consecutive meetings only, as the rule reads: going P, R, Q it travels P-R
        and R-Q, however long P-Q would take. A participant with several representatives (capacity
        above 1) may split up, so its agenda is not one person's route: it has no travel rule (and
        with two meetings at P in slot s, the sum below would have forbidden Q in slot t whatever
        the travel)."""
        travel = TravelTimes(self.instance)
        if not travel:
            return
        slots = self.instance.slots
        places_of: dict[tuple[str, int], set[str]] = defaultdict(set)
        for person, slot, place in self.at_place:
            if travel.binds(person):
                places_of[person, slot].add(place)
        by_person: dict[str, list[int]] = defaultdict(list)
        for person, slot in places_of:
            by_person[person].append(slot)
        for person, person_slots in by_person.items():
            person_slots.sort()
            for i, s in enumerate(person_slots):
                for j, t in enumerate(person_slots[i + 1:], start=i + 1):
                    if slots[t].day != slots[s].day:
                        break
                    far = [(p, q) for p in sorted(places_of[person, s])  # sorted: a set's order follows hashing
                           for q in sorted(places_of[person, t]) if travel.too_far((s, p), (t, q))]
                    between = [var for u in person_slots[i + 1:j] for var in self.at[person, u]] if far else []
                    for p, q in far:
                        self.model.add(sum(self.at_place[person, s, p]) + sum(self.at_place[person, t, q])
                                       <= 1 + sum(between)).with_name(
                            f"travel time too short: {person} {p}@{s} -> {q}@{t}")

    def locked_meeting_moved(self) -> None:
        """A locked request is held in its locked slot."""
        for r, request in enumerate(self.instance.requests):
            if request.locked is None:
                continue
            chosen = [self.x[r, o] for o, option in enumerate(request.options) if option.slot == request.locked]
            self.demand(self.model.add(sum(chosen) == 1), f"locked meeting moved: {request.id}")

    def precedence_broken(self) -> None:
        """When both are held, ``before`` ends before ``after`` starts."""
        slots = self.instance.slots
        for precedence in self.instance.precedences:
            b, a = self.request_index[precedence.before], self.request_index[precedence.after]
            for ob, before in enumerate(self.instance.requests[b].options):
                for oa, after in enumerate(self.instance.requests[a].options):
                    if slots[after.slot].start < slots[before.slot].end:
                        self.demand(self.model.add_bool_or([self.x[b, ob].Not(), self.x[a, oa].Not()]),
                                    f"precedence broken: {precedence.before} before {precedence.after}")

    # ------------------------------------------------------------ derived variables

    def _busy(self) -> dict[tuple[str, int], cp_model.IntVar]:
        """busy[p, s] == (p has a meeting in slot s), exact in both directions."""
        busy = {}
        for (person, slot), variables in self.at.items():
            var = self.model.new_bool_var(f"busy[{person}@{slot}]")
            if self.participants[person].capacity == 1:
                self.model.add(var == sum(variables))
            else:
                self.model.add_max_equality(var, variables)
            busy[person, slot] = var
        return busy

    def implied_constraints(self) -> None:
        """Redundant counts that prune the search: per slot, busy participants = 2 x meetings (so
        at most 2 x tables, and even); when requested meetings are placed, per participant, busy
        slots = its meetings (which cores use; when meetings are chosen it only slowed the LP).

        Only exact when every participant meets one at a time.
        """
        if any(p.capacity > 1 for p in self.instance.participants):
            return
        per_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        per_person: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        meetings_in: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for (r, o), var in self.x.items():
            meetings_in[self.instance.requests[r].options[o].slot].append(var)
        for (person, slot), var in self.busy.items():
            per_slot[slot].append(var)
            per_person[person].append(var)
        for slot, variables in per_slot.items():
            self.model.add(sum(variables) == 2 * sum(meetings_in[slot]))
        if self.requested_only:
            for person, variables in per_person.items():
                self.model.add(sum(variables) == sum(self.meetings_of[person]))

    # ------------------------------------------------------------ objective expressions (and see CountingModel)

    def breaks(self) -> tuple[cp_model.LinearExpr, dict[str, cp_model.LinearExpr]]:
        """Total breaks and breaks per participant, each a sum of break literals.

        A break is a maximal idle run between a participant's first and last meeting of a day, so
        it is counted where a run of meetings begins after an earlier one: ``brk[s]`` is true
        exactly when the participant is busy at s, idle at s-1 and *has started* by s-2. Break
        literals and "has started" flags are tied to ``busy`` by equivalences, so the solver can
        neither hide a break nor invent one (which the spread bound ``d`` would otherwise reward). A
        sum of literals is what CP-SAT's core-based search bounds from below (see
        :data:`.solver.BOUNDING`). When requested meetings are placed, the total is the same number
        written in unary per participant and day (see :meth:`_count_breaks`); per participant it
        stays the break literals' sum.
        """
        if self._breaks is not None:  # built once: the spread and breaks stages share the variables
            return self._breaks
        slots = self.instance.slots
        days: dict[int, list[int]] = defaultdict(list)
        for index, slot in enumerate(slots):
            days[slot.day].append(index)
        per_person: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        for person, participant in self.participants.items():
            if not participant.compact or person in self.settled:
                continue
            for day_slots in days.values():
                sequence = [self.busy.get((person, s)) for s in day_slots]
                if sum(v is not None for v in sequence) >= 2:
                    per_person[person] += self._day_breaks(person, day_slots, sequence)
        totals = {p: self.settled[p] if p in self.settled else sum(per_person.get(p, []))
                  for p, participant in self.participants.items()
                  if participant.compact and (p in per_person or self.meetings_of.get(p))}
        if self.requested_only and self.break_counts:
            total = sum(self.break_counts) + sum(self.settled[p] for p in totals if p in self.settled)
        else:
            total = sum(totals.values())
        self._breaks = total, totals
        return self._breaks

    def _day_breaks(self, person: str, day_slots: list[int],
                    busy: list[cp_model.IntVar | None]) -> list[cp_model.IntVar]:
        """One participant's break literals for a day (``None``: a slot it cannot use, so idle)."""
        model = self.model
        started: list[cp_model.IntVar | None] = []  # busy at this slot or before
        for var in busy:
            before = started[-1] if started else None
            if before is None or var is None:
                started.append(var if before is None else before)
                continue
            now = model.new_bool_var(f"started[{person}@{day_slots[len(started)]}]")
            model.add_max_equality(now, [before, var])
            started.append(now)
        literals = []
        for i in range(2, len(busy)):
            if busy[i] is None or started[i - 2] is None:
                continue
            conditions = [busy[i], started[i - 2]] + ([busy[i - 1].Not()] if busy[i - 1] is not None else [])
            brk = model.new_bool_var(f"break[{person}@{day_slots[i]}]")
            model.add_bool_and(conditions).only_enforce_if(brk)
            model.add_bool_or([c.Not() for c in conditions] + [brk])
            literals.append(brk)
        self.break_literals += literals
        if literals and self.requested_only:
            one_run = self._one_run(person, day_slots[0], busy, literals)
            self._count_breaks(person, day_slots[0], literals, one_run)
        return literals

    def _one_run(self, person: str, day: int, busy: list[cp_model.IntVar | None],
                 literals: list[cp_model.IntVar]) -> cp_model.IntVar:
        """Implied: a day without breaks is one run, so its meetings lie in a window as long as
        their count. Assuming no break (as the core-based search does) then narrows every meeting
        of the participant to that window, where the break literals alone would wait for two
        meetings to be placed before excluding anything. Returns the day's "one run" literal."""
        model = self.model
        one_run = model.new_bool_var(f"one_run[{person}@{day}]")
        model.add_bool_and([brk.Not() for brk in literals]).only_enforce_if(one_run)
        model.add_bool_or([*literals, one_run])
        first = model.new_int_var(0, len(busy), f"first[{person}@{day}]")
        last = model.new_int_var(-1, len(busy) - 1, f"last[{person}@{day}]")  # last < first: no meeting
        for i, var in enumerate(busy):
            if var is not None:
                model.add(first <= i).only_enforce_if(var)
                model.add(last >= i).only_enforce_if(var)
        model.add(last - first + 1 <= sum(v for v in busy if v is not None)).only_enforce_if(one_run)
        return one_run

    def _count_breaks(self, person: str, day: int, literals: list[cp_model.IntVar],
                      one_run: cp_model.IntVar) -> None:
        """The day's breaks in unary: literal k is true exactly when there are at least k. Their sum
        equals the break literals' sum, and it is what the forums' breaks stage minimises: the
        core-based search then finds cores over participants' "at least one break" (one literal
        each) rather than over the slots a break could end at (a literal per slot), and on the
        literature's long AM/PM days it found plans with a third of the breaks in 60 s."""
        model = self.model
        total = sum(literals)
        most = min(len(literals), len(self.meetings_of.get(person, ())) - 1)
        counts = [one_run.Not()]
        for k in range(2, most + 1):
            at_least = model.new_bool_var(f"breaks_at_least_{k}[{person}@{day}]")
            model.add(total >= k).only_enforce_if(at_least)
            model.add(total <= k - 1).only_enforce_if(at_least.Not())
            model.add_implication(at_least, counts[-1])
            counts.append(at_least)
        self.break_counts += counts

    def moved(self) -> cp_model.LinearExpr | None:
        """Requests of the reference plan not held in their reference slot (stability)."""
        terms = []
        for r, request in enumerate(self.instance.requests):
            if request.reference is None:
                continue
            same = [self.x[r, o] for o, option in enumerate(request.options) if option.slot == request.reference]
            terms.append(1 - sum(same))
        return sum(terms) if terms else None

    def placement(self, values: Sequence[int]) -> dict[int, int]:
        """The placement (request index -> option index) held in a solution's values of every
        variable, as the solver's response or a copy of the model (same indices) gives them."""
        return {r: o for (r, o), var in self.x.items() if values[var.index]}

    def hint(self, chosen: dict[int, int], model: cp_model.CpModel | None = None) -> None:
        """Hint every x from a known placement (request index -> option index), in this model or in
        a copy of it (``model``, same variable indices)."""
        set_hint(model or self.model, [var.index for var in self.x.values()],
                 [int(chosen.get(r) == o) for r, o in self.x])


def set_hint(model: cp_model.CpModel, indices, values) -> None:
    """Replace the model's hint with these values of the variables at these proto indices: written
    into the proto at once (one ``add_hint`` per variable took 4-5 s on the large fair)."""
    model.clear_hints()
    model.proto.solution_hint.vars.extend(indices)
    model.proto.solution_hint.values.extend(values)
