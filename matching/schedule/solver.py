"""Lexicographic solving: solve a stage, fix its value, hint the solution, solve the next stage.

Stages, in order (each skipped when it does not apply):

1. ``required``  — place as many must-meet / requested meetings as possible;
2. ``worst_off`` — raise the worst-off fair participant (min of meetings and target);
3. ``shortfall`` — then the total shortfall below targets;
4. ``score``     — total match score;
5. ``spread``    — when a spread bound ``d`` is set: how far the break counts exceed ``d``, driven
   to 0 from a start that need not keep ``d``, so the breaks stage never starts without a plan,
   and a proved positive value proves that no timetable of the meetings the stages before kept
   does (the plan says so in ``objectives["spread"]``; it used to be returned without ``d``);
6. ``breaks``    — compact agendas: fewer breaks, ``d`` kept at the spread stage's value;
7. ``moved``     — stability against a reference plan (re-planning).

Re-planning passes :data:`REPLAN_STAGES`, which puts ``moved`` right after ``required``: a change
disturbs as few published meetings as possible before anything else is improved.

Each stage gets the time left divided by the stages left, so a stage that proves optimality early
passes its time on. Ctrl-C stops the search and keeps the best plan found so far.

Selection first: the stages 1-4 only count meetings, so they are solved first on the aggregated
relaxation (:mod:`.selection`, one boolean per request), whose values bound the timetable's. When
its choice of meetings can be placed in slots as it is, the timetable reaches those values and the
stages are proved optimal without searching the large model; the timetable search then only
compacts the agendas. Otherwise every stage runs on the timetable model, and the relaxation still
tightens the reported bounds.

Breaks on the held meetings: the breaks stage first searches a model of the held meetings alone
(the counting stages' values need no others): CP-SAT, then the agenda neighbourhoods when it has
not proved its plan; then the whole model from that plan when that search proved its part
(:func:`_compact_held`).

Forums' breaks: first bottom-up, a ladder of caps "at most K breaks?" from K = 0, each proved
infeasible raising the bound, until one finds a timetable (optimal) or is undecided
(:func:`_breaks_ladder`); then, unless it found one, minimised. In a parallel run the agenda
neighbourhoods (:mod:`.neighbourhoods`) search beside CP-SAT's core-based search once it has
searched a third of what is left alone (:func:`_breaks_side_by_side`); the deterministic run keeps
CP-SAT's search alone.

Reproducibility: by default every search is *deterministic*: CP-SAT's interleaved search
(``interleave_search``: the same portfolio of workers as the parallel search, LNS included, run in
batches whose results are merged in a fixed order) limited in deterministic time, so the same
instance, seed and worker count give the same plan on a machine fast enough for the time limit.
The limits are shares of the time left on the run's :class:`~matching.schedule.clock.Clock`, which
charges each piece of work for what it did, never for how long it took, so the shares repeat too
(when they came from the wall clock, the medium fair once ended 2 breaks apart). A search the wall
clock stopped first is noted (see :class:`_Solver`), and since that run can no longer repeat, the
rest of it reads the wall clock and searches in parallel. A single worker asked for a named
full-problem worker (the selection's LP, the forums' cores) runs that worker alone, sequentially,
which is deterministic too.

``parallel=True`` lets the workers share solutions as they come: it proves some plans sooner (the
forums), but which of several equally good timetables it returns varies from run to run. So when every stage is proved optimal, a final *canonical* pass
fixes all stage values and solves once more deterministically on one worker, hinted with the
deterministic greedy timetable: the same instance and seed then give the same plan. It may take no
longer than the search did; when it fails, the parallel plan is returned, marked not reproducible.
After a core-based proof (forums) it has a second at most: one worker without the cores did not
find those plans again (see :data:`CORED_CANONICAL_SECONDS`).
"""

from __future__ import annotations

import math
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import takewhile
from typing import NamedTuple

from ortools.sat.python import cp_model

from matching.schedule.clock import (BUILD_SECONDS_PER_ELEMENT, GUARD_SECONDS, Clock, Search, deterministic_limit,
                                     elements, overhead, search_charge)
from matching.schedule.counting import CountingModel
from matching.schedule.greedy import greedy
from matching.schedule.model import ScheduleModel, set_hint
from matching.schedule.neighbourhoods import AgendaSearch, NeighbourhoodSearch, neighbourhood_instance
from matching.schedule.placement import place_slot_by_slot
from matching.schedule.problem import Instance, Solution
from matching.schedule.selection import SelectionModel

STAGES = ("required", "worst_off", "shortfall", "score", "spread", "breaks", "moved")
FORUM_STAGES = ("required", "spread", "breaks")
REPLAN_STAGES = ("required", "moved", "worst_off", "shortfall", "score", "spread", "breaks")
MAXIMISE = {"required", "worst_off", "score"}
SELECTION = ("required", "worst_off", "shortfall", "score")
"""Stages that only count meetings: solved on the selection relaxation first."""
SELECTION_SHARE = 0.3
"""Part of the time limit the relaxation and the placement of its choice may take."""
PLACEMENT_ROUNDS = 3
"""Choices of meetings tried: after one that does not fit, no more meetings than were placed."""
BOUNDING = {"spread": ("core",), "breaks": ("core",)}
"""Stages whose full-problem worker is CP-SAT's core-based search rather than ``default_lp`` when
requested meetings are placed (every request required: business forums).

Breaks are sums of break literals, and when meetings are placed rather than chosen the linear
relaxation bounds them by about 0. The core-based search bounds a sum of literals from
unsatisfiable cores (meetings of a participant that cannot all be in one run, given its slots and
everyone else's), as the MaxSAT solvers that prove the forum literature's optima do. When meetings
are chosen (missions, fairs) the LP proves the breaks in seconds where the cores did not in 60 s,
so ``default_lp`` stays. The placement and LNS workers run beside it either way. Used with 2
workers or more."""

