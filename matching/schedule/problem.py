"""The participant-generic scheduling instance and its solution.

The core knows nothing of firms, buyers or trade missions: it schedules *meetings between two
participants* into *slots*, each meeting option at a *place* and consuming *resources* (a table of a
venue, a video room, an interpreter of a language pool). The domain layer (:mod:`.instance`) maps a
scenario onto it; the business-forum benchmark maps a MiniZinc instance onto it. Times are minutes
from an arbitrary origin, so the core never handles zones.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field


def idle_runs(busy_slots: Iterable[int]) -> int:
    """Breaks in one day of slot indices: maximal idle runs between the first and the last busy slot."""
    ordered = sorted(set(busy_slots))
    return sum(1 for a, b in zip(ordered, ordered[1:]) if b > a + 1)


class CoreModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CoreSlot(CoreModel):
    """A slot: its day (breaks are counted per participant and day) and its time in minutes."""

    day: int = Field(ge=0, description="Day index; slots of one day are consecutive in this list.")
    start: int = Field(description="Start, minutes from the origin.")
    end: int = Field(description="End, minutes from the origin.")
    half: int = Field(0, ge=0, le=2, description="1 morning, 2 afternoon, 0 not split.")


class Option(CoreModel):
    """One way to hold a meeting: a slot, a place and the resource pools it draws on."""

    slot: int = Field(ge=0, description="Index into the instance's slots.")
    place: str = Field("", description="Where the meeting happens (venue, site, room); travel is between places.")
    resources: tuple[str, ...] = Field((), description="Resource pools it uses one unit of in its slot.")
    any_of: tuple[str, ...] = Field((), description="Pools it uses one unit of exactly one of (interpreters "
                                                   "able to take the meeting, grouped by what they can do).")


class Request(CoreModel):
    """A meeting that may (or must) happen between participants ``a`` and ``b``."""

    id: str = Field(description="Unique id; also the CP-SAT name prefix.")
    a: str = Field(description="First participant (a firm in missions).")
    b: str = Field(description="Second participant (a buyer in missions).")
    weight: int = Field(0, ge=0, description="Value of holding it (match score x 100).")
    required: bool = Field(False, description="Must be placed (must-meet, requested meeting).")
    options: list[Option] = Field(description="Slots, places and resources it may take.")
    locked: int | None = Field(None, description="Slot it is locked to (a published or past meeting).")
    reference: int | None = Field(None, description="Slot it had in the reference plan (stability).")


class Participant(CoreModel):
    """Someone who meets: at most ``capacity`` meetings per slot, between min and max in total."""

    id: str
    capacity: int = Field(1, ge=1, description="Meetings at once (representatives of a firm).")
    min_meetings: int = Field(0, ge=0)
    max_meetings: int | None = Field(None, ge=0)
    target: int | None = Field(None, ge=0, description="Meetings it should get; fairness raises the worst-off first.")
    fair: bool = Field(False, description="Counted by the fairness objective (firms in missions).")
    compact: bool = Field(True, description="Its breaks count in the compact-agenda objective.")


class Travel(CoreModel):
    """Minutes to get from one place to another (both ways unless given separately)."""

    origin: str
    destination: str
    minutes: int = Field(ge=0)


class TravelTimes:
    """An instance's travel times, read the way every part of the core reads them: a direction not
    given takes the reverse's time; the same place, or another day, needs no travel; and whom the
    rule binds."""

    def __init__(self, instance: Instance) -> None:
        self.slots = instance.slots
        self.minutes = {(t.origin, t.destination): t.minutes for t in instance.travel}
        self.alone = {p.id for p in instance.participants if p.capacity == 1}

    def __bool__(self) -> bool:
        return bool(self.minutes)

    def binds(self, person: str) -> bool:
        """Whether the travel rule applies to this participant: one at a time, so its agenda is one
        person's route. Several representatives may split up between places."""
        return person in self.alone

    def too_far(self, first: tuple[int, str], then: tuple[int, str]) -> bool:
        """Whether one person cannot be at ``first`` (slot, place) and then at ``then``, the next
        of its meetings (either order: the earlier slot is taken first)."""
        (s, here), (t, there) = sorted((first, then))
        earlier, later = self.slots[s], self.slots[t]
        if here == there or s == t or earlier.day != later.day:
            return False
        need = self.minutes.get((here, there), self.minutes.get((there, here), 0))
        return need > later.start - earlier.end


class Precedence(CoreModel):
    """Request ``before`` must end before request ``after`` starts (both when placed)."""

    before: str
    after: str


class Instance(CoreModel):
    """Everything the solver needs."""

    slots: list[CoreSlot]
    participants: list[Participant]
    requests: list[Request]
    capacities: dict[str, list[int]] = Field(default_factory=dict,
                                             description="Resource pool -> units available per slot.")
    travel: list[Travel] = Field(default_factory=list)
    precedences: list[Precedence] = Field(default_factory=list)
    break_spread: int | None = Field(None, ge=0, description="Fairness bound d on break counts (max - min).")

    def units(self, pool: str, slot: int) -> int:
        """Units of a pool in a slot (an unknown pool has none)."""
        units = self.capacities.get(pool)
        return units[slot] if units is not None else 0

    def required_count(self) -> int:
        """Requests that must be placed (must-meet pairs, requested meetings)."""
        return sum(1 for request in self.requests if request.required)

    def placements(self, chosen: dict[int, int]) -> list[Placement]:
        """Placements of a request index -> option index map, in request order."""
        return [Placement(request=self.requests[r].id, slot=self.requests[r].options[o].slot,
                          place=self.requests[r].options[o].place) for r, o in sorted(chosen.items())]


class Placement(CoreModel):
    """A placed meeting: the request and the option chosen."""

    request: str
    slot: int
    place: str


class Solution(CoreModel):
    """The solver's answer with its figures."""

    placements: list[Placement]
    status: str = Field(description="OPTIMAL (every stage proved), FEASIBLE (a plan, not proved best), or the "
                                    "first stage's INFEASIBLE, UNKNOWN or MODEL_INVALID when there is no plan.")
    objectives: dict[str, float] = Field(default_factory=dict, description="Value of each lexicographic stage.")
    bounds: dict[str, float] = Field(default_factory=dict, description="Best bound of each stage.")
    stages: dict[str, str] = Field(default_factory=dict, description="CP-SAT status of each stage run.")
    seconds: float = 0.0
    stopped: bool = Field(False, description="Interrupted (Ctrl-C or time): the best solution so far.")
    reproducible: bool = Field(False, description="Another run with the same instance and seed gives this solution.")
