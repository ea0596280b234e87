"""What-if overlays: a base scenario and a list of changes, applied in order (core; no I/O).

An overlay says only what differs ("Detroit first", "a key buyer cancels on the second day"), so
the officer keeps one scenario and tries alternatives beside it. Every change is checked against
the scenario as it stands when the change applies: an unknown id is named with its closest match,
and a field that does not fit gets the model's own message, located by change and field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
import datetime as dt
from datetime import datetime, time, timedelta
from typing import Any, Self
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from matching.domain import (
    Buyer,
    Firm,
    Id,
    Interpreter,
    Leg,
    Meeting,
    Mission,
    Model,
    Plan,
    Rules,
    Scenario,
    Session,
    Site,
    Venue,
    Weights,
    buyer_leg,
    reference_problems,
    unknown_id,
)


class Cancel(Model):
    """A participant drops out from an instant on; what was before stays possible."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    firm: Id | None = Field(None, description="The firm that cancels.")
    buyer: Id | None = Field(None, description="The buyer that cancels.")
    interpreter: Id | None = Field(None, description="The interpreter who drops out.")
    from_: datetime = Field(alias="from", description="From when: ISO 8601 with an offset, or local time of the "
                                                      "leg holding that date (2024-06-25 09:00).")

    @model_validator(mode="after")
    def _one(self) -> Self:
        if sum(x is not None for x in (self.firm, self.buyer, self.interpreter)) != 1:
            raise ValueError("name exactly one of firm, buyer or interpreter")
        return self

    @property
    def who(self) -> tuple[str, str]:
        """(kind, id) of the participant that cancels."""
        return next((kind, ident) for kind, ident in (("firm", self.firm), ("buyer", self.buyer),
                                                      ("interpreter", self.interpreter)) if ident is not None)


class LegDay(Model):
    """A date of a leg."""

    leg: Id = Field(description="Leg id.")
    date: dt.date = Field(description="Local date (YYYY-MM-DD).")


class Sessions(Model):
    """New daily sessions for one leg, or for every leg."""

    leg: Id | None = Field(None, description="Leg id; empty: every leg.")
    sessions: list[Session] = Field(min_length=1, description="The sessions, local wall-clock time.")


class Lock(Model):
    """Meetings of a published plan kept exactly as they are (time, place, table, interpreter)."""

    plan: str = Field(description="The published plan.json, relative to the overlay file.")
    meetings: list[Id] = Field(default_factory=list, description="Meeting ids to lock; empty: every meeting "
                                                                 "(up to 'before' when given).")
    before: datetime | None = Field(None, description="Lock only meetings starting before this instant.")


RECORDS = {"firm": Firm, "buyer": Buyer, "interpreter": Interpreter, "site": Site, "venue": Venue}
"""Record kinds the overlay adds, updates or removes, with their models."""


class Change(Model):
    """One change; exactly one of its keys is given."""

    add_firm: dict[str, Any] | None = Field(None, description="A new firm, with the fields of a firm.")
    add_buyer: dict[str, Any] | None = Field(None, description="A new buyer; its time zone defaults to its leg's.")
    add_interpreter: dict[str, Any] | None = Field(None, description="A new interpreter.")
    add_site: dict[str, Any] | None = Field(None, description="A new buyer site.")
    update_firm: dict[str, Any] | None = Field(None, description="id and the firm's fields that change.")
    update_buyer: dict[str, Any] | None = Field(None, description="id and the buyer's fields that change.")
    update_interpreter: dict[str, Any] | None = Field(None, description="id and the interpreter's fields that change.")
    update_venue: dict[str, Any] | None = Field(None, description="id and the venue's fields that change "
                                                                  "(capacity: tables, booths or rooms).")
    remove_firm: Id | None = Field(None, description="A firm that no longer takes part.")
    remove_buyer: Id | None = Field(None, description="A buyer that no longer takes part.")
    remove_interpreter: Id | None = Field(None, description="An interpreter who no longer takes part.")
    cancel: Cancel | None = Field(None, description="A participant drops out from a given time.")
    slot_minutes: int | None = Field(None, ge=5, le=240, description="New slot length in minutes.")
    buffer_minutes: int | None = Field(None, ge=0, le=120, description="New gap between slots in minutes.")
    sessions: Sessions | None = Field(None, description="New daily sessions.")
    add_day: LegDay | None = Field(None, description="A meeting day added to a leg.")
    drop_day: LegDay | None = Field(None, description="A meeting day dropped from a leg.")
    leg_order: list[Id] | None = Field(None, description="Legs in a new visiting order; each keeps its number of "
                                                         "days, and its buyers' availability moves with its dates.")
    rules: dict[str, Any] | None = Field(None, description="Rules that change (min/target/max meetings ...).")
    weights: dict[str, Any] | None = Field(None, description="Score weights that change.")
    lock: Lock | None = Field(None, description="Meetings of a published plan kept as they are.")

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = self.operations()
        if len(given) != 1:
            raise ValueError(f"a change has exactly one key; this one has {len(given)}"
                             + (f" ({', '.join(given)})" if given else "")
                             + "; start each change with its own '- '")
        return self

    def operations(self) -> list[str]:
        return [name for name in type(self).model_fields if getattr(self, name) is not None]

    @property
    def operation(self) -> str:
        return self.operations()[0]


