"""Calendars (RFC 5545, with ``icalendar``): one per participant and a master calendar.

Times are in each meeting's IANA zone with its VTIMEZONE, so a Detroit meeting reads
America/Detroit and a Chicago one America/Chicago. A meeting's UID comes from the mission and the
pair, so a re-planned agenda *updates* entries: given the calendar written before, an event that
changed gets a higher SEQUENCE, and a meeting no longer in the plan is sent again as
STATUS:CANCELLED. Text is escaped and lines folded by ``icalendar``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from matching.export.views import Agenda, Agendas, MeetingView

PRODID = "-//matching//trade-mission agendas//EN"
FINGERPRINT = ("DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS")


def uid(view: MeetingView) -> str:
    """The meeting's calendar UID: the same mission and pair give the same UID in every re-plan."""
    return f"{view.meeting.id}@matching"


def _summary(view: MeetingView, kind: str) -> str:
    m = view.meeting
    if kind == "firm":
        return f"상담 Meeting: {view.buyer_company} ({m.buyer_id})"
    if kind == "buyer":
        return f"Meeting: {view.firm_name} ({m.firm_id})"
    if kind == "interpreter":
        return f"Interpreting: {view.firm_name} – {view.buyer_company}"
    return f"{m.firm_id} {view.firm_name} – {m.buyer_id} {view.buyer_company}"


def _description(view: MeetingView, kind: str) -> str:
    m = view.meeting
    lines = []
    if kind != "buyer":
        lines.append(f"Buyer: {view.buyer_company} ({m.buyer_id}, {view.buyer_country})")
    if kind != "firm":
        lines.append(f"Firm: {view.firm_name} / {view.firm_name_ko} ({m.firm_id})")
    lines.append(f"Where: {view.where}" + (f", {view.address}" if view.address else ""))
    lines.append(f"Local time: {view.day:%a %d %b %Y} {view.start}–{view.end} ({view.zone})")
    if view.interpreter_name:
        lines.append(f"Interpreter: {view.interpreter_name} ({view.language_name})")
    reasons = view.reasons_ko if kind == "firm" else view.reasons_en
    if reasons and kind != "interpreter":
        lines.append("Why this match: " + "; ".join(reasons))
    lines.append(f"Match score: {m.score:.1f}")
    return "\n".join(lines)


def _event(view: MeetingView, kind: str, stamp: datetime) -> Event:
    m = view.meeting
    zone = ZoneInfo(m.timezone)
    event = Event()
    event.add("uid", uid(view))
    event.add("dtstamp", stamp)
    event.add("dtstart", m.start.astimezone(zone))
    event.add("dtend", m.end.astimezone(zone))
    event.add("summary", _summary(view, kind))
    event.add("location", f"{view.where}, {view.address}" if view.address else view.where)
    event.add("description", _description(view, kind))
    event.add("status", "CONFIRMED")
    return event


@cache
def _vtimezone(zone: str) -> Timezone:
    """The VTIMEZONE of an IANA zone, built once per process (icalendar derives it from zoneinfo)."""
    return Timezone.from_tzid(zone)


def _fingerprint(event: Event) -> tuple[bytes, ...]:
    return tuple(event[name].to_ical() if name in event else b"" for name in FINGERPRINT)


def _sequence(event: Event) -> int:
    return int(event.get("SEQUENCE", 0))


def _replace(event: Event, name: str, value: object) -> None:
    event.pop(name.upper(), None)
    event.add(name, value)


def calendar(name: str, views: list[MeetingView], kind: str, stamp: datetime,
             previous: bytes | None = None) -> bytes:
    """One calendar of the meetings; against ``previous`` (the same calendar written before),
    changed events get SEQUENCE + 1 and events no longer planned come back cancelled."""
    before: dict[str, Event] = {}
    if previous:
        try:
            before = {str(e["UID"]): e for e in Calendar.from_ical(previous).walk("VEVENT") if "UID" in e}
        except ValueError:
            before = {}
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    seen = set()
    for view in views:
        event = _event(view, kind, stamp)
        key = str(event["UID"])
        seen.add(key)
        old = before.get(key)
        sequence = 0 if old is None else _sequence(old) + (_fingerprint(old) != _fingerprint(event))
        event.add("sequence", sequence)
        cal.add_component(event)
    for key, old in before.items():
        if key in seen:
            continue
        if str(old.get("STATUS", "")).upper() != "CANCELLED":
            _replace(old, "sequence", _sequence(old) + 1)
            _replace(old, "status", "CANCELLED")
            _replace(old, "dtstamp", stamp)
        cal.add_component(old)
    for zone in sorted({str(e["DTSTART"].params.get("TZID")) for e in cal.walk("VEVENT") if "TZID" in e["DTSTART"].params}):
        cal.add_component(_vtimezone(zone))
    return cal.to_ical()


def calendar_name(agendas: Agendas, agenda: Agenda | None) -> str:
    if agenda is None:
        return f"{agendas.title} — all meetings"
    return f"{agendas.title} — {agenda.name} ({agenda.id})"


def calendars(agendas: Agendas, files: Mapping[str, str], previous: Mapping[str, bytes],
              stamp: datetime | None = None) -> dict[str, bytes]:
    """Every calendar by file name: ``files`` maps each agenda's key ('firm:JJ01') and 'master' to a
    file name; ``previous`` holds the calendars written before under the same names."""
    stamp = (stamp or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    out = {files["master"]: calendar(calendar_name(agendas, None), agendas.meetings, "master", stamp,
                                     previous.get(files["master"]))}
    for agenda in agendas.every_agenda():
        name = files[f"{agenda.kind}:{agenda.id}"]
        out[name] = calendar(calendar_name(agendas, agenda), agenda.meetings, agenda.kind, stamp, previous.get(name))
    return out
