"""Plan a scenario end to end: candidates, instance, lexicographic solve, named plan, validation.

This is the one door through which a plan leaves the engine: every plan it returns has passed the
independent validator (:mod:`matching.validate`), and one that does not is a bug, raised as
:class:`PlanBroken` rather than handed to anyone.
"""

from __future__ import annotations

from collections.abc import Sequence

from matching.candidates import find_candidates
from matching.domain import Candidate, Meeting, Plan, Scenario
from matching.explain import explain_infeasible, thin_notes, unplaceable_note, unplaceable_notes
from matching.kpis import plan_kpis
from matching.schedule.instance import MissionInstance, build_instance
from matching.schedule.plan import to_plan
from matching.schedule.problem import Solution
from matching.schedule.solver import STAGES, Progress, solve
from matching.validate import Violation, check_plan


class PlanningError(Exception):
    """The scenario cannot be planned as asked; ``reasons`` say why in the user's terms."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("\n".join(reasons))


class PlanBroken(Exception):
    """The engine produced a plan the validator rejects: a bug, never the user's fault."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        super().__init__("\n".join(v.message for v in violations))


def relative_gap(value: float, bound: float) -> float:
    """|bound - value| / max(|value|, 1), as CP-SAT and MIP solvers report it: 0 when the stage is
    proved optimal, 100 % when a count is bounded only by 0."""
    return abs(bound - value) / max(abs(value), 1.0)


def solver_figures(solution: Solution) -> dict[str, float]:
    """How far the plan may be from the best: the largest relative gap over the stages that count
    meetings and score (``gap``), the score stage's own gap, and the breaks' proved lower bound."""
    gaps = {stage: relative_gap(value, solution.bounds.get(stage, value))
            for stage, value in solution.objectives.items() if stage in ("required", "worst_off", "score")}
    figures = {"gap": round(max(gaps.values(), default=0.0), 6)}
    if "score" in gaps:
        figures["score_gap"] = round(gaps["score"], 6)
    if "breaks" in solution.bounds:
        figures["breaks_bound"] = round(solution.bounds["breaks"])
    return figures


def plan_scenario(scenario: Scenario, *, time_limit: float = 60.0, seed: int = 0, workers: int = 2,
                  parallel: bool = False, candidates: Sequence[Candidate] | None = None,
                  reference: dict[str, str] | None = None, locked: dict[str, str] | None = None,
                  progress: Progress | None = None) -> Plan:
    """A validated plan for the scenario, with KPIs, solver figures and notes on anything left out.

    Raises :class:`PlanningError` when no plan exists (the reasons say why) and :class:`PlanBroken`
    when the validator rejects the engine's plan.
    """
    found = find_candidates(scenario) if candidates is None else list(candidates)
    built = build_instance(scenario, found, reference=reference, locked=locked)
    return plan_instance(built, time_limit=time_limit, seed=seed, workers=workers, parallel=parallel,
                         progress=progress)


def plan_instance(built: MissionInstance, *, time_limit: float = 60.0, seed: int = 0, workers: int = 2,
                  parallel: bool = False, stages: tuple[str, ...] = STAGES, progress: Progress | None = None,
                  previous: Sequence[Meeting] = (), hint: dict[str, int] | None = None,
                  heuristics: bool = True) -> Plan:
    """:func:`plan_scenario` from a built instance (re-planning builds its own): ``previous`` meetings
    keep their tables and interpreters where they still can; ``hint`` (request id -> slot index)
    starts the search from a known timetable instead of the greedy one; ``heuristics`` as in
    :func:`~matching.schedule.solver.solve`."""
    scenario = built.scenario
    requested = scenario.rules.only_requested  # the requested meetings are the only ones
    stuck = [c for c in built.unplaceable if c.must_meet]
    if stuck:
        kind = "requested meeting" if requested else "must-meet pair"
        raise PlanningError([f"{kind} of {unplaceable_note(built, c)}" for c in stuck])
    solution = solve(built.instance, time_limit=time_limit, seed=seed, workers=workers, parallel=parallel,
                     stages=stages, required_hard=requested, progress=progress, hint=hint, heuristics=heuristics)
    if not solution.placements and solution.status in ("INFEASIBLE", "MODEL_INVALID", "UNKNOWN"):
        raise PlanningError(_no_plan_reasons(built, solution, out_of_time=solution.status == "UNKNOWN"))
    required = built.instance.required_count()
    if solution.objectives.get("required", required) < required:
        # A hard rule: the first stage placed as many must-meet pairs as it found room for, and each
        # fits alone (unplaceable pairs are named above): they crowd each other out, or time ran out.
        raise PlanningError(_no_plan_reasons(built, solution, out_of_time=solution.stages.get("required") != "OPTIMAL",
                                             must_meet=True))
    plan = to_plan(built, solution, seed, previous=previous)
    violations = check_plan(scenario, plan)
    if violations:
        raise PlanBroken(violations)
    kpis = plan_kpis(scenario, plan) | solver_figures(solution)
    return plan.model_copy(update={"kpis": kpis, "notes": _notes(built, solution, plan, parallel)})


def _no_plan_reasons(built: MissionInstance, solution: Solution, *, out_of_time: bool,
                     must_meet: bool = False) -> list[str]:
    """Why no plan keeps every hard rule (``must_meet``: every must-meet pair), after a note when
    the search ran out of time rather than proving it."""
    required_hard = must_meet or built.scenario.rules.only_requested
    if not out_of_time:
        return explain_infeasible(built, required_hard=required_hard)
    placing = "placing every must-meet pair " if must_meet else ""
    return [f"no plan {placing}was found within the time limit ({solution.seconds:.0f} s); give it more time with "
            "--time-limit", *explain_infeasible(built, required_hard=required_hard, time_limit=5.0)]


def _notes(built: MissionInstance, solution: Solution, plan: Plan, parallel: bool) -> list[str]:
    """Plain sentences on what the plan could not do."""
    notes = []
    if solution.stopped:
        notes.append("the search stopped before every objective was proved best; this is the best plan found")
    elif not solution.reproducible and not parallel:
        notes.append("another run may return a different plan: a search ran slower than the time limit allows for "
                     "(on this machine, or on a model this large), so the clock rather than CP-SAT's deterministic "
                     "time stopped it (--parallel searches by the clock alone)")
    elif not solution.reproducible:
        notes.append("another run may return a different plan of the same quality (not every objective was proved "
                     "best in the time given; without --parallel runs repeat far more often)")
    notes += thin_notes(built, plan)
    notes += unplaceable_notes(built, [c for c in built.unplaceable if not c.must_meet])
    return notes
