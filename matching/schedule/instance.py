"""A scenario and its candidates as a participant-generic :class:`~.problem.Instance`.

Firms and buyers become participants (``F:`` and ``B:`` prefixes keep a firm and a buyer with the
same id apart); each candidate pair becomes a request whose options are the slots both can use:

* **city/leg** — an in-person buyer only in its leg's slots; online meetings in any slot;
* **availability** — outside the firm's unavailable windows, inside the buyer's availability;
* **business hours** — online: inside the buyer's business hours in its own zone (the rooms'
  opening hours in Seoul are the sessions themselves);
* **places** — the buyer's site for site visits, else each venue of the leg (a table, booth or
  video room: one unit of the venue's pool); travel times between places come from the legs;
* **interpreters** — a meeting that needs one takes one unit of exactly one interpreter *kind*
  able to work into one of the buyer's languages (a kind groups interchangeable interpreters:
  same language pairs, legs and availability). Per slot this is an exact assignment, so named
  interpreters can always be given afterwards, even when one interpreter covers several languages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from datetime import datetime
from zoneinfo import ZoneInfo

from matching.domain import (
    Buyer,
    Candidate,
    DayPart,
    Firm,
    Interpreter,
    Leg,
    MeetingPlace,
    Rules,
    Scenario,
    TimeWindow,
    buyer_leg,
)
from matching.schedule.grid import Slot, build_slots
from matching.schedule.problem import CoreSlot, Instance, Option, Participant, Request, Travel
from matching.schedule.problem import Precedence as CorePrecedence

HOME_LANGUAGE = "ko"


def firm_key(firm_id: str) -> str:
    return f"F:{firm_id}"


def buyer_key(buyer_id: str) -> str:
    return f"B:{buyer_id}"


def request_id(firm_id: str, buyer_id: str) -> str:
    return f"{firm_id}|{buyer_id}"


def interpreter_languages(firm: Firm, buyer: Buyer) -> tuple[str, ...]:
    """The languages an interpreter may work into for this meeting; empty when none is needed.

    A firm that says it needs no interpreter gets none; otherwise one is needed when it says so or
    when the two share no language, into any of the buyer's languages other than Korean.
    """
    if firm.needs_interpreter is False:
        return ()
    if firm.needs_interpreter is None and set(firm.languages or [HOME_LANGUAGE]) & set(buyer.languages or ["en"]):
        return ()
    return tuple(lang for lang in (buyer.languages or ["en"]) if lang != HOME_LANGUAGE)


def covers(interpreter: Interpreter, language: str) -> bool:
    """True when one of the interpreter's pairs is Korean and the language."""
    return any(set(pair.split("-")) == {HOME_LANGUAGE, language} for pair in interpreter.language_pairs)


def within(slot: Slot, windows: Sequence[TimeWindow]) -> bool:
    return any(w.start <= slot.start and slot.end <= w.end for w in windows)


def overlaps(slot: Slot, windows: Sequence[TimeWindow]) -> bool:
    return any(slot.start < w.end and w.start < slot.end for w in windows)


def interpreter_free(interpreter: Interpreter, slot: Slot) -> bool:
    """The interpreter serves the slot's leg and is available then."""
    return (not interpreter.legs or slot.leg_id in interpreter.legs) and (
        not interpreter.availability or within(slot, interpreter.availability))


def in_business_hours(slot: Slot, buyer: Buyer, default_hours) -> bool:
    """The slot lies inside the buyer's business hours on one local day of the buyer's zone."""
    hours = buyer.business_hours or default_hours
    zone = ZoneInfo(buyer.timezone)
    start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
    return start.date() == end.date() and hours.start <= start.time() and end.time() <= hours.end


def meeting_leg(scenario: Scenario, buyer: Buyer) -> Leg | None:
    """The leg a buyer is met in; None online, where any slot will do."""
    return None if scenario.mission.online else buyer_leg(buyer, scenario.mission)


def able_pools(kinds: dict[str, list[Interpreter]], languages: tuple[str, ...]) -> tuple[str, ...]:
    """Interpreter pools whose kind can work into one of the languages."""
    return tuple(pool for pool, members in kinds.items() if any(covers(members[0], lang) for lang in languages))


def interpreter_missing(capacities: dict[str, list[int]], able: tuple[str, ...], languages: tuple[str, ...],
                        slot_index: int) -> bool:
    """The meeting needs an interpreter and no pool able to take it has one in the slot."""
    return bool(languages) and not any(capacities[pool][slot_index] for pool in able)


def requested_parts(rules: Rules) -> dict[tuple[str, str], DayPart]:
    """The part of the day each requested (must-meet) pair was asked for, where it is restricted."""
    return {(p.firm, p.buyer): p.when for p in rules.must_meet if p.when is not DayPart.any}


