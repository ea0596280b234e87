"""Lexicographic solving: solve a stage, fix its value, hint the solution, solve the next stage.

Stages, in order (each skipped when it does not apply):

1. ``required``  — place as many must-meet / requested meetings as possible;
2. ``worst_off`` — raise the worst-off fair participant (min of meetings and target);
3. ``shortfall`` — then the total shortfall below targets;
4. ``score``     — total match score;
5. ``breaks``    — compact agendas: fewer breaks (with the optional spread bound ``d``);
6. ``moved``     — stability against a reference plan (re-planning).

Each stage gets the time left divided by the stages left, so a stage that proves optimality early
passes its time on. Runs are deterministic for a seed: CP-SAT workers interleave deterministically
and stop on deterministic time. Ctrl-C stops the search and keeps the best plan found so far.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from matching.schedule.model import ScheduleModel
from matching.schedule.problem import Instance, Placement, Solution

STAGES = ("required", "worst_off", "shortfall", "score", "breaks", "moved")
MAXIMISE = {"required", "worst_off", "score"}

Progress = Callable[[str, float, float, float], None]
"""Called with (stage, seconds, objective, bound) on each improving solution."""


@dataclass
class _Reporter(cp_model.CpSolverSolutionCallback):
    stage: str
    started: float
    progress: Progress | None

    def __post_init__(self) -> None:
        cp_model.CpSolverSolutionCallback.__init__(self)

    def on_solution_callback(self) -> None:
        if self.progress is not None:
            self.progress(self.stage, time.monotonic() - self.started, self.objective_value, self.best_objective_bound)


def _stage_expression(built: ScheduleModel, stage: str):
    if stage == "required":
        return built.required_held() if built.required_count() else None
    if stage == "worst_off":
        return built.worst_off()
    if stage == "shortfall":
        return built.shortfall()
    if stage == "score":
        return built.score() if any(r.weight for r in built.instance.requests) else None
    if stage == "breaks":
        total, per_person = built.breaks()
        if not per_person:
            return None
        if built.instance.break_spread is not None:
            _spread(built, per_person, built.instance.break_spread)
        return total
    if stage == "moved":
        return built.moved()
    raise ValueError(f"unknown stage {stage!r}; stages are {', '.join(STAGES)}")


def _spread(built: ScheduleModel, per_person: dict, d: int) -> None:
    """A participant's break count exceeds the smallest by at most d."""
    model = built.model
    horizon = len(built.instance.slots)
    lowest = model.new_int_var(0, horizon, "fewest_breaks")
    model.add_min_equality(lowest, list(per_person.values()))
    for person, count in per_person.items():
        model.add(count <= lowest + d).with_name(f"break spread: {person}")


def solve(instance: Instance, *, time_limit: float = 60.0, seed: int = 0, workers: int = 2,
          stages: tuple[str, ...] = STAGES, required_hard: bool = False, hint: dict[str, int] | None = None,
          progress: Progress | None = None) -> Solution:
    """Solve the instance stage by stage; returns the placements and each stage's value and bound."""
    started = time.monotonic()
    built = ScheduleModel(instance)
    if required_hard:
        for r, request in enumerate(instance.requests):
            if request.required:
                built.model.add(built.held[r] == 1).with_name(f"must-meet not placed: {request.id}")
    chosen = _hint_from_slots(instance, hint) if hint else None
    objectives: dict[str, float] = {}
    bounds: dict[str, float] = {}
    status_name = "UNKNOWN"
    stopped = False
    solver = cp_model.CpSolver()
    interrupted = {"flag": False}

    def on_sigint(signum, frame) -> None:  # Ctrl-C: stop the search, keep the best plan
        interrupted["flag"] = True
        solver.stop_search()

    expressions = [(stage, _stage_expression(built, stage)) for stage in stages]
    expressions = [(stage, expr) for stage, expr in expressions if expr is not None] or [("feasible", None)]
    previous_handler = signal.signal(signal.SIGINT, on_sigint) if _main_thread() else None
    try:
        for position, (stage, expression) in enumerate(expressions):
            left = time_limit - (time.monotonic() - started)
            share = max(left / (len(expressions) - position), 0.05)
            if expression is not None:
                if stage in MAXIMISE:
                    built.model.maximize(expression)
                else:
                    built.model.minimize(expression)
            if chosen is not None:
                built.hint(chosen)
            _parameters(solver, share, seed, workers)
            status = solver.solve(built.model, _Reporter(stage, started, progress))
            status_name = solver.status_name(status)
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                if chosen is None:
                    return Solution(placements=[], status=status_name, objectives=objectives, bounds=bounds,
                                    seconds=round(time.monotonic() - started, 2), stopped=interrupted["flag"])
                break  # keep the previous stage's plan
            chosen = {r: o for (r, o), var in built.x.items() if solver.boolean_value(var)}
            if expression is not None:
                value = round(solver.objective_value)
                objectives[stage] = value
                bounds[stage] = solver.best_objective_bound
                built.model.add(expression >= value if stage in MAXIMISE else expression <= value)
            if interrupted["flag"]:
                stopped = True
                break
    finally:
        if previous_handler is not None:
            signal.signal(signal.SIGINT, previous_handler)
    placements = [Placement(request=instance.requests[r].id, slot=instance.requests[r].options[o].slot,
                            place=instance.requests[r].options[o].place) for r, o in sorted(chosen.items())]
    return Solution(placements=placements, status=status_name, objectives=objectives, bounds=bounds,
                    seconds=round(time.monotonic() - started, 2), stopped=stopped)


def _parameters(solver: cp_model.CpSolver, seconds: float, seed: int, workers: int) -> None:
    parameters = solver.parameters
    parameters.random_seed = seed
    parameters.num_workers = workers
    parameters.interleave_search = True
    parameters.max_deterministic_time = seconds
    parameters.max_time_in_seconds = 4 * seconds + 1  # a guard: deterministic time governs


def _hint_from_slots(instance: Instance, slots: dict[str, int]) -> dict[int, int]:
    """Request index -> option index from request id -> slot."""
    chosen = {}
    for r, request in enumerate(instance.requests):
        slot = slots.get(request.id)
        for o, option in enumerate(request.options):
            if option.slot == slot:
                chosen[r] = o
                break
    return chosen


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()
