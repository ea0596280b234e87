"""Plain sentences on why a mission cannot be planned, or why its plan is thin.

Turns the core's counting bounds, pinned overloads and CP-SAT assumption cores
(:mod:`matching.schedule.diagnose`) into the officer's terms: firms and buyers by id and name,
slots as local times in the leg's city, interpreters by language.
"""

from __future__ import annotations

import math
from collections import Counter

import pycountry

from matching.domain import Candidate, Plan
from matching.kpis import firm_target, meetings_per_firm
from matching.schedule.diagnose import conflicting_demands, pinned_overloads, reachable
from matching.schedule.instance import (
    MissionInstance,
    able_pools,
    firm_key,
    interpreter_missing,
    meeting_leg,
    request_id,
    slot_blocker,
)


def language_name(code: str) -> str:
    found = pycountry.languages.get(alpha_2=code)
    return found.name if found is not None else code


def when(mission_instance: MissionInstance, slot_index: int) -> str:
    """'10:00 on 27 June 2024 in Detroit'."""
    slot = mission_instance.slots[slot_index]
    leg = next(leg for leg in mission_instance.scenario.mission.legs if leg.id == slot.leg_id)
    return f"{slot.start:%H:%M} on {slot.start.day} {slot.start:%B %Y} in {leg.city}"


def blocker_at(mission_instance: MissionInstance, firm_id: str, buyer_id: str, slot_index: int) -> str | None:
    """Why a firm and a buyer cannot meet in one slot, by the rule
    :func:`~matching.schedule.instance.build_instance` applies; None when they can."""
    scenario = mission_instance.scenario
    firm, buyer = scenario.firm(firm_id), scenario.buyer(buyer_id)
    needs = mission_instance.languages.get(request_id(firm_id, buyer_id), ())
    missing = interpreter_missing(mission_instance.instance.capacities, able_pools(mission_instance.kinds, needs),
                                  needs, slot_index)
    slot = mission_instance.slots[slot_index]
    return slot_blocker(scenario, firm, buyer, meeting_leg(scenario, buyer), slot, missing,
                        mission_instance.requested_part(firm_id, buyer_id))


def no_slot_reasons(mission_instance: MissionInstance, candidate: Candidate) -> Counter[str]:
    """Why a firm and a buyer share no usable slot: each blocker with the number of slots it blocks."""
    reasons: Counter[str] = Counter()
    for index in range(len(mission_instance.slots)):
        blocker = blocker_at(mission_instance, candidate.firm_id, candidate.buyer_id, index)
        if blocker is not None:
            reasons[blocker] += 1
    return reasons


def _blockers(reasons: Counter[str]) -> str:
    return "; ".join(f"{reason} ({n} slot{'s' * (n != 1)})" for reason, n in reasons.most_common())


def unplaceable_note(mission_instance: MissionInstance, candidate: Candidate) -> str:
    return _cannot_meet(candidate, _blockers(no_slot_reasons(mission_instance, candidate)))


def _cannot_meet(candidate: Candidate, reasons: str) -> str:
    return f"firm {candidate.firm_id} and buyer {candidate.buyer_id} cannot meet: no slot works for both ({reasons})"


def unplaceable_notes(mission_instance: MissionInstance, candidates: list[Candidate]) -> list[str]:
    """A note per candidate pair that shares no usable slot, pairs of one buyer blocked for the same
    reasons in one note (a buyer away most of the programme blocks every firm alike)."""
    grouped: dict[tuple[str, str], list[Candidate]] = {}
    for candidate in candidates:
        reasons = _blockers(no_slot_reasons(mission_instance, candidate))
        grouped.setdefault((candidate.buyer_id, reasons), []).append(candidate)
    return [_cannot_meet(pairs[0], reasons) if len(pairs) == 1 else
            f"buyer {buyer_id} cannot meet firms {', '.join(c.firm_id for c in pairs)}: no slot works for it and "
            f"any of them ({reasons})" for (buyer_id, reasons), pairs in grouped.items()]


def _firm_ceiling(mission_instance: MissionInstance, firm_id: str, wanted: int, most: int, verb: str) -> str:
    candidates = [c for c in mission_instance.candidates.values() if c.firm_id == firm_id]
    stuck = [c for c in mission_instance.unplaceable if c.firm_id == firm_id]
    text = (f"firm {firm_id} {verb} {wanted} meetings; at most {most} fit: it has {len(candidates)} candidate "
            f"buyer{'s' * (len(candidates) != 1)}")
    if stuck:
        total: Counter[str] = Counter()
        for candidate in stuck:
            total.update(Counter(dict.fromkeys(no_slot_reasons(mission_instance, candidate), 1)))
        causes = "; ".join(f"{reason}: {n}" for reason, n in total.most_common())
        text += f", and {len(stuck)} of them share no usable slot with it ({causes})"
    elif most < len(candidates):
        text += f", but they can only meet it in {most} distinct slots"
    return text


NAMED_FIRMS = 12
"""Firms a grouped note names per meeting count; the rest are counted (Incheon's note named 53,
a 600-firm fair's would name hundreds; the per-firm table lists those with the fewest)."""


