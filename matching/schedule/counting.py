"""What the timetable model and the selection relaxation share: meetings held and counted.

Both models have one ``held`` boolean per request and state the same *demands* (meeting counts,
must-meet) and *objective expressions* (required held, worst-off, shortfall, score) over those
booleans, so a stage value proved on one holds on the other. :mod:`.model` adds when and where;
:mod:`.selection` adds aggregated capacities instead.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from matching.schedule.problem import Instance


class CountingModel:
    """A CP-SAT model with ``held`` per request (filled by the subclass), demands and objectives."""

    def __init__(self, instance: Instance, *, assumable: bool = False) -> None:
        self.instance = instance
        self.model = cp_model.CpModel()
        self.assumable = assumable
        self.assumptions: dict[str, cp_model.IntVar] = {}
        self.held: list[cp_model.IntVar] = []
        self.meetings_of: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        self.participants = {p.id: p for p in instance.participants}

    def _hold(self, r: int, held: cp_model.IntVar) -> None:
        """Register request r's ``held`` variable with both participants' counts."""
        request = self.instance.requests[r]
        self.held.append(held)
        self.meetings_of[request.a].append(held)
        self.meetings_of[request.b].append(held)

    def demand(self, constraint: cp_model.Constraint, name: str) -> None:
        """Name a constraint that states a demand (counts, locks, precedences, must-meet).

        In an assumable model each demand is enforced by a literal of its own, passed to CP-SAT as
        an assumption, so an infeasible model yields the demands that cannot hold together.
        """
        constraint.with_name(name)
        if self.assumable:
            literal = self.assumptions.get(name)
            if literal is None:
                literal = self.assumptions[name] = self.model.new_bool_var(name)
            constraint.only_enforce_if(literal)

    def meeting_counts(self) -> None:
        """Between min and max meetings per participant (min only when it has that many requests)."""
        for person, participant in self.participants.items():
            meetings = self.meetings_of.get(person, [])
            if participant.max_meetings is not None and len(meetings) > participant.max_meetings:
                self.demand(self.model.add(sum(meetings) <= participant.max_meetings), f"too many meetings: {person}")
            if participant.min_meetings:
                self.demand(self.model.add(sum(meetings) >= participant.min_meetings), f"too few meetings: {person}")

    def must_meet(self) -> None:
        """Every required request is held (the first objective stage, or hard on request)."""
        for r, request in enumerate(self.instance.requests):
            if request.required:
                self.demand(self.model.add(self.held[r] == 1), f"must-meet not placed: {request.id}")

    def required_held(self) -> cp_model.LinearExpr:
        return sum(self.held[r] for r, request in enumerate(self.instance.requests) if request.required)

    def required_count(self) -> int:
        return self.instance.required_count()

    def count(self, person: str) -> cp_model.LinearExpr:
        return sum(self.meetings_of.get(person, []))

    def fair_participants(self) -> list[str]:
        return [p.id for p in self.instance.participants if p.fair and p.target]

    def worst_off(self) -> cp_model.IntVar | None:
        """The smallest min(meetings, target) over fair participants (raise the worst-off first)."""
        fair = self.fair_participants()
        if not fair:
            return None
        top = max(self.participants[p].target or 0 for p in fair)
        worst = self.model.new_int_var(0, top, "worst_off")
        for person in fair:
            self.model.add(worst <= self.count(person))
            self.model.add(worst <= (self.participants[person].target or 0))
        return worst

    def shortfall(self) -> cp_model.LinearExpr | None:
        """Total meetings missing below targets."""
        fair = self.fair_participants()
        if not fair:
            return None
        total = []
        for person in fair:
            target = self.participants[person].target or 0
            short = self.model.new_int_var(0, target, f"short[{person}]")
            self.model.add(short >= target - self.count(person))
            total.append(short)
        return sum(total)

    def score(self) -> cp_model.LinearExpr:
        return sum(request.weight * self.held[r] for r, request in enumerate(self.instance.requests))