class Overlay(Model):
    """The contents of a what-if file."""

    base: str = Field(description="The scenario folder it changes, relative to the overlay file.")
    name: str = Field("", description="Short name shown in comparisons; default: the file name.")
    description: str = Field("", description="What this what-if tries, for people reading it.")
    changes: list[Change] = Field(default_factory=list, description="Changes, applied in order.")


class ChangeProblem(BaseModel):
    """A change that cannot apply, located by its position and the field at fault."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    change: int | None = Field(description="Index of the change in the overlay; None: the result as a whole.")
    path: tuple[str | int, ...] = Field((), description="Field path inside the change.")
    message: str


@dataclass
class Applied:
    """An overlay applied: the new scenario (None when a change failed), the locked meetings and
    one plain sentence per change; ``causes`` maps 'buyer:CH14' to the sentence of the change that
    took that participant out (a re-plan's reason for the meetings it cancels)."""

    scenario: Scenario | None
    locked: list[Meeting] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    causes: dict[str, str] = field(default_factory=dict)
    problems: list[ChangeProblem] = field(default_factory=list)


@dataclass
class WhatIf:
    """A scenario to plan and compare: a scenario folder as it is, or an overlay applied to its base,
    with the meetings the overlay locks and one sentence per change."""

    name: str
    scenario: Scenario
    source: str = ""
    locked: list[Meeting] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    causes: dict[str, str] = field(default_factory=dict)
    description: str = ""


class _Refused(Exception):
    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.path = path


def localize(moment: datetime, mission: Mission) -> datetime:
    """An aware instant: as given with an offset, else local time of the leg holding that date."""
    if moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=ZoneInfo(mission.zone_on(moment.date())))


def apply_changes(scenario: Scenario, changes: list[Change], plans: Mapping[str, Plan] | None = None) -> Applied:
    """The scenario with every change applied in order.

    ``plans`` maps each lock's ``plan`` to the plan read from it. Every change is tried even after
    one fails, so the user sees every problem at once.
    """
    data = scenario.model_dump(mode="python", by_alias=False)
    applied = Applied(scenario=None)
    for index, change in enumerate(changes):
        operation = change.operation
        try:
            handler = _HANDLERS[operation]
            note = handler(data, getattr(change, operation), applied, plans or {})
        except _Refused as refused:
            applied.problems.append(ChangeProblem(change=index, path=(operation, *refused.path), message=str(refused)))
            continue
        except ValidationError as exc:
            for error in exc.errors():
                applied.problems.append(ChangeProblem(change=index, path=(operation, *error["loc"]),
                                                      message=error["msg"]))
            continue
        applied.notes.append(note)
        taken_out = _taken_out(change)
        if taken_out is not None:
            applied.causes[taken_out] = note
    if applied.problems:
        return applied
    try:
        mission, rules, firms, buyers, interpreters, sites = parts = _parts(data)
        leftover = reference_problems(*parts)
        if leftover:
            applied.problems += [ChangeProblem(change=None, message=f"after the changes, {p.kind} #{p.index + 1} "
                                                                    f"{p.field}: {p.message}") for p in leftover]
            return applied
        applied.scenario = Scenario(mission=mission, rules=rules, weights=Weights.model_validate(data["weights"]),
                                    firms=firms, buyers=buyers, interpreters=interpreters, sites=sites,
                                    synthetic=data["synthetic"])
    except ValidationError as exc:
        applied.problems += [ChangeProblem(change=None, message=f"after the changes: {e['msg']}") for e in exc.errors()]
    return applied