def _crowded_out(crowded: dict[str, tuple[int, int]], target: int, everyone: int | None) -> str:
    """One note for every firm below target that would reach it on its own (at a fair these are
    dozens, and a sentence each buries the other notes), with the proved most that every firm can
    have at once (``everyone``, the worst-off stage's bound) when that is below the target."""
    proved = f"; no timetable gives every firm more than {everyone} (proved)" if everyone is not None else ""
    if len(crowded) == 1:
        [(firm_id, (count, ceiling))] = crowded.items()
        return (f"firm {firm_id} got {count} of its {target} meetings: up to {ceiling} would fit on its own, "
                f"but its candidate buyers, tables or interpreters were taken by other firms' meetings{proved}")
    ceilings = sorted(ceiling for _, ceiling in crowded.values())
    fit = f"{ceilings[0]}" if ceilings[0] == ceilings[-1] else f"{ceilings[0]}-{ceilings[-1]}"
    by_count: dict[int, list[str]] = {}
    for firm_id, (count, _) in sorted(crowded.items()):
        by_count.setdefault(count, []).append(firm_id)
    listed = "; ".join(f"{count} meeting{'s' * (count != 1)}: {', '.join(firms[:NAMED_FIRMS])}"
                       + (f" and {len(firms) - NAMED_FIRMS} more" if len(firms) > NAMED_FIRMS else "")
                       for count, firms in sorted(by_count.items()))
    return (f"{len(crowded)} firms got fewer than their {target} meetings, though {fit} would fit for each on its "
            f"own: their candidate buyers, tables or interpreters were taken by other firms' meetings ({listed})"
            f"{proved}")


def _pool_languages(mission_instance: MissionInstance, pools: tuple[str, ...]) -> str:
    codes = sorted({lang for pool in pools for member in mission_instance.kinds.get(pool, [])[:1]
                    for pair in member.language_pairs for lang in pair.split("-") if lang != "ko"})
    return " or ".join(language_name(code) for code in codes)


def _demand_sentence(mission_instance: MissionInstance, name: str) -> str:
    rule, _, subject = name.partition(": ")
    rules = mission_instance.scenario.rules
    if rule in ("too few meetings", "too many meetings"):
        side, _, ident = subject.partition(":")
        who = "firm" if side == "F" else "buyer"
        if rule == "too few meetings":
            least = rules.min_meetings_per_firm if side == "F" else rules.min_meetings_per_buyer
            return f"{who} {ident} must have at least {least} meetings"
        participant = next(p for p in mission_instance.instance.participants if p.id == subject)
        return f"{who} {ident} takes at most {participant.max_meetings} meetings"
    if rule == "must-meet not placed":
        return "the must-meet pair of firm {} and buyer {}".format(*mission_instance.firm_buyer(subject))
    if rule == "locked meeting moved":
        firm_id, buyer_id = mission_instance.firm_buyer(subject)
        request = next(r for r in mission_instance.instance.requests if r.id == subject)
        text = f"the locked meeting of firm {firm_id} and buyer {buyer_id} at {when(mission_instance, request.locked)}"
        blocker = blocker_at(mission_instance, firm_id, buyer_id, request.locked)
        return f"{text} (it cannot be held then: {blocker})" if blocker else text
    if rule == "precedence broken":
        before, _, after = subject.partition(" before ")
        return f"meeting {before} comes before meeting {after}"
    return name


def explain_infeasible(mission_instance: MissionInstance, *, required_hard: bool = False,
                       time_limit: float = 10.0) -> list[str]:
    """Why no plan meets every hard rule, most specific first."""
    instance = mission_instance.instance
    most = reachable(instance)
    reasons = []
    for participant in instance.participants:
        if participant.min_meetings > most[participant.id]:
            side, _, ident = participant.id.partition(":")
            if side == "F":
                reasons.append(_firm_ceiling(mission_instance, ident, participant.min_meetings, most[participant.id],
                                             "must have at least"))
            else:
                reasons.append(f"buyer {ident} must have at least {participant.min_meetings} meetings; "
                               f"at most {most[participant.id]} fit in the slots it shares with its candidate firms")
    for overload in pinned_overloads(instance):
        languages = _pool_languages(mission_instance, overload.pools)
        article = "an" if languages[:1] in tuple("AEIOU") else "a"
        what = f"{article} {languages} interpreter" if languages else f"a unit of {', '.join(overload.pools)}"
        reasons.append(f"{len(overload.requests)} meetings need {what} at {when(mission_instance, overload.slot)}; "
                       f"there {'is' if overload.units == 1 else 'are'} {overload.units}")
    if reasons:
        return reasons
    core = conflicting_demands(instance, required_hard=required_hard, time_limit=time_limit)
    if core:
        listed = "; ".join(_demand_sentence(mission_instance, name) for name in core)
        return [f"these cannot all hold together: {listed}. Relax one of them (rules, locks or must-meet pairs)."]
    return ["no plan meets every hard rule, and no single cause was found in the time given; "
            "try lowering min_meetings_per_firm or min_meetings_per_buyer"]


def thin_notes(mission_instance: MissionInstance, plan: Plan) -> list[str]:
    """Firms below target, each with the reason that can be counted (a plan missing a must-meet
    pair is not returned: see :func:`matching.planner.plan_instance`)."""
    scenario = mission_instance.scenario
    target = firm_target(scenario)
    counts = meetings_per_firm(scenario, plan)
    most = reachable(mission_instance.instance) if any(n < target for n in counts.values()) else {}
    notes = []
    crowded: dict[str, tuple[int, int]] = {}  # firm -> (meetings, ceiling): short only of what others took
    for firm_id, count in counts.items():
        if count >= target:
            continue
        ceiling = most.get(firm_key(firm_id), 0)
        if ceiling < target:
            notes.append(_firm_ceiling(mission_instance, firm_id, target, ceiling, "wants"))
        else:
            crowded[firm_id] = (count, ceiling)
    if crowded:
        bound = plan.bounds.get("worst_off")
        everyone = math.floor(bound + 1e-6) if bound is not None and bound < target else None
        notes.append(_crowded_out(crowded, target, everyone))
    return notes
