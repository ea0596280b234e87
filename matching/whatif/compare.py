"""Compare what-ifs: plan each, then their KPIs side by side and their meetings against the first.

The figures are those of :func:`matching.kpis.plan_kpis` (the same the ``plan`` summary prints),
plus, against the first what-if, the meetings kept, moved, dropped and added; so a row of the
comparison always agrees with planning that what-if alone with the same seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matching.domain import Plan
from matching.kpis import KPI_LABELS
from matching.planner import plan_instance, plan_scenario
from matching.candidates import find_candidates
from matching.schedule.grid import slot_ids
from matching.schedule.instance import build_instance, request_id
from matching.schedule.solver import Progress
from matching.whatif.diff import diff_plans
from matching.whatif.overlay import WhatIf

COMPARED = ("meetings", "firms_below_target", "worst_off_firm", "score_total", "score_mean", "breaks",
            "place_changes", "interpreter_utilisation", "table_utilisation")
"""The KPIs a comparison shows, in order."""

AGAINST_FIRST = {"kept": "kept (vs first)", "moved": "moved (vs first)", "dropped": "dropped (vs first)",
                 "added": "added (vs first)"}
"""Meeting changes against the first what-if, with their labels."""

LABELS = {**{key: KPI_LABELS[key] for key in COMPARED}, **AGAINST_FIRST}


def plan_whatif(whatif: WhatIf, *, time_limit: float = 60.0, seed: int = 0, workers: int = 2,
                parallel: bool = False, progress: Progress | None = None) -> Plan:
    """The what-if planned; the meetings its overlay locks stay exactly as published."""
    if not whatif.locked:
        return plan_scenario(whatif.scenario, time_limit=time_limit, seed=seed, workers=workers, parallel=parallel,
                             progress=progress)
    grid = slot_ids(whatif.scenario.mission)
    locked = {request_id(m.firm_id, m.buyer_id): grid.get((m.leg_id, m.start), "") for m in whatif.locked}
    built = build_instance(whatif.scenario, find_candidates(whatif.scenario), locked=locked)
    plan = plan_instance(built, time_limit=time_limit, seed=seed, workers=workers, parallel=parallel, progress=progress,
                         previous=whatif.locked)
    pinned = {(m.firm_id, m.buyer_id) for m in whatif.locked}
    return plan.model_copy(update={"meetings": [m.model_copy(update={"locked": (m.firm_id, m.buyer_id) in pinned})
                                                for m in plan.meetings]})


@dataclass
class Comparison:
    """What-ifs side by side: their names, plans and one row per figure."""

    names: list[str]
    plans: list[Plan]
    values: dict[str, list[float]]

    def rows(self) -> list[dict[str, object]]:
        """One dict per figure: ``figure``, ``label`` and one value per what-if (for notebooks and CSV)."""
        return [{"figure": key, "label": LABELS[key], **dict(zip(self.names, values))}
                for key, values in self.values.items()]


def compare(whatifs: Sequence[WhatIf], *, time_limit: float = 60.0, seed: int = 0, workers: int = 2,
            parallel: bool = False, plans: Sequence[Plan] | None = None) -> Comparison:
    """Plan every what-if (or take ``plans`` made already) and lay out their figures."""
    made = list(plans) if plans is not None else [plan_whatif(w, time_limit=time_limit, seed=seed, workers=workers,
                                                              parallel=parallel)
                                                  for w in whatifs]
    values: dict[str, list[float]] = {key: [float(plan.kpis.get(key, 0.0)) for plan in made] for key in COMPARED}
    first = made[0]
    for key in AGAINST_FIRST:
        values[key] = []
    for plan in made:
        diff = diff_plans(first, plan)
        values["kept"].append(float(diff.kept))
        values["moved"].append(float(diff.count("moved")))
        values["dropped"].append(float(diff.count("cancelled")))
        values["added"].append(float(diff.count("added")))
    return Comparison(names=_unique([w.name for w in whatifs]), plans=made, values=values)


def _unique(names: list[str]) -> list[str]:
    """Names made distinct (a scenario compared with itself gets #2)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return out
