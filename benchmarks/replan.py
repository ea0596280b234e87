"""Re-planning benchmark: a series of random cancellations and additions on a planned synthetic fair.

The fair (medium: 150 firms x 120 buyers x 2 days) is planned once; then each event re-plans the
published plan from a moment on the second day: a buyer with meetings still to come cancels, or a
new buyer arrives. One JSON line per event: seconds, meetings changed (moved + cancelled) beside
the least the event forces, meetings added, the share of the score kept and the validator's count
of broken rules. The baseline, in the same run, plans the changed fair again with the past locked,
started from the published plan but without stability, and counts the published meetings that
would have disturbed.

    python3 benchmarks/replan.py [--size medium] [--events 10] [--plan-time 60] [--baseline-time 20]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics

from measure import rss_mb, timed

from matching.domain import Plan, Scenario
from matching.planner import PlanningError, plan_instance, plan_scenario
from matching.schedule.grid import build_slots, slot_ids
from matching.schedule.instance import build_instance, request_id
from matching.synthetic import make_fair
from matching.validate import check_plan
from matching.whatif.diff import diff_plans
from matching.whatif.overlay import Cancel, Change, apply_changes
from matching.whatif.replan import replan, replan_candidates

SIZES = {"small": (40, 30, 1), "medium": (150, 120, 2), "large": (600, 400, 3)}


def cancellation(scenario: Scenario, plan: Plan, now, rng: random.Random) -> tuple[str, Scenario]:
    """A buyer with meetings still to come cancels from now."""
    upcoming = sorted({m.buyer_id for m in plan.meetings if m.start >= now})
    buyer = rng.choice(upcoming)
    applied = apply_changes(scenario, [Change(cancel=Cancel(buyer=buyer, from_=now))])
    return f"buyer {buyer} cancels", applied.scenario


def addition(scenario: Scenario, plan: Plan, now, rng: random.Random, number: int) -> tuple[str, Scenario]:
    """A new (synthetic) buyer arrives, with the profile of a random existing one."""
    model = rng.choice(scenario.buyers)
    record = model.model_dump(mode="python") | {"id": f"NEW{number:02d}", "company": f"Synthetic Late Buyer {number}",
                                                "availability": []}
    applied = apply_changes(scenario, [Change(add_buyer=record)])
    return f"buyer NEW{number:02d} arrives", applied.scenario


def from_scratch(scenario: Scenario, published: Plan, now, time_limit: float, workers: int,
                 parallel: bool) -> int | None:
    """Baseline: meetings disturbed when the changed fair is planned again with the past locked,
    started from the published plan but without stability as an objective (None when that finds
    no plan in its time)."""
    grid = slot_ids(scenario.mission)
    held = [m for m in published.meetings if m.start < now]
    locked = {request_id(m.firm_id, m.buyer_id): grid[m.leg_id, m.start] for m in held}
    hint = {request_id(m.firm_id, m.buyer_id): grid[m.leg_id, m.start] for m in published.meetings}
    built = build_instance(scenario, replan_candidates(scenario, published.meetings), locked=locked, not_before=now)
    slot_index = {slot.id: n for n, slot in enumerate(built.slots)}
    try:
        plan = plan_instance(built, time_limit=time_limit, workers=workers, parallel=parallel,
                             previous=published.meetings,
                             hint={rid: slot_index[slot] for rid, slot in hint.items()})
    except PlanningError:
        return None
    return diff_plans(published, plan).disturbed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="medium", choices=sorted(SIZES))
    parser.add_argument("--events", type=int, default=10, help="Cancellations and additions, alternating.")
    parser.add_argument("--plan-time", type=float, default=60.0, help="Seconds to plan the published fair.")
    parser.add_argument("--time-limit", type=float, default=30.0, help="Seconds per re-plan at most.")
    parser.add_argument("--baseline-time", type=float, default=20.0, help="Seconds per from-scratch baseline; 0: none.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--parallel", action="store_true", help="Parallel search (plans may differ between runs).")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    firms, buyers, days = SIZES[args.size]
    scenario = make_fair(firms, buyers, days=days)
    published, plan_seconds = timed(plan_scenario, scenario, time_limit=args.plan_time, workers=args.workers,
                                    parallel=args.parallel)
    print(json.dumps({"instance": f"fair-{args.size}-{firms}x{buyers}x{days}d", "published_meetings":
                      len(published.meetings), "plan_seconds": plan_seconds}), flush=True)
    rng = random.Random(args.seed)
    slots = build_slots(scenario.mission)
    last_day = [s for s in slots if s.day == slots[-1].day] if days > 1 else slots[len(slots) // 2:]
    seconds, excess = [], []
    for event in range(args.events):
        now = rng.choice(last_day[: len(last_day) // 2]).start
        if event % 2 == 0:
            what, changed = cancellation(scenario, published, now, rng)
        else:
            what, changed = addition(scenario, published, now, rng, event)
        result, took = timed(replan, changed, published, now, time_limit=args.time_limit, workers=args.workers,
                             parallel=args.parallel)
        figures = result.figures
        score_before = sum(m.score for m in published.meetings)
        line = {"event": what, "now": now.isoformat(), "seconds": took, **figures,
                "changed": figures["disturbed"], "least_possible": figures["forced"],
                "score_kept": round(sum(m.score for m in result.plan.meetings) / score_before, 4),
                "resolved": result.resolved, "violations": len(check_plan(changed, result.plan))}
        if args.baseline_time > 0 and event < 2:
            line["from_scratch_changed"] = from_scratch(changed, published, now, args.baseline_time, args.workers,
                                                         args.parallel)
        seconds.append(took)
        excess.append(figures["disturbed"] - figures["forced"])
        print(json.dumps(line, ensure_ascii=False), flush=True)
    print(json.dumps({"summary": True, "events": args.events, "seconds_max": max(seconds),
                      "seconds_median": statistics.median(seconds), "changes_beyond_forced": sum(excess),
                      "peak_mb": rss_mb()}), flush=True)


if __name__ == "__main__":
    main()
