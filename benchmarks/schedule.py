"""Timetables for synthetic buyer fairs and the bundled missions, against the greedy baseline.

    python3 benchmarks/schedule.py [--sizes small,medium,large] [--bundled] [--time-limit S] [--workers 2] [--parallel]

Fairs (``matching.synthetic.make_fair``): small = 40 firms x 30 buyers x 1 day, medium = 150 x 120 x
2 days, large = 600 x 400 x 3 days. ``--bundled`` adds every scenario in ``scenarios/``. For each
instance prints one JSON line: the solver's stage values, bounds and gap, seconds, meetings,
worst-off firm, breaks and peak memory, and the greedy plan's figures from the same run. Both plans
pass the independent validator. Default time limits: 60 s, and 300 s for the large fair. The search
is deterministic, as ``matching plan``'s, unless ``--parallel``; each line says which (``mode``),
and whether another run would give the same plan (``repeats``: false when a deterministic search
was stopped by the clock, or a parallel plan could not be made canonical).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from matching import find_candidates, load_scenario
from matching.domain import Scenario
from matching.kpis import plan_kpis
from matching.planner import solver_figures
from matching.schedule.greedy import greedy
from matching.schedule.instance import build_instance
from matching.schedule.plan import to_plan
from matching.schedule.problem import Solution
from matching.schedule.solver import solve
from matching.synthetic import make_fair
from matching.validate import check_plan
from measure import rss_mb, timed

SIZES = {"small": (40, 30, 1), "medium": (150, 120, 2), "large": (600, 400, 3)}
BUNDLED = Path(__file__).resolve().parent.parent / "scenarios"
KEPT = ("meetings", "worst_off_firm", "firms_below_target", "score_total", "breaks", "place_changes")


def run(name: str, scenario: Scenario, time_limit: float, workers: int, parallel: bool) -> dict:
    built, prepared = timed(lambda: build_instance(scenario, find_candidates(scenario)))
    requests = built.instance.requests
    chosen, greedy_seconds = timed(greedy, built.instance)
    baseline = to_plan(built, Solution(status="FEASIBLE", placements=built.instance.placements(chosen)))
    solution = solve(built.instance, time_limit=time_limit, workers=workers, parallel=parallel)
    plan = to_plan(built, solution)
    broken = len(check_plan(scenario, plan)) + len(check_plan(scenario, baseline))
    kpis, greedy_kpis = plan_kpis(scenario, plan), plan_kpis(scenario, baseline)
    return {
        "instance": name, "mode": "parallel" if parallel else "deterministic",
        "firms": len(scenario.firms), "buyers": len(scenario.buyers),
        "requests": len(requests), "options": sum(len(r.options) for r in requests),
        "status": solution.status, "objective": solution.objectives,
        "bound": {k: round(v, 1) for k, v in solution.bounds.items()}, **solver_figures(solution),
        "seconds": solution.seconds, "prepare_seconds": prepared, "repeats": solution.reproducible,
        **{k: kpis[k] for k in KEPT},
        "greedy": {**{k: greedy_kpis[k] for k in KEPT}, "seconds": greedy_seconds},
        "score_vs_greedy": round(kpis["score_total"] / greedy_kpis["score_total"], 4) if greedy_kpis["score_total"] else None,
        "violations": broken, "peak_mb": rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="small,medium", help="Comma-separated: small, medium, large.")
    parser.add_argument("--bundled", action="store_true", help="Also plan every bundled scenario.")
    parser.add_argument("--time-limit", type=float, default=None, help="Seconds per instance (default 60; large 300).")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--parallel", action="store_true", help="Parallel search (plans may differ between runs).")
    args = parser.parse_args()
    jobs: list[tuple[str, Scenario, float]] = []
    for size in filter(None, args.sizes.split(",")):
        firms, buyers, days = SIZES[size]
        limit = args.time_limit or (300.0 if size == "large" else 60.0)
        jobs.append((f"fair-{size}-{firms}x{buyers}x{days}d", make_fair(firms, buyers, days=days), limit))
    if args.bundled:
        jobs += [(p.parent.name, load_scenario(p.parent), args.time_limit or 60.0)
                 for p in sorted(BUNDLED.glob("*/scenario.yaml"))]
    for name, scenario, limit in jobs:
        print(json.dumps(run(name, scenario, limit, args.workers, args.parallel), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