SELECTING = ("max_lp",)
"""The selection relaxation's full-problem worker: the LP at its fullest linearization, with cuts.
The relaxation is an integer linear program (one boolean per request and a transportation flow);
on the Incheon fair ``default_lp`` neither proved nor found the best worst-off firm in 120 s,
where ``max_lp`` proves it in 0.2 s.

It searches first, *unhinted*, *to prove*, and *without neighbourhoods*: CP-SAT's full-problem
worker follows a hint decision by decision with the LP at each one, which on the large fair's
8,889 requests took 27-44 s a stage, where unhinted the LP proves the score at its root in 1.4 s
(over fixed counting stages the score is a transportation problem, whose LP is nearly integral);
Incheon's three stages took 3.1 s against 6.7 s hinted. The LNS workers only improve a plan the
proof does not need, and each neighbourhood costs far more seconds than it counts in
deterministic time: without them Incheon's stages took 0.2-0.4 s against 1.1-2.0 s, the medium
fair's 0.2-3.1 against 0.6-4.4. So the search is limited in deterministic time at the slowest
rate measured (:attr:`~matching.schedule.clock.Search.PROVING`), like every other deterministic
search: whether it proves the stage is the same in every run. When it does not, the stage goes
on with :data:`FOLLOWING`, and the LP search's bound stands."""
SELECTING_SHARE = 0.5
"""Part of a selection stage's time the LP search may take to prove it."""
FOLLOWING = ("no_lp",)
"""The worker that searches a selection stage from the plan before when the LP search did not
prove it: without the LP it follows the hint at once, and the LNS workers beside it improve the
plan. On the large fair the LP found no worst-off plan as good as 5 in 43 s unhinted, 27 s hinted;
from the previous plan this search reached 5 in 1.7-2.2 s, proved by the bound the presolve
already had (the smallest target). From the unproved LP search's plan it did not in 15 s."""

HOLDING = ("no_lp", "quick_restart_no_lp")
"""The full-problem workers of a deterministic breaks search with the held meetings fixed. The
interleaved search runs every full-problem worker's first chunk, in which it follows the hint
decision by decision, before any LNS: with the LP at each decision that took the large fair's
held search (262,466 variables) 2.5 minutes for ``default_lp`` and ``max_lp`` each, so no
neighbourhood ran and the plan kept the 680 breaks of its start. Without the LP they follow it in
seconds and the LNS workers run: Incheon's plan ended at 51-61 breaks against 85 (the parallel
search's 50-58), the large fair's at 639-645. The LP's bound is the whole model's search's to find.
On one worker (``--workers 1``) they interleave with the neighbourhoods the same way, where the
one LP worker alone left Incheon at its start's 87 breaks (56-57 with these) and took the pavilion's
proof from 11 s to 32 s."""
ONE_WORKER = {"max_lp": {"linearization_level": 2}, "no_lp": {"linearization_level": 0},
              "core": {"optimize_with_core": True}}
"""The parameters that make the single worker of a one-worker solve (``--workers 1``) search as
the named full-problem worker does: ``subsolvers`` only chooses among parallel workers, so without
these a one-worker selection on Incheon ended at worst-off 0 against 4, unproved."""
ONE_WORKER_DEFAULTS = {"linearization_level": 1, "optimize_with_core": False}

ALONE = 1 / 3
"""Part of a breaks search CP-SAT makes alone before the agenda neighbourhoods join it: beside it
on a forum (see :func:`_breaks_side_by_side`), after it on the held meetings of a fair (see
:func:`_compact_held`; on Incheon a sixth gave 43 breaks, a third 44-45, three fifths 45; with
each move on its neighbourhood's own model, a tenth 51, a fifth 44, a third 39)."""
HELD_SEARCH_OPTIONS = 100_000
"""Most options of the held meetings for CP-SAT to search them before the agenda moves (see
:func:`_compact_held`). Incheon's 483 meetings have 11,000 (a model of 49,000 elements): CP-SAT
takes them from 82 breaks to 59 in its third of the stage. The medium fair's 960 have about
23,000 (110,000 elements): 188 to 182, no better than the moves alone. The large fair's 4,788
have about 172,000 (615,000 elements): it found nothing in 100 s, still following the hint, and
building and completing its model took 15 s more; the moves given that time end at 664 breaks
against 681."""
MOVE_SECONDS = 1.0
"""Seconds one agenda neighbourhood's search may take."""

LADDER_SHARE = 0.25
"""Most of a forum's breaks stage the bottom-up ladder may take (see :func:`_breaks_ladder`). On
the literature's 20 real forums it proved tic-14crafc (its first rung found a timetable without a
break, where minimising had ended at 3 in 60 s), forum-13 in 8.8 s against 41.8, and raised the
bound of three of the seven left unproved from 0 to 1. An undecided rung's time is taken from the
minimising search: with half the stage, eight of twenty forum-like forums that the cores prove in
2-17 s took 25-51 s (a rung undecided at the minimum the minimising search finds at once)."""

CORED_CANONICAL_SECONDS = 1.0
"""Wall seconds the canonical pass may take after a core-based proof (see :func:`_canonical_seconds`).
With 5 s or as long as the search took, it found the plan of none of forum-like-00, 02, 05, 10, 12
and 17 again, and took 40-67 % of their runs (3.2-16.1 s after proofs of 1.8-20 s); the
hand-made forums of the tests it finds in hundredths of a second."""

CLOCK_GUARD = 1.25
"""A deterministic search is stopped by the wall clock at this multiple of its share (plus
:data:`~matching.schedule.clock.GUARD_SECONDS`), and never after the run's time limit; a plan whose
search the clock stopped may not repeat exactly, and says so."""


Progress = Callable[[str, float, float, float], None]
"""Called with (stage, seconds, objective, bound) on each improving solution."""