def _taken_out(change: Change) -> str | None:
    """'kind:id' of the participant a cancel or remove change takes out."""
    if change.cancel is not None:
        return ":".join(change.cancel.who)
    for kind in ("firm", "buyer", "interpreter"):
        ident = getattr(change, f"remove_{kind}")
        if ident is not None:
            return f"{kind}:{ident}"
    return None


def _parts(data: dict) -> tuple:
    """The scenario's pieces, validated once: what :func:`reference_problems` takes, and then the
    :class:`Scenario` is built from (its records are not validated again)."""
    return (Mission.model_validate(data["mission"]), Rules.model_validate(data["rules"]),
            [Firm.model_validate(f) for f in data["firms"]], [Buyer.model_validate(b) for b in data["buyers"]],
            [Interpreter.model_validate(i) for i in data["interpreters"]], [Site.model_validate(s) for s in data["sites"]])


# ---------------------------------------------------------------- records


def _records(data: dict, kind: str) -> list[dict]:
    if kind == "leg":
        return data["mission"]["legs"]
    if kind == "venue":
        return [venue for leg in data["mission"]["legs"] for venue in leg["venues"]]
    return data[f"{kind}s"]


def _find(data: dict, kind: str, ident: Any, path: tuple = ()) -> dict:
    records = _records(data, kind)
    for record in records:
        if record["id"] == ident:
            return record
    raise _Refused(unknown_id(str(ident), {r["id"] for r in records}, kind), path)


def _validated(kind: str, record: dict) -> dict:
    return RECORDS[kind].model_validate(record).model_dump(mode="python")


def _add(kind: str) -> Callable:
    def add(data: dict, record: dict, applied: Applied, plans: Mapping[str, Plan]) -> str:
        ident = record.get("id")
        if ident is None:
            raise _Refused(f"a new {kind} needs an id", ("id",))
        if any(r["id"] == ident for r in _records(data, kind)):
            raise _Refused(f"{kind} id {ident!r} is already used (update_{kind} changes an existing one)", ("id",))
        if kind == "buyer" and "timezone" not in record:
            record = {**record, "timezone": _buyer_zone(data, record)}
        data[f"{kind}s"].append(_validated(kind, record))
        return f"{kind} {ident} added"
    return add


def _buyer_zone(data: dict, record: dict) -> str:
    """A new buyer's zone when not given: its leg's (online buyers must say theirs)."""
    leg = Mission.model_validate(data["mission"]).leg_for(str(record.get("city", "")), record.get("leg_id"))
    if leg is not None:
        return leg.timezone
    raise _Refused("give the buyer's timezone (its city is not a leg's city, so it cannot be inferred)", ("timezone",))


def _update(kind: str) -> Callable:
    def update(data: dict, fields: dict, applied: Applied, plans: Mapping[str, Plan]) -> str:
        if "id" not in fields:
            raise _Refused(f"name the {kind} to update with id", ("id",))
        record = _find(data, kind, fields["id"], ("id",))
        changed = {**record, **fields}
        record.clear()
        record.update(_validated(kind, changed))
        return f"{kind} {fields['id']}: {', '.join(sorted(k for k in fields if k != 'id')) or 'nothing'} changed"
    return update


def _remove(kind: str) -> Callable:
    def remove(data: dict, ident: str, applied: Applied, plans: Mapping[str, Plan]) -> str:
        _find(data, kind, ident)
        _drop_participant(data, kind, ident)
        return f"{kind} {ident} removed"
    return remove


