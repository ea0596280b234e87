"""Re-planning with the fewest changes: keep what has happened, disturb as little as the change forces.

Given the changed scenario, the published plan and the moment ``now``:

* **held** — every meeting that started before ``now`` and every locked meeting stays exactly as
  it is (slot, place, table, interpreter);
* **forced** — a published meeting whose slot the change made impossible (its buyer cancelled, its
  day is gone ...) must move or go, and carries its reason in the user's words; when meetings only
  conflict together (one interpreter fewer for two meetings at 10:00), the solver's proved bound
  on moved meetings counts them too: the least any re-plan can change;
* **the rest** — first tried pinned where they are (the common case: a cancellation only frees
  time), adding new meetings only in what the change freed; when the pinned meetings no longer
  fit together (fewer tables, one interpreter less), the timetable is re-solved with stability
  as the objective right after must-meet meetings, hinted with the published plan.

Nothing moves into the past: every meeting not held starts at ``now`` or later.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from matching.candidates import find_candidates
from matching.domain import Candidate, Meeting, Plan, Scenario
from matching.planner import PlanningError, plan_instance
from matching.schedule.grid import slot_ids
from matching.schedule.instance import (
    MissionInstance,
    able_pools,
    build_instance,
    interpreter_missing,
    meeting_leg,
    request_id,
    slot_blocker,
)
from matching.schedule.problem import Instance, Option, Request
from matching.schedule.solver import REPLAN_STAGES, STAGES, Progress
from matching.score import PairScorer
from matching.whatif.diff import PlanDiff, diff_plans, differences


PINNED_SECONDS = 2.0
"""Time for the first try, published meetings pinned: the freed time is filled and the counting
stages proved in about a second; compact agendas, whose bound is weak, take what is left."""


@dataclass
class Replanned:
    """A re-plan: the new plan, its diff against the published one, and the figures that judge it.

    ``held``: meetings kept because they started before now or are locked; ``forced``: published
    meetings the change made impossible, the least a re-plan can disturb; ``resolved``: the rest did
    not fit as they were and were re-solved with stability as the objective.
    """

    plan: Plan
    diff: PlanDiff
    held: int
    forced: int
    resolved: bool = False

    @property
    def figures(self) -> dict[str, float]:
        """Changes beside the least possible, for the CLI and the benchmark."""
        return {"held": self.held, "kept": self.diff.kept, "moved": self.diff.count("moved"),
                "cancelled": self.diff.count("cancelled"), "added": self.diff.count("added"),
                "disturbed": self.diff.disturbed, "forced": self.forced}


def replan(scenario: Scenario, published: Plan, now: datetime, *, locked: Sequence[Meeting] = (),
           causes: Mapping[str, str] | None = None, allow_new: bool = True, time_limit: float = 30.0, seed: int = 0,
           workers: int = 2, parallel: bool = False, progress: Progress | None = None) -> Replanned:
    """The changed scenario planned again from ``now`` with as few changes to ``published`` as it forces.

    ``causes`` ('buyer:CH14' -> "buyer CH14 cancels from ...", see :class:`~.overlay.Applied`) word
    the reasons of the meetings a change takes out. Raises :class:`~matching.planner.PlanningError`
    when a held meeting no longer fits the changed scenario (the message says what to change) or
    when no plan keeps every hard rule.
    """
    held = _held(published, now, locked)
    _check_held(scenario, held)
    grid = slot_ids(scenario.mission)
    rest = [m for m in published.meetings if (m.firm_id, m.buyer_id) not in held]
    previous = [*held.values(), *rest]
    held_slots = {request_id(*pair): _slot_of(m, grid, "held") for pair, m in held.items()}
    reference = {request_id(m.firm_id, m.buyer_id): grid[m.leg_id, m.start] for m in rest if (m.leg_id, m.start) in grid}
    built = build_instance(scenario, replan_candidates(scenario, previous), locked=held_slots, reference=reference,
                           not_before=now)
    reasons = _forced_reasons(built, rest, grid, causes or {})
    options = dict(time_limit=time_limit, seed=seed, workers=workers, parallel=parallel, progress=progress,
                   previous=previous)
    pinned = _pinned(built, reasons, allow_new,
                     {request_id(m.firm_id, m.buyer_id): m.interpreter_id for m in previous if m.interpreter_id})
    hint = {r.id: r.reference if r.locked is None else r.locked for r in built.instance.requests
            if r.reference is not None or r.locked is not None}
    resolved = False
    try:
        plan = plan_instance(pinned, stages=STAGES, hint=hint, heuristics=False,
                             **options | {"time_limit": min(time_limit, PINNED_SECONDS)})
    except PlanningError:
        resolved = True
        plan = plan_instance(_only_published(built) if not allow_new else built, stages=REPLAN_STAGES, hint=hint,
                             **options)
    plan = _mark_held(plan, held)
    diff = diff_plans(published, plan, reasons)
    forced = len(reasons)
    if resolved:  # the moved stage's proved bound also counts meetings that only conflict together
        in_model = {r.id for r in built.instance.requests}
        outside = sum(1 for pair in reasons if request_id(*pair) not in in_model)
        forced = max(forced, outside + round(plan.bounds.get("moved", 0)))
    return Replanned(plan=plan, diff=diff, held=len(held), forced=forced, resolved=resolved)


def _held(published: Plan, now: datetime, locked: Sequence[Meeting]) -> dict[tuple[str, str], Meeting]:
    held = {(m.firm_id, m.buyer_id): m for m in published.meetings if m.start < now or m.locked}
    held.update({(m.firm_id, m.buyer_id): m for m in locked})
    return held


def _check_held(scenario: Scenario, held: dict[tuple[str, str], Meeting]) -> None:
    """Every held meeting's firm, buyer and interpreter still exist: the past cannot be removed."""
    firms, buyers = {f.id for f in scenario.firms}, {b.id for b in scenario.buyers}
    interpreters = {i.id for i in scenario.interpreters}
    problems = []
    for meeting in sorted(held.values(), key=lambda m: m.start):
        for kind, ident, known in (("firm", meeting.firm_id, firms), ("buyer", meeting.buyer_id, buyers),
                                   ("interpreter", meeting.interpreter_id, interpreters)):
            if ident is not None and ident not in known:
                problems.append(f"meeting {meeting.id} ({meeting.start:%d %b %H:%M}) is held (before --now or locked) "
                                f"but {kind} {ident} was removed; to stop it taking part from a time on, use "
                                f"'cancel: {{{kind}: {ident}, from: ...}}' instead of remove_{kind}")
    if problems:
        raise PlanningError(problems)


