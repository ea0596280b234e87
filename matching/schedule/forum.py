"""Business forums with requested meetings: the MiniZinc ``.dzn`` instances of the B2B literature.

A forum instance lists participants (``nBusiness``), the meetings they requested (``requested``:
participant, participant, session 1 = morning, 2 = afternoon, 3 = any), the tables per slot
(``nTables``), the slots (``nTotalSlots``, the first ``nMorningSlots`` in the morning), each
participant's ``forbidden`` slots, ``fixed`` slots (0 = free) and ``precedences`` (per meeting, the
meetings that must come earlier). Every requested meeting must be placed; the objective is the total
number of breaks, with a participant's break count at most ``d`` above the smallest (among the
participants who have meetings: one with none has no agenda to be fair to).

Numbering follows the files: participants, meetings and slots are 1-based; a ``meetingsxBusiness``
set lists meeting numbers shifted by +1 with a dummy 1; ``forbidden`` sets carry a dummy 0 (so an
empty set is written ``{0}``). Breaks are counted over the whole day, lunch included, as in the
literature's single slot sequence.
"""

from __future__ import annotations

import math
import random
import re

from pydantic import BaseModel, ConfigDict, Field, model_validator

from matching.schedule.problem import CoreSlot, Instance, Option, Participant, Precedence, Request, idle_runs
from matching.schedule.solver import FORUM_STAGES, solve

TABLES = "tables"


class ForumInstance(BaseModel):
    """A business-forum instance, 0-based inside (files are 1-based)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field("", description="Instance name (the file's stem).")
    participants: int = Field(ge=1, description="nBusiness.")
    tables: int = Field(ge=0, description="nTables: meetings at once.")
    slots: int = Field(ge=1, description="nTotalSlots.")
    morning_slots: int = Field(ge=0, description="nMorningSlots: slots 0..k-1 are the morning.")
    meetings: list[tuple[int, int, int]] = Field(description="(participant, participant, session 1/2/3), 0-based.")
    forbidden: list[list[int]] = Field(description="Per participant, slots it cannot meet in (0-based).")
    fixed: list[int | None] = Field(description="Per meeting, the slot it is pinned to, or None.")
    precedences: list[list[int]] = Field(description="Per meeting, the meetings that must end before it starts.")

    @model_validator(mode="after")
    def _consistent(self) -> ForumInstance:
        n, m, s = self.participants, len(self.meetings), self.slots
        if self.morning_slots > s:
            raise ValueError(f"nMorningSlots {self.morning_slots} exceeds nTotalSlots {s}")
        for i, (a, b, session) in enumerate(self.meetings, start=1):
            if not (0 <= a < n and 0 <= b < n) or a == b:
                raise ValueError(f"requested meeting {i} names participants outside 1..{n} or one twice")
            if session not in (1, 2, 3):
                raise ValueError(f"requested meeting {i} has session {session}; expected 1, 2 or 3")
        if len(self.forbidden) != n:
            raise ValueError(f"forbidden has {len(self.forbidden)} sets; expected nBusiness = {n}")
        if len(self.fixed) != m or len(self.precedences) != m:
            raise ValueError(f"fixed and precedences need one entry per meeting ({m})")
        if any(slot is not None and not 0 <= slot < s for slot in self.fixed):
            raise ValueError(f"a fixed slot lies outside 1..{s}")
        if any(not 0 <= j < m for earlier in self.precedences for j in earlier):
            raise ValueError(f"a precedence names a meeting outside 1..{m}")
        return self

    def allowed(self, meeting: int) -> list[int]:
        """Slots a meeting may take: its session, neither participant forbidden, its fixed slot if any."""
        a, b, session = self.meetings[meeting]
        if self.fixed[meeting] is not None:
            candidates = [self.fixed[meeting]]
        elif session == 1:
            candidates = list(range(self.morning_slots))
        elif session == 2:
            candidates = list(range(self.morning_slots, self.slots))
        else:
            candidates = list(range(self.slots))
        banned = set(self.forbidden[a]) | set(self.forbidden[b])
        return [slot for slot in candidates if slot not in banned]


_STATEMENT = re.compile(r"(\w+)\s*=\s*(.*?);", re.S)
_SET = re.compile(r"\{([^}]*)\}")


def _ints(text: str) -> list[int]:
    return [int(token) for token in re.findall(r"-?\d+", text)]


def _set(body: str) -> list[int]:
    """A MiniZinc set literal's members; ranges ``a..b`` included."""
    members: list[int] = []
    for token in filter(None, (t.strip() for t in body.split(","))):
        low, dots, high = token.partition("..")
        members += list(range(int(low), int(high) + 1)) if dots else [int(token)]
    return members