class _Solver(cp_model.CpSolver):
    """CP-SAT's solver, spending shares of a run's :class:`~matching.schedule.clock.Clock`.

    :func:`_parameters` sets the share and the kind of search; :meth:`solve` turns the share into
    limits for the model at hand (a deterministic one from the model's size, a wall-clock guard,
    never past the run's limit) and charges the clock for what the search did. A deterministic
    search that the wall clock stopped rather than its deterministic limit is noted: that search,
    and the plan built on it, may not repeat, so the run reads the wall clock from then on and
    searches in parallel. A parallel search is meant to end on the clock, so never is."""

    def __init__(self, parallel: bool = False, clock: Clock | None = None) -> None:
        super().__init__()
        self.parallel = parallel
        self.clock = clock or Clock(math.inf, deterministic=not parallel)
        self.share = 0.0  # seconds of the clock the next search may take
        self.search: Search | None = None  # how it runs when limited in deterministic time
        self.wall: float | None = None  # a wall-clock limit of its own, instead of the guard and the run's limit

    @property
    def deterministic(self) -> bool:
        """Whether searches still repeat: not parallel, and no search of this run was stopped by
        the clock (after that the run cannot repeat, so the rest of it searches in parallel)."""
        return not self.parallel and self.clock.deterministic

    @property
    def clock_stopped(self) -> bool:
        """Whether the wall clock stopped a deterministic search of this run (any solver on its clock)."""
        return not self.parallel and not self.clock.deterministic

    def solve(self, model: cp_model.CpModel,
              solution_callback: cp_model.CpSolverSolutionCallback | None = None) -> cp_model.CpSolverStatus:
        size = elements(model.proto)
        parameters = self.parameters
        if self.search is None:
            parameters.max_deterministic_time = math.inf
            seconds = self.share
        else:
            share = self.share if self.wall is not None else min(self.share, _last_share(self.clock, size))
            parameters.max_deterministic_time = deterministic_limit(self.search, size, share)
            seconds = _guard(share)
        if self.wall is not None:
            seconds = self.wall
        else:  # stop in time to complete the plan once more within the run's limit
            seconds = min(seconds, max(self.clock.wall_left() - overhead(size), 0.05))
        parameters.max_time_in_seconds = seconds
        status = super().solve(model, solution_callback)
        if self.search is not None:  # a parallel search charges nothing: its run reads the wall clock
            spent = self.response_proto.deterministic_time
            self.clock.charge(search_charge(self.search, size, spent))
            if status in (cp_model.FEASIBLE, cp_model.UNKNOWN) and spent < parameters.max_deterministic_time:
                self.clock.wall()
        return status


def _guard(share: float) -> float:
    """The wall-clock limit of a deterministic search given ``share`` seconds (see :data:`CLOCK_GUARD`)."""
    return share * CLOCK_GUARD + GUARD_SECONDS


def _stage_share(clock: Clock, stages_left: int, most: float = math.inf) -> float:
    """A stage's seconds: the time left split evenly over the stages still to run, no more than
    ``most`` (its share, once a start or the ladder has used part of it), and never under 0.05."""
    return max(min(most, clock.left() / stages_left), 0.05)


def _last_share(clock: Clock, size: int) -> float:
    """The most a deterministic search may take of the clock's time left and keep its wall-clock
    guard (:data:`CLOCK_GUARD`) before the run's limit: the last search of a run (a fair's breaks)
    is given all that is left, and with its guard cut to the limit, a machine 5 % slower than the
    rates of :mod:`.clock` stopped it there (Incheon: 19.2 of 20.3 deterministic seconds in 53.6 s),
    so its plan could not repeat."""
    return max((clock.left() - overhead(size)) / CLOCK_GUARD, 0.05)


@dataclass
class _Reporter(cp_model.CpSolverSolutionCallback):
    stage: str
    started: float
    progress: Progress | None

    def __post_init__(self) -> None:
        cp_model.CpSolverSolutionCallback.__init__(self)

    def on_solution_callback(self) -> None:
        self.report(self.objective_value, self.best_objective_bound)

    def report(self, objective: float, bound: float, by: str = "") -> None:
        """Pass an improving plan's figures on (``by``: what found it, when not CP-SAT's search)."""
        if self.progress is not None:
            self.progress(f"{self.stage} ({by})" if by else self.stage, time.monotonic() - self.started,
                          objective, bound)


def _applies(built: ScheduleModel, stage: str) -> bool:
    """Whether a stage has anything to optimise in this instance (before building it)."""
    instance = built.instance
    if stage == "required":
        return built.required_count() > 0
    if stage in ("worst_off", "shortfall"):
        return bool(built.fair_participants())
    if stage == "score":
        return any(r.weight for r in instance.requests)
    if stage == "breaks":
        return any(p.compact for p in instance.participants)
    if stage == "spread":
        return instance.break_spread is not None and any(p.compact for p in instance.participants)
    if stage == "moved":
        return any(r.reference is not None for r in instance.requests)
    if stage == "feasible":
        return True
    raise ValueError(f"unknown stage {stage!r}; stages are {', '.join(STAGES)}")


def _stage_expression(built: CountingModel, stage: str):
    """What a stage optimises (built only when :func:`_applies`); None when nothing is left to do."""
    if stage == "required":
        return built.required_held()
    if stage == "worst_off":
        return built.worst_off()
    if stage == "shortfall":
        return built.shortfall()
    if stage == "score":
        return built.score()
    if stage == "breaks":
        total, per_person = built.breaks()
        if isinstance(total, int):  # nobody can have a break
            return None
        if built.instance.break_spread is not None and not built.spread_bounded:
            _spread(built, per_person, built.instance.break_spread)
        return total
    if stage == "spread":
        total, per_person = built.breaks()
        if isinstance(total, int):
            return None
        built.spread_bounded = True  # fixed at its value once solved: the breaks stage keeps it
        return _spread_excess(built, per_person, built.instance.break_spread)
    if stage == "moved":
        return built.moved()
    return None


def _spread(built: ScheduleModel, per_person: dict, d: int) -> None:
    """A participant's break count exceeds the smallest by at most d: no excess (a hard bound)."""
    built.model.add(_spread_excess(built, per_person, d) == 0).with_name("break spread")


def _spread_excess(built: ScheduleModel, per_person: dict, d: int):
    """How far the break counts exceed the smallest plus d, summed over participants: 0 exactly
    when they are at most d apart. A sum, so every participant brought back within d counts (the
    search sees progress, and the core-based search bounds each term), where the single largest
    excess would show none until the last one is."""
    model = built.model
    top = len(built.instance.slots)
    lowest = model.new_int_var(0, top, "fewest_breaks")
    excess = []
    for person, count in per_person.items():
        model.add(lowest <= count)
        if isinstance(count, int):  # cannot have a break
            continue
        over = model.new_int_var(0, top, f"breaks_beyond_d[{person}]")
        model.add(over >= count - lowest - d)
        excess.append(over)
    return sum(excess)