def _slot_of(meeting: Meeting, grid: dict, what: str) -> str:
    slot = grid.get((meeting.leg_id, meeting.start))
    if slot is None:
        raise PlanningError([f"meeting {meeting.id} ({meeting.start:%d %b %H:%M}) is {what} but is no longer a slot "
                             "of the changed timetable (slot length, sessions or days changed before it); "
                             "change the timetable only after --now"])
    return slot


def replan_candidates(scenario: Scenario, meetings: Sequence[Meeting]) -> list[Candidate]:
    """The changed scenario's candidates plus every published pair that may still meet, so that a
    published meeting is never dropped only because another buyer now ranks above it."""
    scorer = PairScorer(scenario.firms, scenario.buyers, scenario.weights)
    found = find_candidates(scenario, scorer=scorer)
    have = {(c.firm_id, c.buyer_id) for c in found}
    firms, buyers = set(scorer.firm_index), set(scorer.buyer_index)
    never = {(p.firm, p.buyer) for p in scenario.rules.never_meet} | {
        (f.id, b) for f in scenario.firms for b in f.never_meet}
    extra = [scorer.pair(m.firm_id, m.buyer_id) for m in meetings
             if (m.firm_id, m.buyer_id) not in have | never and m.firm_id in firms and m.buyer_id in buyers]
    return found + extra


def _forced_reasons(built: MissionInstance, rest: Sequence[Meeting], grid: dict,
                    causes: Mapping[str, str]) -> dict[tuple[str, str], str]:
    """Published meetings (not held) that cannot stay where they are, each with the reason why."""
    scenario = built.scenario
    firms, buyers = {f.id: f for f in scenario.firms}, {b.id: b for b in scenario.buyers}
    requests = {r.id: r for r in built.instance.requests}
    slot_index = {slot.id: i for i, slot in enumerate(built.slots)}
    reasons = {}
    for meeting in rest:
        pair = (meeting.firm_id, meeting.buyer_id)
        rid = request_id(*pair)
        slot = grid.get((meeting.leg_id, meeting.start))
        if meeting.firm_id not in firms:
            reasons[pair] = causes.get(f"firm:{meeting.firm_id}", f"firm {meeting.firm_id} no longer takes part")
        elif meeting.buyer_id not in buyers:
            reasons[pair] = causes.get(f"buyer:{meeting.buyer_id}", f"buyer {meeting.buyer_id} no longer takes part")
        elif rid not in built.candidates:
            reasons[pair] = "the pair may no longer meet (never-meet or the rules)"
        elif slot is None:
            reasons[pair] = "its slot is no longer in the timetable (slot length, sessions or days changed)"
        elif rid not in requests or not any(o.slot == slot_index[slot] for o in requests[rid].options):
            index = slot_index[slot]
            firm, buyer = firms[meeting.firm_id], buyers[meeting.buyer_id]
            languages = built.languages.get(rid, ())
            missing = interpreter_missing(built.instance.capacities, able_pools(built.kinds, languages), languages,
                                          index)
            blocker = slot_blocker(scenario, firm, buyer, meeting_leg(scenario, buyer), built.slots[index], missing,
                                   built.requested_part(firm.id, buyer.id))
            reasons[pair] = _worded(blocker, firm.id, buyer.id, meeting.interpreter_id, causes)
    return reasons