def read_dzn(text: str, name: str = "") -> ForumInstance:
    """Parse a forum ``.dzn``; raises ValueError naming what is missing or inconsistent."""
    body = re.sub(r"%[^\n]*", "", text)
    values = {key: value for key, value in _STATEMENT.findall(body)}
    missing = [key for key in ("nBusiness", "nTables", "nTotalSlots", "nMorningSlots", "requested", "forbidden")
               if key not in values]
    if missing:
        raise ValueError(f"{name or 'instance'}: missing {', '.join(missing)}")
    n_meetings = int(values.get("nMeetings", "-1"))
    flat = _ints(values["requested"])
    if len(flat) % 3 or (n_meetings >= 0 and len(flat) != 3 * n_meetings):
        raise ValueError(f"{name or 'instance'}: requested has {len(flat)} numbers; expected 3 x nMeetings")
    meetings = [(flat[i] - 1, flat[i + 1] - 1, flat[i + 2]) for i in range(0, len(flat), 3)]
    forbidden = [[slot - 1 for slot in _set(group) if slot > 0] for group in _SET.findall(values["forbidden"])]
    fixed_raw = _ints(values["fixed"]) if "fixed" in values else [0] * len(meetings)
    precedence_sets = _SET.findall(values["precedences"]) if "precedences" in values else [""] * len(meetings)
    try:
        return ForumInstance(
            name=name, participants=int(values["nBusiness"]), tables=int(values["nTables"]),
            slots=int(values["nTotalSlots"]), morning_slots=int(values["nMorningSlots"]), meetings=meetings,
            forbidden=forbidden, fixed=[slot - 1 if slot > 0 else None for slot in fixed_raw],
            precedences=[[j - 1 for j in _set(group) if j > 0] for group in precedence_sets])
    except ValueError as exc:
        raise ValueError(f"{name or 'instance'}: {exc}") from None


def meeting_id(meeting: int) -> str:
    return f"m{meeting + 1}"


def to_instance(forum: ForumInstance, d: int | None = 2) -> Instance:
    """The core instance: every meeting required, one table pool, breaks minimised with spread ``d``."""
    slots = [CoreSlot(day=0, start=s * 10, end=s * 10 + 10, half=1 if s < forum.morning_slots else 2)
             for s in range(forum.slots)]
    requests = [Request(id=meeting_id(i), a=f"p{a + 1}", b=f"p{b + 1}", required=True,
                        options=[Option(slot=s, resources=(TABLES,)) for s in forum.allowed(i)])
                for i, (a, b, _) in enumerate(forum.meetings)]
    participants = [Participant(id=f"p{p + 1}") for p in range(forum.participants)]
    precedences = [Precedence(before=meeting_id(j), after=meeting_id(i))
                   for i, earlier in enumerate(forum.precedences) for j in earlier]
    return Instance(slots=slots, participants=participants, requests=requests,
                    capacities={TABLES: [forum.tables] * forum.slots}, precedences=precedences, break_spread=d)


class ForumResult(BaseModel):
    """One line of the forum benchmark."""

    model_config = ConfigDict(extra="forbid")

    instance: str
    breaks: int | None = Field(description="Total breaks of the best timetable, null when none was found.")
    optimal: bool = Field(description="The breaks are proved minimal.")
    infeasible: bool = Field(description="Proved to have no timetable.")
    seconds: float
    bound: int | None = Field(None, description="Proved lower bound on the breaks (null when not reached).")
    slots: dict[int, int] | None = Field(None, exclude=True, description="Meeting -> slot (0-based) of the timetable.")


def forum_breaks(forum: ForumInstance, slots: dict[int, int]) -> list[int]:
    """Breaks per participant: idle runs between its first and last meeting of the day."""
    busy: list[set[int]] = [set() for _ in range(forum.participants)]
    for meeting, slot in slots.items():
        a, b, _ = forum.meetings[meeting]
        busy[a].add(slot)
        busy[b].add(slot)
    return [idle_runs(taken) for taken in busy]