def _drop_participant(data: dict, kind: str, ident: str) -> None:
    """Remove a participant and every reference to it (rules' pairs, firms' lists, its sites and their
    travel times)."""
    data[f"{kind}s"] = [r for r in data[f"{kind}s"] if r["id"] != ident]
    if kind == "interpreter":
        return
    side = "firm" if kind == "firm" else "buyer"
    for rule in ("must_meet", "never_meet"):
        data["rules"][rule] = [p for p in data["rules"][rule] if p[side] != ident]
    if kind == "buyer":
        gone = {s["id"] for s in data["sites"] if s["buyer_id"] == ident}
        data["sites"] = [s for s in data["sites"] if s["id"] not in gone]
        for leg in data["mission"]["legs"]:
            leg["travel_times"] = [t for t in leg["travel_times"] if not {t["origin"], t["destination"]} & gone]
        for firm in data["firms"]:
            for listed in ("must_meet", "never_meet", "met_before"):
                firm[listed] = [b for b in firm[listed] if b != ident]


# ---------------------------------------------------------------- time


def _mission_span(data: dict) -> tuple[datetime, datetime]:
    """Midnight before the first meeting day and midnight after the last, each in its leg's zone."""
    starts, ends = [], []
    for leg in data["mission"]["legs"]:
        zone = ZoneInfo(leg["timezone"])
        starts.append(datetime.combine(min(leg["dates"]), time(0), zone))
        ends.append(datetime.combine(max(leg["dates"]) + timedelta(days=1), time(0), zone))
    return min(starts), max(ends)


def _cancel(data: dict, cancel: Cancel, applied: Applied, plans: Mapping[str, Plan]) -> str:
    kind, ident = cancel.who
    record = _find(data, kind, ident, (kind,))
    moment = localize(cancel.from_, Mission.model_validate(data["mission"]))
    first, last = _mission_span(data)
    when = f"{moment:%Y-%m-%d %H:%M} {moment.tzname()}"
    if kind == "firm":
        if moment < last:
            record["unavailable"] = [*record["unavailable"], {"start": max(moment, first), "end": last}]
        return f"firm {ident} cancels from {when}"
    windows = record["availability"] or [{"start": first, "end": last}]
    kept = [{"start": w["start"], "end": min(w["end"], moment)} for w in windows if w["start"] < moment]
    if not kept:
        _drop_participant(data, kind, ident)
        return f"{kind} {ident} cancels from {when}, before it could meet: removed"
    record["availability"] = kept
    return f"{kind} {ident} cancels from {when}"


def _set_mission(name: str) -> Callable:
    def set_value(data: dict, value: int, applied: Applied, plans: Mapping[str, Plan]) -> str:
        data["mission"][name] = value
        return f"{name.replace('_', ' ')}: {value}"
    return set_value


def _sessions(data: dict, change: Sessions, applied: Applied, plans: Mapping[str, Plan]) -> str:
    legs = [_find(data, "leg", change.leg, ("leg",))] if change.leg else data["mission"]["legs"]
    for leg in legs:
        leg["sessions"] = [s.model_dump() for s in change.sessions]
        Leg.model_validate(leg)
    shown = ", ".join(f"{s.start:%H:%M}-{s.end:%H:%M}" for s in change.sessions)
    return f"sessions {shown} in {change.leg or 'every leg'}"


def _add_day(data: dict, change: LegDay, applied: Applied, plans: Mapping[str, Plan]) -> str:
    leg = _find(data, "leg", change.leg, ("leg",))
    if change.date in leg["dates"]:
        raise _Refused(f"{change.date} is already a day of leg {change.leg}", ("date",))
    leg["dates"] = sorted([*leg["dates"], change.date])
    return f"{change.date} added to {leg['city']}"


def _drop_day(data: dict, change: LegDay, applied: Applied, plans: Mapping[str, Plan]) -> str:
    leg = _find(data, "leg", change.leg, ("leg",))
    if change.date not in leg["dates"]:
        days = ", ".join(str(d) for d in leg["dates"])
        raise _Refused(f"{change.date} is not a day of leg {change.leg} (its days: {days})", ("date",))
    if len(leg["dates"]) == 1:
        raise _Refused(f"{change.date} is the only day of leg {change.leg}; a leg needs a day", ("date",))
    leg["dates"] = [d for d in leg["dates"] if d != change.date]
    return f"{change.date} dropped from {leg['city']}"


