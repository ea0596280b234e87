"""A short account of a scenario: who takes part, where, and how much meeting time there is."""

from __future__ import annotations

from datetime import date
from collections import Counter

from pydantic import Field

from matching.domain import MeetingPlace, Model, Scenario
from matching.schedule import leg_slots


class LegSummary(Model):
    """One leg in figures."""

    id: str
    city: str
    country: str
    timezone: str
    dates: list[date]
    slots: int = Field(description="Meeting slots per participant over the leg.")
    units: int = Field(description="Tables, booths or rooms at the leg's venues.")
    capacity: int = Field(description="Venue meetings the leg can hold: slots x units.")
    buyers: int = Field(description="Buyers met in this leg (in person) or in the programme (online).")


class ScenarioSummary(Model):
    """A scenario in figures, for the CLI and notebooks."""

    mission_id: str
    name: str
    format: str
    organiser: str
    synthetic: bool
    firms: int
    buyers: int
    interpreters: int
    sites: int
    legs: list[LegSummary]
    slots: int = Field(description="Meeting slots over all legs.")
    buyers_by_place: dict[str, int] = Field(description="Buyers meeting at the venue, at their site, online.")
    buyer_countries: int


def summarise(scenario: Scenario) -> ScenarioSummary:
    """The figures of a valid scenario."""
    mission = scenario.mission
    legs = []
    for leg in mission.legs:
        slots = len(leg_slots(leg, mission.slot_minutes, mission.buffer_minutes))
        units = sum(v.capacity for v in leg.venues)
        met_here = sum(1 for b in scenario.buyers if mission.online or mission.leg_for(b.city, b.leg_id) is leg)
        legs.append(LegSummary(id=leg.id, city=leg.city, country=leg.country, timezone=leg.timezone,
                               dates=sorted(leg.dates), slots=slots, units=units, capacity=slots * units,
                               buyers=met_here))
    places = Counter(b.meets_at.value for b in scenario.buyers)
    return ScenarioSummary(
        mission_id=mission.id, name=mission.name, format=mission.format.value, organiser=mission.organiser,
        synthetic=scenario.synthetic, firms=len(scenario.firms), buyers=len(scenario.buyers),
        interpreters=len(scenario.interpreters), sites=len(scenario.sites), legs=legs,
        slots=sum(leg.slots for leg in legs),
        buyers_by_place={p.value: places.get(p.value, 0) for p in MeetingPlace},
        buyer_countries=len({b.country for b in scenario.buyers}),
    )