def slot_blocker(scenario: Scenario, firm: Firm, buyer: Buyer, leg: Leg | None, slot: Slot,
                 no_interpreter: bool, part: DayPart = DayPart.any) -> str | None:
    """Why a firm and a buyer cannot meet in a slot, in the user's words; None when they can.

    ``leg``: the buyer's :func:`meeting_leg`; ``no_interpreter``: see :func:`interpreter_missing`;
    ``part``: the part of the day the pair was requested for (:func:`requested_parts`).
    """
    mission = scenario.mission
    if leg is not None and slot.leg_id != leg.id:
        return f"the buyer is only met in {leg.city}"
    if part is not DayPart.any and slot.part is not part:
        return f"the meeting was requested for the {part.value}"
    if overlaps(slot, firm.unavailable):
        return "the firm is unavailable"
    if buyer.availability and not within(slot, buyer.availability):
        return "the buyer is unavailable"
    if no_interpreter:
        return "no interpreter for the buyer's language is free"
    if mission.online and not in_business_hours(slot, buyer, mission.buyer_business_hours):
        return "outside the buyer's business hours"
    return None


@dataclass
class MissionInstance:
    """The instance and what is needed to turn a solution back into meetings."""

    scenario: Scenario
    slots: list[Slot]
    instance: Instance
    candidates: dict[str, Candidate]
    languages: dict[str, tuple[str, ...]]
    kinds: dict[str, list[Interpreter]]
    unplaceable: list[Candidate] = field(default_factory=list)
    parts: dict[tuple[str, str], DayPart] = field(default_factory=dict)  # requested_parts of the scenario

    def firm_buyer(self, request: str) -> tuple[str, str]:
        firm_id, buyer_id = request.split("|", 1)
        return firm_id, buyer_id

    def requested_part(self, firm_id: str, buyer_id: str) -> DayPart:
        """The part of the day a pair was requested for; any when not restricted."""
        return self.parts.get((firm_id, buyer_id), DayPart.any)


