"""Export speed: every agenda format for the bundled Jinju mission and synthetic buyer fairs.

Plans come from the greedy baseline (valid, checked by the validator) so the benchmark measures the
export alone. Prints one JSON object per instance: meetings, participants, seconds per format,
bytes written, peak memory, and the ratio of the full export (without PDF) to a baseline in the
same run — dumping the plan's JSON, the least any export must do.

    python3 benchmarks/export.py [--sizes small,medium,large] [--pdf]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from matching import find_candidates, load_scenario
from matching.domain import Scenario
from matching.export import render_exports
from matching.schedule.greedy import greedy
from matching.schedule.instance import build_instance
from matching.schedule.plan import to_plan
from matching.schedule.problem import Solution
from matching.synthetic import make_fair
from matching.validate import check_plan
from measure import rss_mb, timed

SIZES = {"small": (40, 30, 1), "medium": (150, 120, 2), "large": (600, 400, 3)}
JINJU = Path(__file__).resolve().parent.parent / "scenarios" / "jinju-us-midwest-2024"
FORMATS = ("xlsx", "csv", "ics", "html", "json", "outcomes")


def run(name: str, scenario: Scenario, pdf: bool) -> dict:
    built = build_instance(scenario, find_candidates(scenario))
    plan = to_plan(built, Solution(status="FEASIBLE", placements=built.instance.placements(greedy(built.instance))))
    assert check_plan(scenario, plan) == []
    _, baseline = timed(plan.model_dump_json)
    seconds, sizes = {}, {}
    for fmt in FORMATS + (("pdf",) if pdf else ()):
        files, seconds[fmt] = timed(render_exports, scenario, plan, [fmt])
        sizes[fmt] = sum(len(data) for data in files.values())
    total = sum(v for k, v in seconds.items() if k != "pdf")
    return {"instance": name, "meetings": len(plan.meetings),
            "participants": len(scenario.firms) + len(scenario.buyers) + len(scenario.interpreters),
            "seconds": seconds, "seconds_without_pdf": round(total, 2), "bytes": sizes,
            "ratio_vs_plan_json": round(total / max(baseline, 0.01), 1), "peak_mb": rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="small,medium", help="Comma-separated: small, medium, large.")
    parser.add_argument("--pdf", action="store_true", help="Also time the PDF (WeasyPrint; slow on large fairs).")
    args = parser.parse_args()
    print(json.dumps(run("jinju-us-midwest-2024", load_scenario(JINJU), args.pdf)), flush=True)
    for size in filter(None, args.sizes.split(",")):
        firms, buyers, days = SIZES[size]
        scenario = make_fair(n_firms=firms, n_buyers=buyers, days=days, seed=1)
        print(json.dumps(run(f"fair-{size}", scenario, args.pdf)), flush=True)


if __name__ == "__main__":
    main()