def solve(instance: Instance, *, time_limit: float = 60.0, seed: int = 0, workers: int = 2,
          parallel: bool = False, stages: tuple[str, ...] = STAGES, required_hard: bool = False,
          hint: dict[str, int] | None = None, heuristics: bool = True, progress: Progress | None = None) -> Solution:
    """Solve the instance stage by stage; returns the placements and each stage's value and bound.

    The search is deterministic unless ``parallel`` (see the module docstring).
    ``heuristics=False`` skips the selection relaxation and the slot-by-slot placements, which pay
    off on large free models; a mostly locked instance (re-planning) is quicker solved on the
    timetable model itself, from the hint.
    """
    clock = Clock(time_limit, deterministic=not parallel)
    started = clock.started
    built = ScheduleModel(instance)
    if required_hard:
        built.must_meet()
    chosen = _hint_from_slots(instance, hint) if hint else greedy(instance)
    clock.charge(BUILD_SECONDS_PER_ELEMENT * elements(built.model.proto))
    start_from = dict(chosen)
    solved_any = False
    objectives: dict[str, float] = {}
    bounds: dict[str, float] = {}
    statuses: dict[str, str] = {}
    stopped = False
    solver = _Solver(parallel, clock)
    interrupted = {"flag": False}

    def on_sigint(signum, frame) -> None:  # Ctrl-C: stop the search, keep the best plan
        interrupted["flag"] = True
        solver.stop_search()

    values, _ = _complete(built, chosen, seed, clock)
    stages = tuple(stage for stage in stages if _applies(built, stage)) or ("feasible",)
    previous_handler = signal.signal(signal.SIGINT, on_sigint) if _main_thread() else None
    try:
        relaxed = _Relaxed({}, {}, {}) if not heuristics else _select_first(
            built, stages, solver, required_hard, chosen, time_limit * SELECTION_SHARE, seed, workers, progress)
        if relaxed.complete and not interrupted["flag"]:
            chosen, solved_any = relaxed.placed, True
            for stage, value in relaxed.objectives.items():
                if relaxed.statuses[stage] != "OPTIMAL":
                    break  # left to the timetable model, hinted with this plan
                _fix(built, stage, _stage_expression(built, stage), value)
                objectives[stage], bounds[stage], statuses[stage] = value, relaxed.bounds[stage], "OPTIMAL"
            values, _ = _complete(built, chosen, seed, clock)
        elif relaxed.placed:  # most of the choice placed: a better start than greedy
            completed, _ = _complete(built, relaxed.placed, seed, clock)
            if completed is not None:
                chosen, values = relaxed.placed, completed
        for position, stage in enumerate(stages):
            if stage in objectives or interrupted["flag"]:
                continue
            size = len(built.model.proto.variables)
            expression = _stage_expression(built, stage)
            if expression is None and (solved_any or position + 1 < len(stages)):
                continue  # nothing to optimise here; the last stage still runs to find a plan
            if len(built.model.proto.variables) != size:  # new variables: complete the hint again
                values, _ = _complete(built, chosen, seed, clock)
            share = _stage_share(clock, len(stages) - position)
            if expression is not None:
                if stage in MAXIMISE:
                    built.model.maximize(expression)
                else:
                    built.model.minimize(expression)
            whole_model = True  # search the whole model (after the held meetings' search proved its part)
            valued = None  # the objective of ``values`` when the held search gave it
            if stage == "breaks" and expression is not None and heuristics:
                chosen, values = _compact_start(built, clock, chosen, values, share / 4, seed)
                if not built.requested_only:  # placing requested meetings, every request is held anyway
                    reporter = _Reporter(f"{stage} (held meetings)", started, progress)
                    chosen, values, valued, whole_model = _compact_held(built, solver, chosen, values,
                                                                        min(share, clock.left()), seed, workers,
                                                                        reporter, objectives,
                                                                        lambda: interrupted["flag"])
            found = None  # (values, objective, bound) of the stage's search
            if not whole_model and values is not None:
                status = cp_model.UNKNOWN  # the held search used the stage's time (see _compact_held)
            else:
                _hint(built, values, chosen)
                share = _stage_share(clock, len(stages) - position, share)  # the start took some of it
                reporter = _Reporter(stage, started, progress)
                forum_breaks = stage == "breaks" and built.requested_only and heuristics and expression is not None
                floor = 0  # breaks the ladder proved no timetable has fewer of
                status = cp_model.UNKNOWN
                if forum_breaks:
                    floor, found = _breaks_ladder(built, solver, share * LADDER_SHARE, seed, workers, reporter,
                                                  lambda: interrupted["flag"])
                    status = cp_model.OPTIMAL if found is not None else status
                    share = _stage_share(clock, len(stages) - position, share)  # the ladder took some of it
                if found is None and not interrupted["flag"]:
                    if forum_breaks and parallel and workers > 1 and values is not None:
                        status, found = _breaks_side_by_side(built, clock, values, objectives, share, seed,
                                                             reporter, lambda: interrupted["flag"], floor)
                    else:
                        _parameters(solver, share, seed, workers, _bounding(built, stage))
                        status = solver.solve(built.model, reporter)
                        found = _found(solver, status)
                if found is not None and floor > found[2]:
                    found = found[0], found[1], float(floor)
                    status = cp_model.OPTIMAL if found[1] <= floor else status
            statuses[stage] = solver.status_name(status)
            if status == cp_model.UNKNOWN and values is not None and not interrupted["flag"]:
                # Out of time before CP-SAT reported anything (presolve of a big model can take the
                # whole share), but the hint is a complete feasible plan: keep it, with its value.
                hinted, value = (values, valued) if valued is not None else _complete(built, chosen, seed, clock)
                if hinted is not None:
                    values, statuses[stage] = hinted, "FEASIBLE"
                    solved_any = True
                    if expression is not None:
                        objectives[stage] = value
                        bounds[stage] = relaxed.tighten(stage, _trivial_bound(built, stage), objectives)
                        _fix(built, stage, expression, value)
                    continue
            if found is None:
                if not solved_any:
                    return Solution(placements=[], status=statuses[stage], objectives=objectives, bounds=bounds,
                                    stages=statuses, seconds=round(time.monotonic() - started, 2),
                                    stopped=interrupted["flag"])
                stopped = True
                break  # keep the previous stage's plan
            values, value, bound = found
            chosen = built.placement(values)
            solved_any = True
            if expression is not None:
                objectives[stage] = value
                bounds[stage] = relaxed.tighten(stage, bound, objectives)
                if bounds[stage] == value:
                    statuses[stage] = "OPTIMAL"
                _fix(built, stage, expression, value)
            if interrupted["flag"]:
                stopped = True
                break
        stopped = stopped or interrupted["flag"]
        if not solved_any:  # interrupted before any plan
            return Solution(placements=[], status="UNKNOWN", stages=statuses, seconds=round(time.monotonic() - started, 2),
                            stopped=True)
        proved = all(status == "OPTIMAL" for status in statuses.values()) and not stopped
        reproducible = solver.deterministic and not stopped
        if proved and parallel:
            spent = time.monotonic() - started
            canonical = _canonical(built, solver, start_from, seed, _canonical_seconds(built, statuses, spent,
                                                                                      time_limit))
            reproducible = canonical is not None and not interrupted["flag"]
            chosen = canonical or chosen
    finally:
        if previous_handler is not None:
            signal.signal(signal.SIGINT, previous_handler)
    return Solution(placements=instance.placements(chosen), status="OPTIMAL" if proved else "FEASIBLE", objectives=objectives,
                    bounds=bounds, stages=statuses, seconds=round(time.monotonic() - started, 2), stopped=stopped,
                    reproducible=reproducible)