def check_forum(forum: ForumInstance, slots: dict[int, int], d: int | None) -> list[str]:
    """Every rule a forum timetable must keep, re-derived from the instance; empty when it keeps them."""
    problems = [f"meeting {i + 1} is not placed" for i in range(len(forum.meetings)) if i not in slots]
    seen: dict[tuple[int, int], int] = {}
    per_slot: dict[int, int] = {}
    for meeting, slot in sorted(slots.items()):
        if slot not in forum.allowed(meeting):
            problems.append(f"meeting {meeting + 1} is in slot {slot + 1}, outside its session, fixed or allowed slots")
        per_slot[slot] = per_slot.get(slot, 0) + 1
        for person in forum.meetings[meeting][:2]:
            if (person, slot) in seen:
                problems.append(f"participant {person + 1} has meetings {seen[person, slot] + 1} and {meeting + 1} "
                                f"in slot {slot + 1}")
            seen[person, slot] = meeting
        for earlier in forum.precedences[meeting]:
            if earlier in slots and slots[earlier] >= slot:
                problems.append(f"meeting {earlier + 1} must come before meeting {meeting + 1}")
    problems += [f"slot {slot + 1} has {n} meetings for {forum.tables} tables"
                 for slot, n in sorted(per_slot.items()) if n > forum.tables]
    meeting_someone = {person for a, b, _ in forum.meetings for person in (a, b)}
    counts = [n for person, n in enumerate(forum_breaks(forum, slots)) if person in meeting_someone]
    if d is not None and counts and max(counts) - min(counts) > d:
        problems.append(f"break counts range from {min(counts)} to {max(counts)}, more than d = {d} apart")
    return problems


def solve_forum(forum: ForumInstance, *, d: int | None = 2, time_limit: float = 60.0, seed: int = 0,
                workers: int = 2, parallel: bool = True) -> ForumResult:
    """Place every requested meeting with the fewest breaks; the timetable is checked before it is returned.

    Three stages: place as many requested meetings as possible (no spread bound yet: an easy start,
    and proof of infeasibility when not all fit); bring the break counts within ``d`` of each other
    (how far they exceed it, minimised from that start; proved above 0, no timetable keeps ``d``);
    then the fewest breaks, bottom-up first (caps of 0, 1, ... breaks) and minimised from the stage
    before's plan when the caps have not found one. ``parallel`` by default: the
    literature's bar is proofs within a time limit, which the parallel search reaches sooner.
    """
    solution = solve(to_instance(forum, d), time_limit=time_limit, seed=seed, workers=workers, parallel=parallel,
                     stages=FORUM_STAGES)
    stages = solution.stages
    placed_all = solution.objectives.get("required", 0) == len(forum.meetings)
    within_d = solution.objectives.get("spread", 0) == 0
    if not placed_all or not within_d or stages.get("breaks") not in ("OPTIMAL", "FEASIBLE", None):
        proved = (stages.get("required") == "OPTIMAL" and not placed_all
                  or placed_all and not within_d and stages.get("spread") == "OPTIMAL"
                  or stages.get("breaks") == "INFEASIBLE")
        return ForumResult(instance=forum.name, breaks=None, optimal=False, infeasible=proved and bool(forum.meetings),
                           seconds=solution.seconds)
    slots = {int(p.request[1:]) - 1: p.slot for p in solution.placements}
    problems = check_forum(forum, slots, d)
    if problems:
        raise RuntimeError(f"{forum.name}: the solver's timetable breaks the rules: {'; '.join(problems[:3])}")
    breaks = sum(forum_breaks(forum, slots))
    bound = solution.bounds.get("breaks")
    return ForumResult(instance=forum.name, breaks=breaks, optimal=stages.get("breaks", "OPTIMAL") == "OPTIMAL",
                       infeasible=False, seconds=solution.seconds, slots=slots,
                       bound=breaks if bound is None else math.ceil(bound - 1e-6))


def render_dzn(forum: ForumInstance) -> str:
    """The instance in the ``.dzn`` format :func:`read_dzn` reads (1-based, dummies included)."""
    def as_set(values) -> str:
        return "{" + ",".join(str(v) for v in values) + "}"

    by_participant: list[list[int]] = [[] for _ in range(forum.participants)]
    for i, (a, b, _) in enumerate(forum.meetings):
        by_participant[a].append(i + 2)
        by_participant[b].append(i + 2)
    rows = "\n".join(("requested = [| " if i == 0 else "             | ") + f"{a + 1}, {b + 1}, {session},"
                     for i, (a, b, session) in enumerate(forum.meetings))
    return "\n".join([
        f"% {forum.name}" if forum.name else "% forum instance",
        f"nBusiness = {forum.participants};",
        f"nMeetings = {len(forum.meetings)};",
        f"nTables = {forum.tables};",
        f"nTotalSlots = {forum.slots};",
        f"nMorningSlots = {forum.morning_slots};",
        (rows or "requested = [|") + " |];",
        "meetingsxBusiness = [" + ", ".join(as_set([1, *ms]) for ms in by_participant) + "];",
        "nMeetingsBusiness = [" + ", ".join(str(len(ms)) for ms in by_participant) + "];",
        "forbidden = [" + ", ".join(as_set([0, *(s + 1 for s in slots)]) for slots in forum.forbidden) + "];",
        "fixed = [" + ", ".join(str(0 if s is None else s + 1) for s in forum.fixed) + "];",
        "precedences = [" + ", ".join(as_set(j + 1 for j in earlier) for earlier in forum.precedences) + "];",
        "",
    ])