def _leg_order(data: dict, order: list[str], applied: Applied, plans: Mapping[str, Plan]) -> str:
    """Legs in a new order on the same calendar: the first leg starts on the mission's first day,
    each keeps its days, and the gaps between legs (travel days) stay where they were."""
    legs = data["mission"]["legs"]
    for position, ident in enumerate(order):
        _find(data, "leg", ident, (position,))
    if sorted(order) != sorted(leg["id"] for leg in legs) or len(set(order)) != len(order):
        raise _Refused(f"name every leg once: {', '.join(leg['id'] for leg in legs)}")
    by_id = {leg["id"]: leg for leg in legs}
    gaps = [min(after["dates"]) - max(before["dates"]) for before, after in zip(legs, legs[1:])]
    mission = Mission.model_validate(data["mission"])
    start = min(min(leg["dates"]) for leg in legs)
    shifts: dict[str, timedelta] = {}
    for position, ident in enumerate(order):
        leg = by_id[ident]
        shifts[ident] = start - min(leg["dates"])
        leg["dates"] = [d + shifts[ident] for d in leg["dates"]]
        if position < len(gaps):
            start = max(leg["dates"]) + gaps[position]
    data["mission"]["legs"] = [by_id[ident] for ident in order]
    for buyer in data["buyers"]:
        leg = buyer_leg(Buyer.model_validate(buyer), mission)
        if leg is not None and buyer["availability"]:
            buyer["availability"] = _shifted(buyer["availability"], shifts[leg.id])
    for interpreter in data["interpreters"]:
        if len(interpreter["legs"]) == 1 and interpreter["availability"]:
            interpreter["availability"] = _shifted(interpreter["availability"], shifts[interpreter["legs"][0]])
    return "legs in the order " + " → ".join(by_id[i]["city"] for i in order)


def _shifted(windows: list[dict], by: timedelta) -> list[dict]:
    """Windows moved by whole days in their own zone (wall-clock times stay)."""
    return [{"start": w["start"] + by, "end": w["end"] + by} for w in windows]


def _merge(model: type[BaseModel], key: str) -> Callable:
    def merge(data: dict, fields: dict, applied: Applied, plans: Mapping[str, Plan]) -> str:
        data[key] = model.model_validate({**data[key], **fields}).model_dump(mode="python")
        return f"{key}: " + ", ".join(f"{k} {v}" for k, v in fields.items())
    return merge


def _lock(data: dict, lock: Lock, applied: Applied, plans: Mapping[str, Plan]) -> str:
    plan = plans.get(lock.plan)
    if plan is None:
        raise _Refused(f"the plan {lock.plan!r} was not read", ("plan",))
    by_id = {m.id: m for m in plan.meetings}
    for position, ident in enumerate(lock.meetings):
        if ident not in by_id:
            raise _Refused(unknown_id(ident, set(by_id), "meeting"), ("meetings", position))
    chosen = [by_id[i] for i in lock.meetings] if lock.meetings else list(plan.meetings)
    if lock.before is not None:
        before = localize(lock.before, Mission.model_validate(data["mission"]))
        chosen = [m for m in chosen if m.start < before]
    known = {m.id for m in applied.locked}
    applied.locked += [m.model_copy(update={"locked": True}) for m in chosen if m.id not in known]
    return f"{len(chosen)} meetings of {lock.plan} locked"


_HANDLERS: dict[str, Callable] = {
    **{f"add_{kind}": _add(kind) for kind in ("firm", "buyer", "interpreter", "site")},
    **{f"update_{kind}": _update(kind) for kind in ("firm", "buyer", "interpreter", "venue")},
    **{f"remove_{kind}": _remove(kind) for kind in ("firm", "buyer", "interpreter")},
    "cancel": _cancel,
    "slot_minutes": _set_mission("slot_minutes"),
    "buffer_minutes": _set_mission("buffer_minutes"),
    "sessions": _sessions,
    "add_day": _add_day,
    "drop_day": _drop_day,
    "leg_order": _leg_order,
    "rules": _merge(Rules, "rules"),
    "weights": _merge(Weights, "weights"),
    "lock": _lock,
}