def _fix(built: CountingModel, stage: str, expression, value: float) -> None:
    """Keep a solved stage at its value while the later stages run (an integer: a plan's value may
    come as a float, and a sum of terms cannot be compared with one)."""
    value = round(value)
    built.model.add(expression >= value if stage in MAXIMISE else expression <= value)


@dataclass
class _Relaxed:
    """What the selection relaxation found: stage values, bounds and statuses, and a timetable
    placing its choice: ``complete`` when every chosen meeting is in it and it keeps every rule."""

    objectives: dict[str, float]
    bounds: dict[str, float]
    statuses: dict[str, str]
    placed: dict[int, int] | None = None
    complete: bool = False

    def tighten(self, stage: str, bound: float, reached: dict[str, float]) -> float:
        """The tighter of the timetable model's bound and the relaxation's, which holds while the
        earlier stages reached at least the relaxation's values."""
        if stage not in self.bounds:
            return bound
        for earlier in SELECTION[:SELECTION.index(stage)]:
            if earlier in self.objectives and reached.get(earlier) != self.objectives[earlier]:
                return bound
        relaxed = self.bounds[stage]
        return min(bound, relaxed) if stage in MAXIMISE else max(bound, relaxed)


def _select_first(built: ScheduleModel, stages: tuple[str, ...], solver: _Solver, required_hard: bool,
                  start: dict[int, int], seconds: float, seed: int, workers: int,
                  progress: Progress | None) -> _Relaxed:
    """Solve the counting stages on the selection relaxation, from the meetings of ``start`` (the
    greedy plan: the first stage would take a third of a large fair's time to find as good a
    choice), then place its choice in slots."""
    relaxed = _Relaxed({}, {}, {})
    selecting = list(takewhile(lambda stage: stage in SELECTION, stages))  # the relaxation cannot see later ones
    if not selecting:
        return relaxed
    clock = solver.clock
    deadline = clock.now() + seconds
    selection = SelectionModel(built.instance, required_hard=required_hard)
    clock.charge(BUILD_SECONDS_PER_ELEMENT * elements(selection.model.proto))
    values, _ = _assignment(selection.model, [(held, int(r in start)) for r, held in enumerate(selection.held)], seed,
                            clock)
    last = None
    for position, stage in enumerate(selecting):
        expression = _stage_expression(selection, stage)
        if expression is None:
            continue
        if last is not None:
            _fix(selection, *last)
        if stage in MAXIMISE:
            selection.model.maximize(expression)
        else:
            selection.model.minimize(expression)
        seconds_left = max((deadline - clock.now()) / (len(selecting) - position + 1), 0.05)
        solved = _solve_selection(selection, solver, stage, relaxed, values, seconds_left, seed, workers,
                                  _Reporter(f"{stage} (selection)", clock.started, progress))
        if solved is None:
            return relaxed
        values = solved
        last = (stage, expression, relaxed.objectives[stage])
    for attempt in range(PLACEMENT_ROUNDS):
        picked = selection.picked(values)
        placed, relaxed.complete = _place(built, solver, picked, deadline, seed, workers)
        relaxed.placed = placed if relaxed.complete else greedy(built.instance, placed)
        if relaxed.complete or clock.now() > deadline or attempt + 1 == PLACEMENT_ROUNDS:
            break
        # Some chosen meetings did not fit: choose again, no more meetings than were placed.
        selection.model.add(sum(selection.held) <= len(placed))
        solved = _solve_selection(selection, solver, last[0], relaxed, values, (deadline - clock.now()) / 3, seed,
                                  workers, None, keep_bound=True)
        if solved is None:
            break
        values = solved
    return relaxed


def _solve_selection(selection: SelectionModel, solver: _Solver, stage: str, relaxed: _Relaxed, hint: list[int] | None,
                     seconds: float, seed: int, workers: int, reporter: _Reporter | None,
                     keep_bound: bool = False) -> list[int] | None:
    """Solve one stage on the selection model, from the plan ``hint``, in two searches (see
    :data:`SELECTING`, :data:`FOLLOWING`); record its value, bound and status; return the plan
    (None when neither search found one)."""
    clock = solver.clock
    deadline = clock.now() + seconds
    model = selection.model
    model.clear_hints()
    _parameters(solver, seconds * SELECTING_SHARE, seed, workers, SELECTING, proving=True)
    status = solver.solve(model, reporter)
    found, bound = None, None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        found, bound = (round(solver.objective_value), list(solver.response_proto.solution)), solver.best_objective_bound
    if status not in (cp_model.OPTIMAL, cp_model.INFEASIBLE) and deadline > clock.now():
        _hint_values(model, hint)  # the plan before, not an unproved LP plan (see FOLLOWING)
        _parameters(solver, deadline - clock.now(), seed, workers, FOLLOWING)
        status = solver.solve(model, reporter)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            tighter = min if stage in MAXIMISE else max
            following = solver.best_objective_bound
            bound = following if bound is None or status == cp_model.OPTIMAL else tighter(bound, following)
            found = (round(solver.objective_value), list(solver.response_proto.solution))
    if found is None:
        return None
    value, values = found
    if not keep_bound:
        relaxed.bounds[stage] = bound
    relaxed.objectives[stage] = value
    relaxed.statuses[stage] = "OPTIMAL" if relaxed.bounds[stage] == value else "FEASIBLE"
    return values


