"""A solution as a :class:`~matching.domain.Plan`: meetings with local times, places, units and named interpreters.

Units (table or room numbers) and interpreters are given after the slots are fixed, slot by slot
in time order, keeping what a firm had before where possible: the same table for a firm through a
day and the same interpreter with a firm through a day. Interpreters of a slot are a maximum
bipartite matching that prefers continuity (SciPy's assignment solver; networkx's matching broke
ties by the process's string hashing, so two runs of the same plan named different interpreters
for 11 of Incheon's meetings); the model's interpreter pools guarantee that every meeting needing
one gets one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from matching.domain import Interpreter, Meeting, MeetingPlace, Plan
from matching.schedule.instance import MissionInstance, covers, interpreter_free
from matching.schedule.problem import Solution

CONTINUITY = 1
"""Added to a pairing of a meeting with the interpreter its firm had earlier that day (a pairing is
worth 1; a re-planned meeting's previous interpreter, more than all of a slot's pairings)."""


def to_plan(mission_instance: MissionInstance, solution: Solution, seed: int = 0,
            previous: Sequence[Meeting] = ()) -> Plan:
    """The plan of a solution, meetings in time order then by firm.

    ``previous`` (re-planning): a meeting held in the same slot and place as before keeps its table
    and interpreter when they are still free, so an unchanged meeting stays unchanged on every agenda.
    """
    scenario = mission_instance.scenario
    slots = mission_instance.slots
    before = {(m.firm_id, m.buyer_id): m for m in previous}
    kept: dict[str, Meeting] = {}  # request id -> its previous meeting, when held in the same slot and place
    for placement in solution.placements:
        meeting = before.get(mission_instance.firm_buyer(placement.request))
        slot = slots[placement.slot]
        if meeting is not None and meeting.start == slot.start and meeting.leg_id == slot.leg_id \
                and placement.place.partition(":")[2] in (meeting.venue_id, meeting.site_id):
            kept[placement.request] = meeting

    # Within a slot, unchanged meetings claim their old units first.
    ordered = sorted(solution.placements, key=lambda p: (slots[p.slot].start, p.request not in kept, p.request))
    last_unit: dict[tuple[str, str, object], str] = {}
    taken_units: dict[tuple[str, int], set[str]] = defaultdict(set)
    people = {i.id: i for members in mission_instance.kinds.values() for i in members}
    interpreters = _interpreters(mission_instance, list(people.values()), ordered,
                                 {r: m.interpreter_id for r, m in kept.items() if m.interpreter_id})
    venues = {v.id: v for leg in scenario.mission.legs for v in leg.venues}
    meetings = []
    for placement in ordered:
        firm_id, buyer_id = mission_instance.firm_buyer(placement.request)
        slot = slots[placement.slot]
        kind, _, place_id = placement.place.partition(":")
        unit = None
        if kind == "venue":
            venue = venues[place_id]
            old = kept.get(placement.request)
            unit = _unit(venue.capacity, old.unit if old is not None and old.unit else
                         last_unit.get((firm_id, place_id, slot.day)), taken_units[place_id, placement.slot])
            last_unit[firm_id, place_id, slot.day] = unit
        languages = mission_instance.languages.get(placement.request, ())
        interpreter = interpreters.get(placement.request)
        place = MeetingPlace.site if kind == "site" else (MeetingPlace.online if scenario.mission.online else
                                                          MeetingPlace.venue)
        candidate = mission_instance.candidates[placement.request]
        meetings.append(Meeting(
            id=f"{scenario.mission.id}-{firm_id}-{buyer_id}", firm_id=firm_id, buyer_id=buyer_id, leg_id=slot.leg_id,
            start=slot.start, end=slot.end, timezone=str(slot.start.tzinfo), place=place,
            venue_id=place_id if kind == "venue" else None, site_id=place_id if kind == "site" else None, unit=unit,
            interpreter_id=interpreter,
            language=None if interpreter is None else next(lang for lang in languages if covers(people[interpreter], lang)),
            score=candidate.score))
    return Plan(mission_id=scenario.mission.id, meetings=meetings, objective=solution.objectives,
                bounds=solution.bounds, status=solution.status, seconds=solution.seconds, seed=seed)


def _unit(capacity: int, previous: str | None, taken: set[str]) -> str | None:
    """The firm's previous unit when free, else the lowest free one (1-based), else None."""
    if previous is not None and previous not in taken:
        taken.add(previous)
        return previous
    unit = next((str(n) for n in range(1, capacity + 1) if str(n) not in taken), None)
    if unit is not None:  # None: every table taken, a plan over the venue's capacity, which the validator names
        taken.add(unit)
    return unit


def _interpreters(mission_instance: MissionInstance, people: list[Interpreter], ordered: list,
                  previous: dict[str, str]) -> dict[str, str]:
    """Request id -> interpreter id, slot by slot: a meeting's previous interpreter first (re-planning),
    then the firm's interpreter from earlier that day."""
    slots = mission_instance.slots
    last: dict[tuple[str, object], str] = {}
    chosen: dict[str, str] = {}
    by_slot: dict[int, list] = defaultdict(list)
    for placement in ordered:
        if mission_instance.languages.get(placement.request):
            by_slot[placement.slot].append(placement)
    for index in sorted(by_slot, key=lambda i: slots[i].start):
        slot, meetings = slots[index], by_slot[index]
        preference = np.zeros((len(meetings), len(people)))  # 0: this interpreter cannot take this meeting
        for row, placement in enumerate(meetings):
            firm_id, _ = mission_instance.firm_buyer(placement.request)
            for column, person in enumerate(people):
                if interpreter_free(person, slot) and any(covers(person, lang) for lang in
                                                          mission_instance.languages[placement.request]):
                    preference[row, column] = 1 + CONTINUITY * (last.get((firm_id, slot.day)) == person.id) \
                        + 2 * len(meetings) * (previous.get(placement.request) == person.id)
        # Each pairing outweighs every preference together: the most meetings get an interpreter first.
        reward = np.where(preference > 0, preference + preference.max(initial=0) * len(meetings) + 1, 0)
        for row, column in zip(*linear_sum_assignment(reward, maximize=True)):
            if preference[row, column] > 0:
                request = meetings[row].request
                chosen[request] = people[column].id
                last[mission_instance.firm_buyer(request)[0], slot.day] = people[column].id
    return chosen
