"""The time grid: the meeting slots of every leg, date and session, as aware instants.

Slots are laid out in each leg's local wall-clock time (so a 09:00 session starts at 09:00 in
Chicago and in Detroit whatever their UTC offsets) and carry their zone.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import AwareDatetime, Field

from matching.domain import DayPart, Id, Leg, Mission, Model


class Slot(Model):
    """One meeting slot of one leg."""

    id: Id = Field(description="Deterministic id: leg, date and local start time.")
    leg_id: Id
    day: date = Field(description="Local calendar date of the leg.")
    session: int = Field(ge=0, description="Index of the session in the leg's day.")
    start: AwareDatetime = Field(description="Start, in the leg's zone.")
    end: AwareDatetime = Field(description="End, in the leg's zone.")

    @property
    def part(self) -> DayPart:
        """Morning when it starts before 12:00 local time, else afternoon."""
        return DayPart.morning if self.start.hour < 12 else DayPart.afternoon


def leg_slots(leg: Leg, slot_minutes: int, buffer_minutes: int) -> list[Slot]:
    """Slots of one leg in time order: as many whole slots as fit in each session, buffers between."""
    zone = leg.zone
    length, step = timedelta(minutes=slot_minutes), timedelta(minutes=slot_minutes + buffer_minutes)
    slots = []
    for day in sorted(leg.dates):
        for index, session in sorted(enumerate(leg.sessions), key=lambda item: item[1].start):
            start, close = datetime.combine(day, session.start), datetime.combine(day, session.end)
            while start + length <= close:
                slots.append(Slot(id=f"{leg.id}-{day:%Y%m%d}-{start:%H%M}", leg_id=leg.id, day=day, session=index,
                                  start=start.replace(tzinfo=zone), end=(start + length).replace(tzinfo=zone)))
                start += step
    return slots


def build_slots(mission: Mission) -> list[Slot]:
    """Slots of every leg, legs in visiting order."""
    return [slot for leg in mission.legs for slot in leg_slots(leg, mission.slot_minutes, mission.buffer_minutes)]


def slot_ids(mission: Mission) -> dict[tuple[str, datetime], str]:
    """Slot id by (leg, start): where a published meeting sits in the grid (absent: not a slot of it)."""
    return {(slot.leg_id, slot.start): slot.id for slot in build_slots(mission)}