def _place(built: ScheduleModel, solver: _Solver, picked: list[int], deadline: float, seed: int,
           workers: int) -> tuple[dict[int, int], bool]:
    """As many picked requests as fit in a timetable: slot by slot, then (when some are left out)
    CP-SAT on the timetable model with exactly the picked ones held, hinted with that; and whether
    every picked request is placed with every rule kept."""
    clock = solver.clock
    slots = max(len(built.instance.slots), 1)
    placed = place_slot_by_slot(built.instance, picked, seconds_per_slot=(deadline - clock.now()) / slots,
                                seed=seed, clock=clock)
    if len(placed) == len(picked) and _complete(built, placed, seed, clock)[0] is not None:
        return placed, True
    probe = _holding(built, set(picked))
    built.hint(placed, probe)
    _parameters(solver, max((deadline - clock.now()) / 4, 0.5), seed, workers)
    if solver.solve(probe) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return placed, False
    return built.placement(solver.response_proto.solution), True


def _compact_start(built: ScheduleModel, clock: Clock, chosen: dict[int, int], values: list[int] | None,
                   seconds: float, seed: int) -> tuple[dict[int, int], list[int] | None]:
    """The same meetings placed again slot by slot, preferring participants who met in the slot
    before, when that keeps every rule and has fewer breaks: the breaks stage's start (the
    score stage moves meetings freely and leaves agendas ragged)."""
    replaced = place_slot_by_slot(built.instance, sorted(chosen), seed=seed, clock=clock,
                                  seconds_per_slot=max(seconds / max(len(built.instance.slots), 1), 0.05))
    if len(replaced) < len(chosen):
        return chosen, values
    candidate, breaks = _complete(built, replaced, seed, clock)
    current, now = _complete(built, chosen, seed, clock)
    if candidate is not None and (current is None or breaks < now):
        return replaced, candidate
    return chosen, values


def _holding(built: ScheduleModel, held: set[int]) -> cp_model.CpModel:
    """A copy of the timetable model (same variable indices) that holds exactly the requests ``held``."""
    probe = built.model.clone()
    for r, var in enumerate(built.held):
        probe.add(probe.get_bool_var_from_proto_index(var.index) == int(r in held))
    return probe


class _Held(NamedTuple):
    """What the breaks search on the held meetings left (see :func:`_compact_held`)."""

    chosen: dict[int, int]
    values: list[int] | None
    objective: int | None
    """The breaks of ``values``, None when the search found no plan (``values`` is then its start)."""
    proved: bool
    """Whether the search proved its plan best for these meetings."""


def _compact_held(built: ScheduleModel, solver: _Solver, chosen: dict[int, int], values: list[int] | None,
                  seconds: float, seed: int, workers: int, reporter: _Reporter | None,
                  objectives: dict[str, float] | None = None, interrupted: Callable[[], bool] = lambda: False) -> _Held:
    """The current objective (breaks) improved with exactly the meetings of ``chosen`` held, from
    ``values``, the same plan when nothing better is found; with its value, so that a stage that
    keeps it need not complete the plan again.

    The counting stages only fix their values; the same meetings keep them. On a fair most
    requests are not held, and their options fill the model and the search's neighbourhoods: in
    60 s the Incheon fair ended at 40-50 breaks against 66-68, the medium fair at 168-178 against
    179-184. So this search takes the breaks stage's whole time, on a model of the held meetings
    alone (:func:`_held_model`: 49,000 elements on Incheon against 71,000, and the pavilion's
    breaks proved in 8 s against 20). CP-SAT searches it for :data:`ALONE` of the time (when it
    is no larger than :data:`HELD_SEARCH_OPTIONS`); when it has not proved its plan, or was not
    searched, the agenda neighbourhoods (:mod:`.neighbourhoods`) take the rest, each move on one
    worker, deterministic: CP-SAT's own search crawls there (Incheon: 59 breaks after a third, 51
    at the end), where they free a participant's meetings with its partners' and end at 31-45
    (seeds 0-2). When the plan is proved best for these meetings (every bundled mission), the
    whole model searches on from it, so the bound and the proof are the whole model's. When it is
    not (the fairs), the whole model is not searched: given the tenth of the stage it once had, it
    returned nothing on Incheon, the medium and the large fair alike, its workers still following
    the hint."""
    if values is None:
        return _Held(chosen, values, None, False)
    clock = solver.clock
    deadline = clock.now() + seconds
    objectives = objectives or {}
    placed, proved, bound = chosen, False, 0.0
    if sum(len(built.instance.requests[r].options) for r in chosen) <= HELD_SEARCH_OPTIONS:
        held = _held_model(built, chosen, objectives, clock)
        if held is None:  # these meetings leave nobody a break to have: their plan is best
            return _Held(chosen, values, None, True)
        start, _ = _complete(held, chosen, seed, clock)
        if start is None:  # cannot happen: the held model is the whole model with the others dropped
            return _Held(chosen, values, None, False)
        _hint_values(held.model, start)
        _parameters(solver, max(min(seconds * ALONE, deadline - clock.now()), 0.05), seed, workers,
                    HOLDING if solver.deterministic else ())
        status = solver.solve(held.model, reporter)
        found = _found(solver, status)
        if found is not None:  # else out of time before CP-SAT reported a plan: the moves go on from the start
            placed, bound = held.placement(found[0]), found[2]
        proved = status == cp_model.OPTIMAL
    if not proved and not interrupted():
        agenda = _agenda_search(built, placed, objectives, seed, clock)
        move = _move_search(clock, deadline, seed)
        floor = math.ceil(bound - 1e-6)
        # Room for the last move, the completion, and the wall clock running ahead of the charges
        # (Incheon in the benchmark's process: the clock stopped its last move at 60.0 s).
        last = deadline - MOVE_SECONDS - overhead(elements(built.model.proto)) - GUARD_SECONDS
        while clock.now() < last and agenda.objective > floor and not interrupted():
            if agenda.step(move) and reporter is not None:
                reporter.report(agenda.objective, bound, "agenda moves")
        placed, proved = agenda.chosen, agenda.objective <= floor
    completed, objective = _complete(built, placed, seed, clock)
    if completed is None:  # cannot happen either
        return _Held(chosen, values, None, False)
    return _Held(placed, completed, objective, proved)