def random_forum(participants: int, meetings: int, slots: int, tables: int, *, seed: int = 0,
                 name: str = "", popularity: float = 0.0, partial: float = 0.0, scattered: bool = True,
                 sessions: bool = True) -> ForumInstance:
    """A synthetic forum built around a hidden feasible timetable (so it has one when ``d`` is loose).

    Meetings are drawn between participants (uniformly, or weighted by a lognormal ``popularity``
    with that sigma, so a few participants are much in demand as at real forums) and placed in
    random slots that keep everyone single-booked and within the tables. A share ``partial`` of the
    participants attend only part of the day (a morning, an afternoon, a late arrival or an early
    departure: the rest of the day is forbidden). Then morning/afternoon requests (``sessions``),
    ``scattered`` forbidden slots, fixed slots and precedences are drawn so that this timetable
    keeps them all.
    """
    rng = random.Random(seed)
    morning = slots // 2
    present = [_attendance(rng, slots, morning) if rng.random() < partial else range(slots)
               for _ in range(participants)]
    weights = [rng.lognormvariate(0.0, popularity) for _ in range(participants)]
    busy: set[tuple[int, int]] = set()
    per_slot = [0] * slots
    drawn: list[tuple[int, int, int]] = []
    witness: list[int] = []
    pairs: set[tuple[int, int]] = set()
    for _ in range(meetings * 20):
        if len(drawn) == meetings:
            break
        a, b = sorted(rng.choices(range(participants), weights=weights, k=2))
        free = [s for s in present[a] if s in present[b] and per_slot[s] < tables
                and (a, s) not in busy and (b, s) not in busy]
        if a == b or (a, b) in pairs or not free:
            continue
        slot = rng.choice(free)
        pairs.add((a, b))
        busy |= {(a, slot), (b, slot)}
        per_slot[slot] += 1
        session = rng.choices([3, 1 if slot < morning else 2], weights=[3, 1 if sessions else 0])[0]
        drawn.append((a, b, session))
        witness.append(slot)
    forbidden = []
    for p in range(participants):
        idle = [s for s in present[p] if (p, s) not in busy]
        extra = rng.sample(idle, k=min(rng.randint(0, 2), len(idle))) if scattered else []
        forbidden.append(sorted(set(range(slots)) - set(present[p]) | set(extra)))
    fixed = [slot if rng.random() < 0.05 else None for slot in witness]
    precedences: list[list[int]] = [[] for _ in drawn]
    for _ in range(len(drawn) // 10):
        i, j = rng.sample(range(len(drawn)), 2)
        if witness[i] < witness[j] and i not in precedences[j]:
            precedences[j].append(i)
    return ForumInstance(name=name, participants=participants, tables=tables, slots=slots, morning_slots=morning,
                         meetings=drawn, forbidden=forbidden, fixed=fixed, precedences=[sorted(p) for p in precedences])


def _attendance(rng: random.Random, slots: int, morning: int) -> range:
    """The slots a part-time participant attends: a morning, an afternoon, or a late start or early end."""
    kind = rng.randrange(4)
    if kind == 0:
        return range(0, morning)
    if kind == 1:
        return range(morning, slots)
    cut = rng.randint(1, max(slots // 3, 1))
    return range(cut, slots) if kind == 2 else range(0, slots - cut)


def forum_like(seed: int, *, name: str = "") -> ForumInstance:
    """A synthetic forum shaped like the literature's real ones: 42-78 participants, 125-302 meetings,
    8-22 slots and 12-27 tables (meetings capped at 70 % of the table-slots), a skewed demand, a
    fifth of the participants there part of the day, and morning/afternoon requests on every
    other instance (even seeds)."""
    rng = random.Random(seed)
    slots, tables = rng.randint(8, 22), rng.randint(12, 27)
    meetings = min(rng.randint(125, 302), int(0.7 * slots * tables))
    return random_forum(rng.randint(42, 78), meetings, slots, tables, seed=seed, name=name, popularity=0.6,
                        partial=0.2, scattered=False, sessions=seed % 2 == 0)