def _minutes(moment: datetime) -> int:
    return int(moment.timestamp() // 60)


def build_instance(scenario: Scenario, candidates: Sequence[Candidate], *,
                   reference: dict[str, str] | None = None, locked: dict[str, str] | None = None,
                   not_before: datetime | None = None) -> MissionInstance:
    """The instance for a scenario's candidates.

    ``reference`` and ``locked`` map request ids to slot ids (a previous plan, kept meetings);
    ``not_before`` (re-planning) keeps every unlocked meeting out of slots starting earlier.
    """
    mission, rules = scenario.mission, scenario.rules
    slots = build_slots(mission)
    slot_index = {slot.id: i for i, slot in enumerate(slots)}
    days: dict[tuple[str, object], int] = {}
    core_slots = []
    for slot in slots:
        day = days.setdefault((slot.leg_id, slot.day), len(days))
        core_slots.append(CoreSlot(day=day, start=_minutes(slot.start), end=_minutes(slot.end),
                                   half=1 if slot.part is DayPart.morning else 2))
    firms = {f.id: f for f in scenario.firms}
    buyers = {b.id: b for b in scenario.buyers}
    parts = requested_parts(rules)
    legs = {leg.id: leg for leg in mission.legs}

    languages = {request_id(c.firm_id, c.buyer_id): interpreter_languages(firms[c.firm_id], buyers[c.buyer_id])
                 for c in candidates}
    kinds = interpreter_kinds(scenario.interpreters)
    capacities = {pool: [sum(interpreter_free(i, slot) for i in members) for slot in slots]
                  for pool, members in kinds.items()}
    capacities.update(_venue_capacities(scenario, slots))
    requests: list[Request] = []
    unplaceable: list[Candidate] = []
    by_id: dict[str, Candidate] = {}
    for candidate in candidates:
        firm, buyer = firms[candidate.firm_id], buyers[candidate.buyer_id]
        rid = request_id(firm.id, buyer.id)
        able = able_pools(kinds, languages[rid])
        leg = meeting_leg(scenario, buyer)
        pinned = slot_index.get((locked or {}).get(rid, ""))
        offer = partial(_options, scenario, legs, firm, buyer, leg, capacities, able, languages[rid], slots,
                        not_before=not_before, pinned=pinned, part=parts.get((firm.id, buyer.id), DayPart.any))
        # A locked meeting needs only its slot; should that slot be blocked, every slot is offered so
        # that the model is infeasible on the named rule "locked meeting moved" and the reason is told.
        options = offer([pinned]) if pinned is not None else []
        if not options:
            options = offer(range(len(slots)))
        by_id[rid] = candidate
        if not options:
            unplaceable.append(candidate)
            continue
        requests.append(Request(
            id=rid, a=firm_key(firm.id), b=buyer_key(buyer.id), weight=round(candidate.score * 100),
            required=candidate.must_meet, options=options,
            locked=pinned, reference=slot_index.get((reference or {}).get(rid, ""))))

    participants = [Participant(id=firm_key(f.id), capacity=f.representatives, min_meetings=rules.min_meetings_per_firm,
                                max_meetings=rules.max_meetings_per_firm,
                                target=rules.target_meetings_per_firm or rules.min_meetings_per_firm or None, fair=True)
                    for f in scenario.firms]
    participants += [Participant(id=buyer_key(b.id), min_meetings=rules.min_meetings_per_buyer,
                                 max_meetings=_buyer_max(b.max_meetings, rules.max_meetings_per_buyer))
                     for b in scenario.buyers]
    travel = _travel(mission.legs)
    placed = {r.id for r in requests}
    precedences = [CorePrecedence(before=request_id(p.before.firm, p.before.buyer),
                                  after=request_id(p.after.firm, p.after.buyer)) for p in rules.precedences]
    instance = Instance(slots=core_slots, participants=participants, requests=requests, capacities=capacities,
                        travel=travel, precedences=[p for p in precedences if p.before in placed and p.after in placed])
    return MissionInstance(scenario=scenario, slots=slots, instance=instance, candidates=by_id, languages=languages,
                           kinds=kinds, unplaceable=unplaceable, parts=parts)


def _options(scenario: Scenario, legs: dict[str, Leg], firm: Firm, buyer: Buyer, leg: Leg | None,
             capacities: dict[str, list[int]], able: tuple[str, ...], languages: tuple[str, ...], slots: list[Slot],
             indices: Iterable[int],
             not_before: datetime | None, pinned: int | None, part: DayPart = DayPart.any) -> list[Option]:
    """The ways a pair may meet in the given slots: every venue of the slot's leg, or the buyer's site;
    none before ``not_before`` except in the slot it is ``pinned`` to, none outside its ``part`` of the day."""
    options = []
    for index in indices:
        slot = slots[index]
        if not_before is not None and slot.start < not_before and index != pinned:
            continue
        if slot_blocker(scenario, firm, buyer, leg, slot, interpreter_missing(capacities, able, languages, index),
                        part) is not None:
            continue
        if buyer.meets_at is MeetingPlace.site and buyer.site_id:
            options.append(Option(slot=index, place=f"site:{buyer.site_id}", any_of=able if languages else ()))
            continue
        for venue in legs[slot.leg_id].venues:
            options.append(Option(slot=index, place=f"venue:{venue.id}", resources=(f"venue:{venue.id}",),
                                  any_of=able if languages else ()))
    return options


def _buyer_max(own: int | None, rule: int | None) -> int | None:
    limits = [m for m in (own, rule) if m is not None]
    return min(limits) if limits else None


def _travel(legs) -> list[Travel]:
    """Travel times, one per direction: a time given for a direction holds there; a symmetric one
    also holds the other way unless that way has its own; a one-way time's other way takes no
    time (the core reads a missing direction as the reverse's time, so it is written out)."""
    minutes: dict[tuple[str, str], int] = {}
    for leg in legs:
        for t in leg.travel_times:
            minutes[_place(leg, t.origin), _place(leg, t.destination)] = t.minutes
    for leg in legs:
        for t in leg.travel_times:
            if t.symmetric:
                minutes.setdefault((_place(leg, t.destination), _place(leg, t.origin)), t.minutes)
    for origin, destination in list(minutes):
        minutes.setdefault((destination, origin), 0)
    return [Travel(origin=o, destination=d, minutes=m) for (o, d), m in sorted(minutes.items())]


def _place(leg, place_id: str) -> str:
    """Travel tables name venues and sites by id; the instance prefixes them by kind."""
    return f"venue:{place_id}" if any(v.id == place_id for v in leg.venues) else f"site:{place_id}"


def _venue_capacities(scenario: Scenario, slots: list[Slot]) -> dict[str, list[int]]:
    capacities = {}
    for leg in scenario.mission.legs:
        for venue in leg.venues:
            capacities[f"venue:{venue.id}"] = [venue.capacity if s.leg_id == leg.id else 0 for s in slots]
    return capacities


def interpreter_kinds(interpreters: Sequence[Interpreter]) -> dict[str, list[Interpreter]]:
    """Interpreters grouped by what they can do (languages, legs, availability): one pool per kind.

    Members of a kind are interchangeable, so a pool's size per slot is exact, and naming them after
    solving is a free choice (made for continuity).
    """
    kinds: dict[tuple, list[Interpreter]] = {}
    for interpreter in interpreters:
        key = (tuple(sorted(interpreter.language_pairs)), tuple(sorted(interpreter.legs)),
               tuple((w.start, w.end) for w in interpreter.availability))
        kinds.setdefault(key, []).append(interpreter)
    return {f"interpreters:{'+'.join(key[0])}#{n}": members for n, (key, members) in enumerate(kinds.items())}
