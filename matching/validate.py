"""The independent plan checker: every hard rule re-derived from the scenario and the plan alone.

It shares no code with :mod:`matching.schedule` on purpose: a rule misunderstood in the model must
not be misunderstood the same way here. It works on instants and overlaps (not slot indices), and
returns every violation by rule name, never just the first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, time
from zoneinfo import ZoneInfo

from pydantic import Field

from matching.domain import Buyer, Firm, Meeting, MeetingPlace, MetBeforePolicy, Model, Plan, Scenario

KOREAN = "ko"


class Violation(Model):
    """One broken rule: its name, the meetings involved and a sentence saying what is wrong."""

    rule: str = Field(description="Rule name, e.g. 'firm double-booked'.")
    meetings: list[str] = Field(default_factory=list, description="Ids of the meetings involved.")
    message: str = Field(description="What is wrong, in the user's terms.")


def _needs_interpreter(firm: Firm, buyer: Buyer) -> bool:
    """A meeting needs an interpreter unless the firm says it needs none or the two share a language."""
    if firm.needs_interpreter is not None:
        return firm.needs_interpreter and any(lang != KOREAN for lang in (buyer.languages or ["en"]))
    shared = set(firm.languages or [KOREAN]) & set(buyer.languages or ["en"])
    return not shared and any(lang != KOREAN for lang in (buyer.languages or ["en"]))


def _slot_starts(scenario: Scenario) -> dict[str, set[tuple[datetime, datetime]]]:
    """(start, end) of every slot of every leg, written out from the mission's own fields."""
    mission = scenario.mission
    out: dict[str, set[tuple[datetime, datetime]]] = {}
    for leg in mission.legs:
        zone = ZoneInfo(leg.timezone)
        spans = set()
        for day in leg.dates:
            for session in leg.sessions:
                minute = session.start.hour * 60 + session.start.minute
                close = session.end.hour * 60 + session.end.minute
                while minute + mission.slot_minutes <= close:
                    start = datetime.combine(day, time(minute // 60, minute % 60), zone)
                    end_minute = minute + mission.slot_minutes
                    end = datetime.combine(day, time(end_minute // 60, end_minute % 60), zone)
                    spans.add((start, end))
                    minute += mission.slot_minutes + mission.buffer_minutes
        out[leg.id] = spans
    return out


def check_plan(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Every violation of every hard rule in the plan (an empty list: the plan is sound)."""
    found: list[Violation] = []

    def add(rule: str, meetings: list[Meeting], message: str) -> None:
        found.append(Violation(rule=rule, meetings=[m.id for m in meetings], message=message))

    firms = {f.id: f for f in scenario.firms}
    buyers = {b.id: b for b in scenario.buyers}
    interpreters = {i.id: i for i in scenario.interpreters}
    legs = {leg.id: leg for leg in scenario.mission.legs}
    venues = {v.id: (leg.id, v) for leg in scenario.mission.legs for v in leg.venues}
    sites = {s.id: s for s in scenario.sites}
    meetings = plan.meetings

    if plan.mission_id != scenario.mission.id:
        found.append(Violation(rule="plan of another mission",
                               message=f"the plan is for {plan.mission_id!r}, the scenario is {scenario.mission.id!r}"))
    spans = _slot_starts(scenario)
    for m in meetings:
        firm, buyer = firms.get(m.firm_id), buyers.get(m.buyer_id)
        if firm is None or buyer is None:
            add("unknown participant", [m], f"meeting {m.id} names firm {m.firm_id!r} / buyer {m.buyer_id!r}, "
                                            "not both in the scenario")
            continue
        leg = legs.get(m.leg_id)
        if leg is None or (m.start, m.end) not in spans[leg.id]:
            add("meeting off the timetable", [m], f"{m.id}: {m.start.isoformat()}-{m.end.time()} is not a slot of "
                                                  f"leg {m.leg_id!r}")
            continue
        if m.timezone != leg.timezone:
            add("wrong time zone", [m], f"{m.id} is in {leg.city} ({leg.timezone}), the plan says {m.timezone}")
        if not scenario.mission.online:
            buyer_leg_id = buyer.leg_id or next((lg.id for lg in scenario.mission.legs
                                                 if lg.city.casefold() == buyer.city.casefold()), None)
            if buyer_leg_id != leg.id:
                add("buyer met outside its city", [m], f"{buyer.id} ({buyer.city}) is met in the {leg.city} leg")
        if any(m.start < w.end and w.start < m.end for w in firm.unavailable):
            add("firm unavailable", [m], f"{firm.id} is unavailable at {m.start.isoformat()}")
        if buyer.availability and not any(w.start <= m.start and m.end <= w.end for w in buyer.availability):
            add("buyer outside availability", [m], f"{buyer.id} is not available at {m.start.isoformat()}")
        if scenario.mission.online:
            hours = buyer.business_hours or scenario.mission.buyer_business_hours
            zone = ZoneInfo(buyer.timezone)
            local_start, local_end = m.start.astimezone(zone), m.end.astimezone(zone)
            if local_start.date() != local_end.date() or local_start.time() < hours.start or local_end.time() > hours.end:
                add("outside buyer's business hours", [m], f"{buyer.id}: {local_start:%H:%M}-{local_end:%H:%M} in "
                                                           f"{buyer.timezone}, business hours {hours.start:%H:%M}-"
                                                           f"{hours.end:%H:%M}")
        _check_place(m, buyer, leg.id, venues, sites, add)
        _check_interpreter(m, firm, buyer, interpreters, add)

    _check_overlaps(meetings, firms, interpreters, venues, add)
    _check_travel(meetings, legs, firms, add)
    _check_counts_and_pairs(scenario, meetings, add)
    return found


def _check_place(m: Meeting, buyer: Buyer, leg_id: str, venues: dict, sites: dict, add) -> None:
    if buyer.meets_at is MeetingPlace.site and buyer.site_id:
        if m.place is not MeetingPlace.site or m.site_id != buyer.site_id:
            add("site visit not at the site", [m], f"{buyer.id} is visited at {buyer.site_id}, the plan says "
                                                   f"{m.place} {m.site_id or m.venue_id}")
        return
    if m.site_id is not None and (m.site_id not in sites or sites[m.site_id].buyer_id != buyer.id):
        add("site of another buyer", [m], f"{m.id} is at site {m.site_id}, not {buyer.id}'s")
    if m.venue_id is not None and (m.venue_id not in venues or venues[m.venue_id][0] != leg_id):
        add("venue not in the leg", [m], f"{m.id} is at {m.venue_id}, not a venue of leg {leg_id}")
    if m.place is not MeetingPlace.site and m.venue_id is None:
        add("meeting without a place", [m], f"{m.id} has neither a venue nor a site")


def _check_interpreter(m: Meeting, firm: Firm, buyer: Buyer, interpreters: dict, add) -> None:
    needed = _needs_interpreter(firm, buyer)
    if m.interpreter_id is None:
        if needed:
            add("interpreter missing", [m], f"{firm.id} and {buyer.id} share no language and {m.id} has no interpreter")
        return
    person = interpreters.get(m.interpreter_id)
    if person is None:
        add("unknown interpreter", [m], f"{m.id} names interpreter {m.interpreter_id!r}, not in the scenario")
        return
    spoken = {lang for pair in person.language_pairs for lang in pair.split("-")}
    if KOREAN not in spoken or not spoken & (set(buyer.languages or ["en"]) - {KOREAN}):
        add("interpreter without the language", [m], f"{person.id} ({', '.join(person.language_pairs)}) cannot "
                                                     f"interpret for {buyer.id} ({', '.join(buyer.languages)})")
    if person.legs and m.leg_id not in person.legs:
        add("interpreter unavailable", [m], f"{person.id} does not serve leg {m.leg_id}")
    if person.availability and not any(w.start <= m.start and m.end <= w.end for w in person.availability):
        add("interpreter unavailable", [m], f"{person.id} is not available at {m.start.isoformat()}")


def _check_overlaps(meetings: list[Meeting], firms: dict, interpreters: dict, venues: dict, add) -> None:
    """Firm and buyer double-booking, interpreter double-booking and venue capacity, on instants."""
    ordered = sorted(meetings, key=lambda m: m.start)
    for i, m in enumerate(ordered):
        at_once = [m]
        for n in ordered[i + 1:]:
            if n.start >= m.end:
                break
            at_once.append(n)
        firm_load = [n for n in at_once if n.firm_id == m.firm_id]
        representatives = firms[m.firm_id].representatives if m.firm_id in firms else 1
        if len(firm_load) > representatives:
            add("firm double-booked", firm_load, f"{m.firm_id} has {len(firm_load)} meetings at {m.start.isoformat()} "
                                                 f"and {representatives} representative(s)")
        clash = [n for n in at_once[1:] if n.buyer_id == m.buyer_id]
        if clash:
            add("buyer double-booked", [m, *clash], f"{m.buyer_id} has two meetings at {m.start.isoformat()}")
        if m.interpreter_id is not None:
            clash = [n for n in at_once[1:] if n.interpreter_id == m.interpreter_id]
            if clash:
                add("interpreter over capacity", [m, *clash], f"{m.interpreter_id} is in two meetings at "
                                                              f"{m.start.isoformat()}")
        if m.venue_id in venues:
            same = [n for n in at_once if n.venue_id == m.venue_id and n.place is not MeetingPlace.site]
            capacity = venues[m.venue_id][1].capacity
            if len(same) > capacity:
                add("venue over capacity", same, f"{len(same)} meetings at {m.venue_id} at {m.start.isoformat()}, "
                                                 f"{capacity} {venues[m.venue_id][1].resource.value}s")
            units = Counter(n.unit for n in same if n.unit is not None)
            for unit, count in units.items():
                if count > 1 and m.unit == unit:
                    add("unit double-booked", [n for n in same if n.unit == unit],
                        f"{m.venue_id} {unit} has {count} meetings at {m.start.isoformat()}")


def _check_travel(meetings: list[Meeting], legs: dict, firms: dict, add) -> None:
    """Consecutive meetings of a firm (or buyer) at different places leave time to travel.

    A firm with several representatives may split up, so its agenda is not one person's route.
    """
    minutes: dict[tuple[str, str], int] = {}
    for leg in legs.values():
        for t in leg.travel_times:
            minutes[t.origin, t.destination] = t.minutes
            if t.symmetric:
                minutes.setdefault((t.destination, t.origin), t.minutes)
    if not minutes:
        return
    for key in ("firm_id", "buyer_id"):
        agenda: dict[str, list[Meeting]] = defaultdict(list)
        for m in meetings:
            agenda[getattr(m, key)].append(m)
        for who, own in agenda.items():
            if key == "firm_id" and who in firms and firms[who].representatives > 1:
                continue
            own.sort(key=lambda m: m.start)
            for a, b in zip(own, own[1:]):
                here, there = a.site_id or a.venue_id, b.site_id or b.venue_id
                if here == there or a.start.date() != b.start.date():
                    continue
                need = minutes.get((here, there), 0)
                gap = (b.start - a.end).total_seconds() / 60
                if need > gap:
                    add("travel time too short", [a, b], f"{who} needs {need} min from {here} to {there}, has "
                                                         f"{gap:.0f}")


def _check_requests(scenario: Scenario, meetings: list[Meeting], must: set[tuple[str, str]], add) -> None:
    """Requested meetings: in the part of the day asked for (morning: starting before 12:00 local
    time), in the order asked for, and (only_requested) no meeting that was not requested."""
    rules = scenario.rules
    by_pair = {(m.firm_id, m.buyer_id): m for m in meetings}
    for request in rules.must_meet:
        m = by_pair.get((request.firm, request.buyer))
        if m is None or request.when.value == "any":
            continue
        local = m.start.astimezone(ZoneInfo(m.timezone))
        if (local.hour < 12) != (request.when.value == "morning"):
            add("requested part of the day", [m], f"{m.firm_id} meets {m.buyer_id} at {local:%H:%M}; it was requested "
                                                  f"for the {request.when.value}")
    for precedence in rules.precedences:
        first = by_pair.get((precedence.before.firm, precedence.before.buyer))
        then = by_pair.get((precedence.after.firm, precedence.after.buyer))
        if first is not None and then is not None and first.end > then.start:
            add("precedence broken", [first, then], f"{first.firm_id}-{first.buyer_id} must end before "
                                                    f"{then.firm_id}-{then.buyer_id} starts")
    if rules.only_requested:
        for m in meetings:
            if (m.firm_id, m.buyer_id) not in must:
                add("meeting not requested", [m], f"{m.firm_id} meets {m.buyer_id}, which nobody requested; "
                                                  "only requested meetings are placed")


def _check_counts_and_pairs(scenario: Scenario, meetings: list[Meeting], add) -> None:
    rules = scenario.rules
    pairs = Counter((m.firm_id, m.buyer_id) for m in meetings)
    for (firm_id, buyer_id), count in pairs.items():
        if count > 1:
            add("pair met more than once", [m for m in meetings if (m.firm_id, m.buyer_id) == (firm_id, buyer_id)],
                f"{firm_id} meets {buyer_id} {count} times")
    never = {(p.firm, p.buyer) for p in rules.never_meet} | {(f.id, b) for f in scenario.firms for b in f.never_meet}
    must = {(p.firm, p.buyer) for p in rules.must_meet} | {(f.id, b) for f in scenario.firms for b in f.must_meet}
    met = {(f.id, b) for f in scenario.firms for b in f.met_before}
    for m in meetings:
        pair = (m.firm_id, m.buyer_id)
        if pair in never:
            add("never-meet pair scheduled", [m], f"{m.firm_id} must never meet {m.buyer_id}")
        if rules.met_before_policy is MetBeforePolicy.avoid and pair in met and pair not in must:
            add("met-before pair scheduled", [m], f"{m.firm_id} met {m.buyer_id} before; the policy avoids repeats")
        if rules.met_before_policy is MetBeforePolicy.only and pair not in met and pair not in must:
            add("new pair in a follow-up", [m], f"{m.firm_id} did not meet {m.buyer_id} before; the policy is 'only'")
    for firm_id, buyer_id in sorted(must - set(pairs)):
        add("must-meet not placed", [], f"{firm_id} must meet {buyer_id}; the plan has no such meeting")
    _check_requests(scenario, meetings, must, add)
    firm_counts = Counter(m.firm_id for m in meetings)
    for firm in scenario.firms:
        count = firm_counts.get(firm.id, 0)
        if rules.max_meetings_per_firm is not None and count > rules.max_meetings_per_firm:
            add("too many meetings", [], f"{firm.id} has {count} meetings, at most {rules.max_meetings_per_firm}")
        if count < rules.min_meetings_per_firm:
            add("too few meetings", [], f"{firm.id} has {count} meetings, at least {rules.min_meetings_per_firm}")
    buyer_counts = Counter(m.buyer_id for m in meetings)
    for buyer in scenario.buyers:
        count = buyer_counts.get(buyer.id, 0)
        limits = [n for n in (buyer.max_meetings, rules.max_meetings_per_buyer) if n is not None]
        if limits and count > min(limits):
            add("too many meetings", [], f"{buyer.id} has {count} meetings, at most {min(limits)}")
        if count < rules.min_meetings_per_buyer:
            add("too few meetings", [], f"{buyer.id} has {count} meetings, at least {rules.min_meetings_per_buyer}")
