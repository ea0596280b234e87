"""What every agenda shows, resolved once from the scenario and the plan (no I/O).

A :class:`MeetingView` carries a meeting with the names, local times, place and reasons that any
format prints; an :class:`Agenda` is one participant's meetings; a :class:`Grid` is a leg-day's
master timetable (slots by tables, booths or rooms). The writers only lay these out.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Literal

import numpy as np
from pydantic import Field

from matching.domain import Meeting, MeetingPlace, Model, Plan, ResourceKind, Scenario
from matching.explain import language_name
from matching.schedule.grid import build_slots
from matching.score import PairScorer

UNIT_NAMES: dict[str, tuple[str, str]] = {
    ResourceKind.table: ("table", "테이블"),
    ResourceKind.booth: ("booth", "부스"),
    ResourceKind.video_room: ("video room", "화상상담실"),
    ResourceKind.room: ("room", "상담실"),
}
SITE_COLUMN = ("site visits", "현장 방문")


def zone_label(instant: datetime, zone: str) -> str:
    """'CDT, America/Chicago, UTC-05:00': the abbreviation a reader knows and the zone that is exact."""
    offset = instant.strftime("%z")
    return f"{instant.tzname()}, {zone}, UTC{offset[:3]}:{offset[3:]}"


class MeetingView(Model):
    """One meeting with everything an agenda prints about it."""

    meeting: Meeting
    day: date = Field(description="Local date of the meeting, in its leg's zone.")
    start: str = Field(description="Local start time, HH:MM.")
    end: str = Field(description="Local end time, HH:MM.")
    zone: str = Field(description="Zone abbreviation, IANA name and UTC offset at the meeting.")
    city: str = Field(description="City of the meeting's leg.")
    where: str = Field(description="Venue and unit, the buyer's site, or the video room.")
    address: str = Field("", description="Street address of the place, when known.")
    firm_name_ko: str
    firm_name_en: str
    buyer_company: str
    buyer_country: str
    interpreter_name: str = ""
    language_name: str = ""
    reasons_en: list[str] = Field(default_factory=list)
    reasons_ko: list[str] = Field(default_factory=list)

    @property
    def firm_name(self) -> str:
        """The firm's name in English where it has one (buyers read it)."""
        return self.firm_name_en or self.firm_name_ko


class Agenda(Model):
    """One participant's meetings in time order."""

    kind: Literal["firm", "buyer", "interpreter"]
    id: str
    name: str = Field(description="Name as the participant reads it.")
    subtitle: str = Field("", description="Second line: the English name, country or languages.")
    language: Literal["ko", "en"] = Field(description="Language of the agenda's headings and counterpart.")
    meetings: list[MeetingView]


class GridRow(Model):
    """One slot of a grid: its local times and one cell per column."""

    start: str
    end: str
    cells: list[str]


class Grid(Model):
    """The master timetable of one leg and day: slots down, tables (booths, rooms) across."""

    leg_id: str
    city: str
    day: date
    zone: str
    columns: list[str]
    columns_ko: list[str]
    rows: list[GridRow]


class Agendas(Model):
    """Every view of one plan."""

    mission_id: str
    title: str
    title_ko: str
    organiser: str
    synthetic: bool
    meetings: list[MeetingView]
    firms: list[Agenda]
    buyers: list[Agenda]
    interpreters: list[Agenda]
    grids: list[Grid]

    def every_agenda(self) -> list[Agenda]:
        return [*self.firms, *self.buyers, *self.interpreters]


def _reasons(scenario: Scenario, meetings: list[Meeting]) -> dict[tuple[str, str], tuple[list[str], list[str]]]:
    """The match reasons of each planned pair, from the same scorer that proposed it."""
    if not meetings:
        return {}
    scorer = PairScorer(scenario.firms, scenario.buyers, scenario.weights)
    rows = np.array([scorer.firm_index[m.firm_id] for m in meetings], dtype=np.int64)
    columns = np.array([scorer.buyer_index[m.buyer_id] for m in meetings], dtype=np.int64)
    found = scorer.candidates(rows, columns, set())
    return {(c.firm_id, c.buyer_id): ([r.text_en for r in c.reasons], [r.text_ko for r in c.reasons])
            for c in found}


def _unit_label(kind: ResourceKind, unit: str, korean: bool = False) -> str:
    english, ko = UNIT_NAMES[kind]
    return f"{ko} {unit}" if korean else f"{english} {unit}"