def _held_model(built: ScheduleModel, chosen: dict[int, int], objectives: dict[str, float],
                clock: Clock | None = None, free: set[int] | None = None) -> ScheduleModel | None:
    """The timetable model of the meetings of ``chosen`` alone, every one held, each solved stage
    kept at its value, minimising breaks; None when they leave nobody a break to have. The other
    requests stay, without options (never held), so request indices, counts, the spread's smallest
    break count and the moved meetings read as in the whole model, and the option indices of the
    held ones are the whole model's. With ``free``, an agenda neighbourhood's model: only those
    requests move (see :func:`.neighbourhoods.neighbourhood_instance`). Its building is charged
    to ``clock``."""
    instance, settled = neighbourhood_instance(built, chosen, free)
    held = ScheduleModel(instance, settled=settled)
    for r in chosen:
        held.model.add(held.held[r] == 1)
    for stage, value in objectives.items():
        expression = _stage_expression(held, stage)
        if expression is not None:
            _fix(held, stage, expression, value)
    breaks = _stage_expression(held, "breaks")
    if breaks is None:
        return None
    held.model.minimize(breaks)
    if clock is not None:
        clock.charge(BUILD_SECONDS_PER_ELEMENT * elements(held.model.proto))
    return held


def _agenda_search(built: ScheduleModel, chosen: dict[int, int], objectives: dict[str, float], seed: int,
                   clock: Clock) -> AgendaSearch:
    """Agenda moves from the plan ``chosen``, each on its neighbourhood's held model (see
    :func:`_held_model`), whose building the clock is charged for."""
    return AgendaSearch(built, chosen, seed, lambda plan, free: _held_model(built, plan, objectives, clock, free))


def _move_search(clock: Clock, deadline: float, seed: int) -> NeighbourhoodSearch:
    """How an agenda neighbourhood is searched: one worker, deterministic, :data:`MOVE_SECONDS` at
    most and never past ``deadline`` on the run's clock."""
    moves = _Solver(clock=clock)

    def move(model: cp_model.CpModel) -> tuple[list[int], float, bool] | None:
        _parameters(moves, max(min(MOVE_SECONDS, deadline - clock.now()), 0.05), seed, 1, sequential=True)
        status = moves.solve(model)
        found = _found(moves, status)
        return found and (found[0], found[1], status == cp_model.OPTIMAL)

    return move


def _found(solver: _Solver, status: cp_model.CpSolverStatus) -> tuple[list[int], int, float] | None:
    """The values, objective and bound of a search that found a plan; None when it found none."""
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return list(solver.response_proto.solution), round(solver.objective_value), solver.best_objective_bound


def _breaks_ladder(built: ScheduleModel, solver: _Solver, seconds: float, seed: int, workers: int,
                   reporter: _Reporter, interrupted: Callable[[], bool]) -> tuple[int, tuple[list[int], int, float] | None]:
    """Breaks bottom-up, when requested meetings are placed (forums): is there a timetable with
    at most K breaks? K from 0 up, each rung a feasibility search with that cap, no objective
    and no hint, in what is left of the ladder's ``seconds``. A rung proved infeasible raises K;
    one that finds a timetable ends the ladder with it, proved optimal; one undecided ends it
    with the floor proved so far, which the minimising search after it starts from. Returns the
    floor and the timetable found (values, breaks, bound) or None.

    The cap propagates where the objective does not: with K = 0 every break literal is false at
    once, and each participant's meetings must form one run. On tic-14crafc the first rung finds
    a timetable without a break in 11.5 s, where minimising ended at 3 breaks in 60 s; given 20 s,
    tic-13crafc's rungs prove at least 2, where the core-based bound stayed at 0."""
    clock = solver.clock
    deadline = clock.now() + seconds
    floor = 0
    while clock.now() < deadline - 0.05 and not interrupted():
        rung = built.model.clone()
        rung.clear_objective()
        rung.clear_hints()
        rung.add(sum(rung.get_bool_var_from_proto_index(var.index) for var in built.break_literals) <= floor)
        _parameters(solver, deadline - clock.now(), seed, workers)
        status = solver.solve(rung)
        if status == cp_model.INFEASIBLE:
            floor += 1
            continue
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            values = list(solver.response_proto.solution)
            breaks = sum(values[var.index] for var in built.break_literals)
            reporter.report(breaks, floor, "breaks ladder")
            return floor, (values, breaks, float(floor))
        break
    return floor, None


def _breaks_side_by_side(built: ScheduleModel, clock: Clock, values: list[int], objectives: dict[str, float],
                         share: float, seed: int, reporter: _Reporter, interrupted: Callable[[], bool],
                         floor: int = 0) -> tuple[cp_model.CpSolverStatus, tuple[list[int], int, float] | None]:
    """Breaks when requested meetings are placed (forums) in a parallel run: CP-SAT's search (its
    cores bound the breaks, see :data:`BOUNDING`) on a thread of its own for the whole share, and
    when it has not proved its plan after :data:`ALONE` of it, the agenda neighbourhoods
    (:mod:`.neighbourhoods`) beside it, from the stage's start, until the cores prove a plan, the
    neighbourhoods reach the cores' bound, or the share is spent. The status, and the better plan
    with the cores' bound.

    Beside, not in turns: a core search stopped for the neighbourhoods and started again lost its
    cores, and with them two of the nineteen forum-like instances it had proved in 60 s. Only after
    a while: the third thread slows the two search workers on two cores, and most forums are
    proved before it starts. From the stage's start, not from CP-SAT's plan: from a plan CP-SAT had
    polished to 44 breaks they found nothing better in 40 neighbourhoods, from the start's 95 they
    went down to 32-34 where CP-SAT's own search ended at 41-47."""
    cores = _Solver(parallel=True, clock=clock)
    _parameters(cores, share, seed, 2, _bounding(built, "breaks"))
    deadline = clock.now() + share
    bound = [float(floor)]  # the ladder's floor until the cores prove more
    cores.best_bound_callback = lambda value: bound.__setitem__(0, max(value, floor))
    result: list[cp_model.CpSolverStatus] = []
    search = threading.Thread(target=lambda: result.append(cores.solve(built.model, reporter)), daemon=True)
    search.start()
    alone_until = clock.now() + share * ALONE
    while search.is_alive() and clock.now() < alone_until and not interrupted():
        search.join(0.1)
    agenda = None
    if search.is_alive() and not interrupted():
        agenda = _agenda_search(built, built.placement(values), objectives, seed, clock)
        move = _move_search(clock, deadline, seed)

        while search.is_alive() and clock.now() < deadline and not interrupted():
            if agenda.step(move):
                reporter.report(agenda.objective, bound[0], "agenda moves")
            if agenda.objective <= math.ceil(bound[0] - 1e-6):
                break
    cores.stop_search()
    search.join()
    status = result[0]
    found = _found(cores, status)
    proved = max(bound[0], found[2] if found else 0.0)
    if agenda is not None and (found is None or agenda.objective < found[1]):
        completed, _ = _complete(built, agenda.chosen, seed, clock)
        if completed is not None:
            found = completed, agenda.objective, proved
            status = cp_model.OPTIMAL if agenda.objective <= math.ceil(proved - 1e-6) else cp_model.FEASIBLE
    return status, found


