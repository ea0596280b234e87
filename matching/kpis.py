"""Key figures of a plan, computed from the plan and its scenario alone.

The same figures serve the ``plan`` summary, what-if comparisons and the results report, so they
are defined once here: meetings, the worst-off firm, firms below target, score, breaks (idle runs
between a participant's first and last meeting of a day), place changes, and how much of the
tables and interpreters the plan uses.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from matching.domain import Meeting, Plan, Scenario
from matching.schedule.grid import Slot, build_slots
from matching.schedule.instance import interpreter_free
from matching.schedule.problem import idle_runs

KPI_LABELS = {
    "meetings": "meetings",
    "firms_with_meetings": "firms with meetings",
    "worst_off_firm": "worst-off firm (meetings)",
    "firms_below_target": "firms below target",
    "score_total": "total score",
    "score_mean": "mean score",
    "breaks": "breaks (firms and buyers)",
    "firm_breaks": "breaks (firms)",
    "place_changes": "place changes",
    "interpreted_meetings": "meetings with an interpreter",
    "table_utilisation": "tables used",
    "interpreter_utilisation": "interpreters used",
}
"""Every KPI in display order, with its label."""


def firm_target(scenario: Scenario) -> int:
    """Meetings each firm should get: the target, else the minimum."""
    return scenario.rules.target_meetings_per_firm or scenario.rules.min_meetings_per_firm


def meetings_per_firm(scenario: Scenario, plan: Plan) -> dict[str, int]:
    """Meetings of every firm of the scenario, zero included, in the scenario's order."""
    counts = Counter(m.firm_id for m in plan.meetings)
    return {firm.id: counts[firm.id] for firm in scenario.firms}


def breaks(slots: list[Slot], meetings: Iterable[Meeting], key) -> dict[str, int]:
    """Breaks per participant (``key(meeting)``): maximal idle runs of slots between its first and
    last meeting of a leg-day."""
    order = {(s.leg_id, s.start): i for i, s in enumerate(slots)}
    busy: dict[tuple[str, str, object], set[int]] = defaultdict(set)
    for meeting in meetings:
        index = order.get((meeting.leg_id, meeting.start))
        if index is not None:
            busy[key(meeting), meeting.leg_id, slots[index].day].add(index)
    counted: dict[str, int] = defaultdict(int)
    for (person, _, _), indices in busy.items():
        counted[person] += idle_runs(indices)
    return dict(counted)


def place_changes(meetings: Iterable[Meeting]) -> int:
    """Times a firm moves between places (venue, site) from one meeting to the next on a day."""
    by_firm_day: dict[tuple[str, object], list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        by_firm_day[meeting.firm_id, meeting.start.date()].append(meeting)
    changes = 0
    for day_meetings in by_firm_day.values():
        day_meetings.sort(key=lambda m: m.start)
        places = [(m.venue_id, m.site_id) for m in day_meetings]
        changes += sum(1 for a, b in zip(places, places[1:]) if a != b)
    return changes


def plan_kpis(scenario: Scenario, plan: Plan) -> dict[str, float]:
    """Every KPI of :data:`KPI_LABELS` for the plan."""
    slots = build_slots(scenario.mission)
    per_firm = meetings_per_firm(scenario, plan)
    target = firm_target(scenario)
    firm_breaks = breaks(slots, plan.meetings, lambda m: m.firm_id)
    buyer_breaks = breaks(slots, plan.meetings, lambda m: m.buyer_id)
    venue_units = sum(venue.capacity for leg in scenario.mission.legs for venue in leg.venues
                      for slot in slots if slot.leg_id == leg.id)
    at_venues = sum(1 for m in plan.meetings if m.venue_id is not None)
    interpreter_slots = sum(interpreter_free(i, slot) for i in scenario.interpreters for slot in slots)
    interpreted = sum(1 for m in plan.meetings if m.interpreter_id is not None)
    total = sum(m.score for m in plan.meetings)
    return {
        "meetings": len(plan.meetings),
        "firms_with_meetings": sum(1 for n in per_firm.values() if n),
        "worst_off_firm": min(per_firm.values(), default=0),
        "firms_below_target": sum(1 for n in per_firm.values() if n < target),
        "score_total": round(total, 2),
        "score_mean": round(total / len(plan.meetings), 2) if plan.meetings else 0.0,
        "breaks": sum(firm_breaks.values()) + sum(buyer_breaks.values()),
        "firm_breaks": sum(firm_breaks.values()),
        "place_changes": place_changes(plan.meetings),
        "interpreted_meetings": interpreted,
        "table_utilisation": round(at_venues / venue_units, 4) if venue_units else 0.0,
        "interpreter_utilisation": round(interpreted / interpreter_slots, 4) if interpreter_slots else 0.0,
    }