def meeting_views(scenario: Scenario, plan: Plan) -> list[MeetingView]:
    """The plan's meetings, each resolved against the scenario, in time order."""
    firms = {f.id: f for f in scenario.firms}
    buyers = {b.id: b for b in scenario.buyers}
    interpreters = {i.id: i for i in scenario.interpreters}
    sites = {s.id: s for s in scenario.sites}
    legs = {leg.id: leg for leg in scenario.mission.legs}
    venues = {v.id: v for leg in scenario.mission.legs for v in leg.venues}
    reasons = _reasons(scenario, plan.meetings)
    views = []
    for meeting in sorted(plan.meetings, key=lambda m: (m.start, m.firm_id, m.buyer_id)):
        firm, buyer = firms[meeting.firm_id], buyers[meeting.buyer_id]
        zone = legs[meeting.leg_id].zone
        start, end = meeting.start.astimezone(zone), meeting.end.astimezone(zone)
        if meeting.place is MeetingPlace.site and meeting.site_id in sites:
            site = sites[meeting.site_id]
            where, address = f"{buyer.company}, {site.name or 'site'} ({site.city})", site.address
        elif meeting.venue_id in venues:
            venue = venues[meeting.venue_id]
            unit = f" · {_unit_label(venue.resource, meeting.unit)}" if meeting.unit else ""
            where, address = f"{venue.name}{unit}", venue.address
        else:
            where, address = meeting.place.value, ""
        interpreter = interpreters.get(meeting.interpreter_id or "")
        en, ko = reasons.get((meeting.firm_id, meeting.buyer_id), ([], []))
        views.append(MeetingView(
            meeting=meeting, day=start.date(), start=f"{start:%H:%M}", end=f"{end:%H:%M}",
            zone=zone_label(start, meeting.timezone), city=legs[meeting.leg_id].city, where=where, address=address,
            firm_name_ko=firm.name_ko, firm_name_en=firm.name_en, buyer_company=buyer.company,
            buyer_country=buyer.country, interpreter_name=interpreter.name if interpreter else "",
            language_name=language_name(meeting.language) if meeting.language else "",
            reasons_en=en, reasons_ko=ko))
    return views


def _grids(scenario: Scenario, views: list[MeetingView]) -> list[Grid]:
    """One grid per leg and day: every slot of the day, one column per unit, and site visits."""
    by_slot: dict[tuple[str, str], list[MeetingView]] = defaultdict(list)
    for view in views:
        by_slot[view.meeting.leg_id, view.meeting.start.isoformat()].append(view)
    slots_by_day: dict[tuple[str, date], list] = defaultdict(list)
    for slot in build_slots(scenario.mission):
        slots_by_day[slot.leg_id, slot.day].append(slot)
    legs = {leg.id: leg for leg in scenario.mission.legs}
    grids = []
    for (leg_id, day), slots in slots_by_day.items():
        leg = legs[leg_id]
        units = [(venue.id, str(n), _unit_label(venue.resource, str(n)), _unit_label(venue.resource, str(n), True))
                 for venue in leg.venues for n in range(1, venue.capacity + 1)]
        multi = len(leg.venues) > 1
        columns = [f"{venue_id} {en}" if multi else en for venue_id, _, en, _ in units]
        columns_ko = [f"{venue_id} {ko}" if multi else ko for venue_id, _, _, ko in units]
        at_sites = any(v.meeting.place is MeetingPlace.site for s in slots
                       for v in by_slot.get((leg_id, s.start.isoformat()), []))
        index = {(venue_id, unit): i for i, (venue_id, unit, _, _) in enumerate(units)}
        rows = []
        for slot in slots:
            here = by_slot.get((leg_id, slot.start.isoformat()), [])
            cells = ["" for _ in units]
            visits = []
            for view in here:
                text = f"{view.meeting.firm_id} · {view.meeting.buyer_id}" + (
                    f" ({view.interpreter_name})" if view.interpreter_name else "")
                key = (view.meeting.venue_id, view.meeting.unit)
                if key in index:
                    cells[index[key]] = text
                else:
                    visits.append(text)
            rows.append(GridRow(start=f"{slot.start:%H:%M}", end=f"{slot.end:%H:%M}",
                                cells=cells + (["; ".join(visits)] if at_sites else [])))
        grids.append(Grid(leg_id=leg_id, city=leg.city, day=day, zone=zone_label(slots[0].start, leg.timezone),
                          columns=columns + ([SITE_COLUMN[0]] if at_sites else []),
                          columns_ko=columns_ko + ([SITE_COLUMN[1]] if at_sites else []), rows=rows))
    return grids


def build_agendas(scenario: Scenario, plan: Plan) -> Agendas:
    """Every agenda of the plan: per firm (Korean), per buyer and per interpreter (English), and grids."""
    views = meeting_views(scenario, plan)
    by: dict[tuple[str, str], list[MeetingView]] = defaultdict(list)
    for view in views:
        by["firm", view.meeting.firm_id].append(view)
        by["buyer", view.meeting.buyer_id].append(view)
        if view.meeting.interpreter_id:
            by["interpreter", view.meeting.interpreter_id].append(view)
    firms = [Agenda(kind="firm", id=f.id, name=f.name_ko or f.name_en, subtitle=f.name_en if f.name_ko else "",
                    language="ko", meetings=by["firm", f.id]) for f in scenario.firms]
    buyers = [Agenda(kind="buyer", id=b.id, name=b.company, subtitle=f"{b.city}, {b.country}".strip(", "),
                     language="en", meetings=by["buyer", b.id]) for b in scenario.buyers]
    interpreters = [Agenda(kind="interpreter", id=i.id, name=i.name, subtitle=", ".join(i.language_pairs),
                           language="en", meetings=by["interpreter", i.id]) for i in scenario.interpreters]
    mission = scenario.mission
    return Agendas(mission_id=mission.id, title=mission.name, title_ko=mission.name_ko or mission.name,
                   organiser=mission.organiser, synthetic=scenario.synthetic, meetings=views, firms=firms,
                   buyers=buyers, interpreters=interpreters, grids=_grids(scenario, views))