def _bounding(built: ScheduleModel, stage: str) -> tuple[str, ...]:
    """The full-problem workers that bound this stage: the cores when every meeting is requested
    (see :data:`BOUNDING`), else none named (CP-SAT's default portfolio)."""
    return BOUNDING.get(stage, ()) if built.requested_only else ()


def _canonical_seconds(built: ScheduleModel, statuses: dict[str, str], spent: float, time_limit: float) -> float:
    """Wall seconds the canonical pass may take: no more than the search took nor than the time
    left, but at least 5 s; no more than :data:`CORED_CANONICAL_SECONDS` when the core-based search
    proved a stage (:data:`BOUNDING`, forums), whose plans one worker without the cores rarely
    finds again."""
    if any(_bounding(built, stage) for stage in statuses):
        return max(min(time_limit - spent, CORED_CANONICAL_SECONDS), 0.05)
    return max(min(time_limit - spent, spent), 5.0)


def _canonical(built: ScheduleModel, solver: _Solver, start_from: dict[int, int], seed: int,
               seconds: float) -> dict[int, int] | None:
    """A deterministic timetable with every stage at its proved value (see the module docstring), or
    None when one is not found within ``seconds`` of wall time (see :func:`_canonical_seconds`;
    deterministic time for at most 30 s)."""
    built.model.clear_objective()
    built.hint(start_from)
    _parameters(solver, min(seconds, 30.0), seed, 1, sequential=True, wall=seconds)
    if solver.solve(built.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return built.placement(solver.response_proto.solution)


def _complete(built: ScheduleModel, chosen: dict[int, int], seed: int,
              clock: Clock | None = None) -> tuple[list[int] | None, float]:
    """Values of every variable for a placement and the current objective's value there, or
    (None, 0) when the placement breaks a rule.

    CP-SAT repairs partial hints poorly on big models; a complete hint (breaks, picks, counts)
    makes each stage start from a feasible point.
    """
    return _assignment(built.model, [(var, int(chosen.get(r) == o)) for (r, o), var in built.x.items()], seed, clock)


def _assignment(model: cp_model.CpModel, fixed: list[tuple[cp_model.IntVar, int]], seed: int,
                clock: Clock | None = None) -> tuple[list[int] | None, float]:
    """Values of every variable of ``model`` with the ``fixed`` ones at their values, and the
    objective's value there; (None, 0) when that breaks a constraint. Charged to ``clock``, never
    stopped by its limit (a plan's completion is not a search)."""
    probe = model.clone()
    set_hint(probe, [var.index for var, _ in fixed], [value for _, value in fixed])
    solver = _Solver(clock=clock)
    _parameters(solver, 10.0, seed, 1, sequential=True, wall=_guard(10.0))
    solver.parameters.fix_variables_to_their_hinted_value = True  # far quicker than one constraint each
    if solver.solve(probe) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return list(solver.response_proto.solution), round(solver.objective_value)
    return None, 0.0


def _trivial_bound(built: ScheduleModel, stage: str) -> float:
    """A bound that needs no search: what a stage could reach if nothing else constrained it."""
    instance = built.instance
    if stage == "required":
        return built.required_count()
    if stage == "worst_off":
        return max((p.target or 0) for p in instance.participants if p.fair)
    if stage == "score":
        return sum(r.weight for r in instance.requests)
    return 0.0


def _hint(built: ScheduleModel, values: list[int] | None, chosen: dict[int, int]) -> None:
    """Hint every variable when values are known, else the placement variables."""
    if values is None:
        built.hint(chosen)
    else:
        _hint_values(built.model, values)


def _hint_values(model: cp_model.CpModel, values: list[int] | None) -> None:
    """Hint every variable of the model with its value (nothing when there are none)."""
    if values is not None:
        set_hint(model, range(len(values)), values)


def _parameters(solver: _Solver, seconds: float, seed: int, workers: int, subsolvers: tuple[str, ...] = (),
                sequential: bool = False, proving: bool = False, wall: float | None = None) -> None:
    """Set the solver's next search to take ``seconds`` of the run's clock. Deterministic while the
    solver is (see :attr:`_Solver.deterministic`): CP-SAT's interleaved search, or one sequential
    worker when asked for (``sequential``: a fixed completion, the canonical pass) or when a single
    worker is to run a named full-problem worker (see :data:`ONE_WORKER`), limited in deterministic
    time (see :mod:`.clock`). Parallel: wall time, the workers sharing solutions as they come.
    ``subsolvers`` name the full-problem workers (see :data:`BOUNDING`, :data:`SELECTING`).
    ``proving``: the full-problem workers search with no neighbourhoods beside them (see
    :data:`SELECTING`). ``wall``: a wall-clock limit of its own, whatever the run's limit (a
    completion, the canonical pass)."""
    holding = subsolvers == HOLDING  # interleaved with its neighbourhoods on one worker too
    sequential = sequential or workers == 1 and bool(subsolvers) and not holding
    deterministic = sequential or solver.deterministic
    parameters = solver.parameters
    parameters.random_seed = seed
    parameters.num_workers = workers
    parameters.interleave_search = deterministic and not sequential
    parameters.subsolvers.clear()
    for name, value in ONE_WORKER_DEFAULTS.items():  # the solver is reused: reset what a stage set
        setattr(parameters, name, value)
    if workers > 1 or holding:
        parameters.subsolvers.extend(subsolvers)
    else:
        for subsolver in subsolvers:
            for name, value in ONE_WORKER[subsolver].items():
                setattr(parameters, name, value)
    parameters.use_lns = not proving
    solver.share, solver.wall = seconds, wall
    if not deterministic:
        solver.search = None
    elif proving:
        solver.search = Search.PROVING
    elif holding:
        solver.search = Search.HOLDING if workers > 1 else Search.HOLDING_ALONE
    elif sequential or workers == 1:  # one worker interleaving the portfolio runs at a sequential pace
        solver.search = Search.SEQUENTIAL
    else:
        solver.search = Search.INTERLEAVED


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
    return threading.current_thread() is threading.main_thread()