def _worded(blocker: str | None, firm: str, buyer: str, interpreter: str | None, causes: Mapping[str, str]) -> str:
    """The blocker in the user's words, naming the change behind it when one took the participant out."""
    if blocker is None:
        return "its slot is no longer possible"
    if blocker.startswith("the buyer"):
        return causes.get(f"buyer:{buyer}", blocker.replace("the buyer", f"buyer {buyer}"))
    if blocker.startswith("the firm"):
        return causes.get(f"firm:{firm}", blocker.replace("the firm", f"firm {firm}"))
    if blocker.startswith("no interpreter") and f"interpreter:{interpreter}" in causes:
        return f"{blocker} ({causes[f'interpreter:{interpreter}']})"
    return blocker


def _pinned(built: MissionInstance, forced: dict[tuple[str, str], str], allow_new: bool,
            interpreters: Mapping[str, str]) -> MissionInstance:
    """The instance with every published meeting that can stay locked where it is, drawing on the
    pool of the interpreter it has (request id -> interpreter id), so that a new meeting never takes
    a kept meeting's interpreter; without ``allow_new`` only held and published meetings remain."""
    pool_of = {member.id: pool for pool, members in built.kinds.items() for member in members}
    requests = []
    for request in built.instance.requests:
        if request.reference is not None and built.firm_buyer(request.id) not in forced:
            request = request.model_copy(update={"locked": request.reference, "reference": None})
        elif request.reference is not None:
            request = request.model_copy(update={"reference": None})
        if request.locked is not None:  # only its slot, and its interpreter's pool
            pool = pool_of.get(interpreters.get(request.id, ""))
            request = request.model_copy(update={"options": [
                o.model_copy(update={"any_of": (pool,)}) if pool in o.any_of else o
                for o in request.options if o.slot == request.locked]})
        if allow_new or request.locked is not None:
            requests.append(request)
    return _with_requests(built, _around_pinned(built.instance, requests))


def _around_pinned(instance: Instance, requests: list[Request]) -> list[Request]:
    """The requests without what pinned meetings already rule out, so the model stays small: options
    in a slot where a participant's pinned meetings fill its capacity or where pinned meetings take
    every unit of a pool the option needs (a venue's tables, the interpreters able to take it), and
    every unpinned request of a participant whose pinned meetings reach its maximum."""
    participants = {p.id: p for p in instance.participants}
    busy: Counter[tuple[str, int]] = Counter()
    pinned: Counter[str] = Counter()
    taken: Counter[tuple[str, int]] = Counter()
    interpreted: dict[int, list[frozenset[str]]] = {}
    for request in requests:
        if request.locked is not None:
            for person in (request.a, request.b):
                busy[person, request.locked] += 1
                pinned[person] += 1
            options = [o for o in request.options if o.slot == request.locked]
            if len(options) == 1:  # its place is certain, so are the units it takes
                for pool in options[0].resources:
                    taken[pool, request.locked] += 1
                if options[0].any_of:
                    interpreted.setdefault(request.locked, []).append(frozenset(options[0].any_of))

    def full(person: str) -> bool:
        most = participants[person].max_meetings
        return most is not None and pinned[person] >= most

    def room(request: Request, option: Option) -> bool:
        if any(busy[person, option.slot] >= participants[person].capacity for person in (request.a, request.b)):
            return False
        if any(taken[pool, option.slot] >= instance.units(pool, option.slot) for pool in option.resources):
            return False
        if not option.any_of:
            return True
        # Pinned meetings that can only be interpreted from this option's pools use them up first.
        pools = frozenset(option.any_of)
        needing = sum(1 for able in interpreted.get(option.slot, ()) if able <= pools)
        return needing < sum(instance.units(pool, option.slot) for pool in pools)

    kept = []
    for request in requests:
        if request.locked is None:
            if full(request.a) or full(request.b):
                continue
            options = [o for o in request.options if room(request, o)]
            if not options and not request.required:
                continue
            request = request.model_copy(update={"options": options}) if len(options) != len(request.options) else request
        kept.append(request)
    return kept


def _only_published(built: MissionInstance) -> MissionInstance:
    return _with_requests(built, [r for r in built.instance.requests if r.locked is not None or r.reference is not None])


def _with_requests(built: MissionInstance, requests: list) -> MissionInstance:
    return replace(built, instance=built.instance.model_copy(update={"requests": requests}))


def _mark_held(plan: Plan, held: dict[tuple[str, str], Meeting]) -> Plan:
    """Held meetings are flagged locked, so the next re-plan keeps them too; any held meeting the
    plan changed is a bug, never a silent edit of the past."""
    meetings = []
    for meeting in plan.meetings:
        was = held.get((meeting.firm_id, meeting.buyer_id))
        if was is not None:
            if differences(was, meeting):
                raise PlanningError([f"held meeting {was.id} could not be kept exactly as it was "
                                     f"({was.start:%d %b %H:%M}, {was.venue_id or was.site_id} {was.unit or ''}, "
                                     f"interpreter {was.interpreter_id}); is its table or interpreter still there?"])
            meeting = was.model_copy(update={"locked": True})  # as it happened, its score included
        meetings.append(meeting)
    planned = {(m.firm_id, m.buyer_id) for m in plan.meetings}
    missing = [m.id for pair, m in held.items() if pair not in planned]
    if missing:
        raise PlanningError([f"held meetings could not be kept: {', '.join(sorted(missing))}"])
    return plan.model_copy(update={"meetings": meetings})
