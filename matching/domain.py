"""The domain model: who takes part, where and when the mission runs, and what the engine returns.

Every model forbids unknown fields and describes its fields (so ``matching schema`` documents the
scenario file). Instants are timezone-aware; identifiers are the user's own. The checks that span
several records (unknown ids, duplicates, a buyer with no leg) live in :func:`reference_problems`,
so the file loaders can locate each one in a row and column, and :class:`Scenario` refuses to
exist while any remains.
"""

from __future__ import annotations

import difflib
from datetime import date, datetime, time
from enum import StrEnum
from typing import Annotated, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    NonNegativeFloat,
    NonNegativeInt,
    PositiveInt,
    StringConstraints,
    model_validator,
)

from matching.taxonomy import canonical_certification, country_code, hs_entry, language_code, normalize_hs


class Model(BaseModel):
    """Base of every domain model: unknown fields are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


# ---------------------------------------------------------------- value types


def _check_hs(code: str) -> str:
    hs_entry(code)
    return code


def _check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        close = difflib.get_close_matches(name, sorted(available_timezones()), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise ValueError(f"unknown time zone {name!r} (expected an IANA name such as America/Chicago){hint}") from None
    return name


def _language_pair(text: str) -> str:
    parts = [p for p in str(text).replace("<>", "-").replace("/", "-").split("-") if p.strip()]
    if len(parts) != 2:
        raise ValueError(f"{text!r} is not a language pair (expected two codes such as ko-en)")
    a, b = (language_code(p) for p in parts)
    if a == b:
        raise ValueError(f"{text!r} pairs a language with itself")
    return f"{a}-{b}"


Id = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[^\s;,]+$"),
    Field(description="An identifier from the user's input: no spaces, commas or semicolons."),
]
HsCode = Annotated[str, BeforeValidator(normalize_hs), AfterValidator(_check_hs)]
CountryCode = Annotated[str, BeforeValidator(country_code)]
LanguageCode = Annotated[str, BeforeValidator(language_code)]
LanguagePair = Annotated[str, BeforeValidator(_language_pair)]
TimeZoneName = Annotated[str, AfterValidator(_check_timezone)]
Certification = Annotated[str, BeforeValidator(canonical_certification)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]


class MissionFormat(StrEnum):
    """The programme formats the engine plans."""

    trade_mission = "trade_mission"
    delegation = "delegation"
    buyer_fair = "buyer_fair"
    online_rooms = "online_rooms"
    exhibition = "exhibition"
    follow_up = "follow_up"


class ExportStage(StrEnum):
    """How far a firm has come in exporting."""

    beginner = "beginner"
    growing = "growing"
    established = "established"


class BuyerType(StrEnum):
    """What kind of company the buyer is."""

    oem = "oem"
    tier1 = "tier1"
    tier2 = "tier2"
    distributor = "distributor"
    importer = "importer"
    retailer = "retailer"
    ecommerce = "ecommerce"


class MeetingPlace(StrEnum):
    """Where a buyer meets: at the mission venue, at its own site, or by video."""

    venue = "venue"
    site = "site"
    online = "online"


class ResourceKind(StrEnum):
    """The unit a venue offers; one meeting uses one unit for one slot."""

    table = "table"
    booth = "booth"
    video_room = "video_room"
    room = "room"


class MetBeforePolicy(StrEnum):
    """What to do with pairs that met in an earlier programme."""

    allow = "allow"
    avoid = "avoid"
    only = "only"


class DayPart(StrEnum):
    """When in the day a requested meeting may be held, in the leg's local time."""

    any = "any"
    morning = "morning"
    afternoon = "afternoon"


class InterpreterSide(StrEnum):
    """Whom an interpreter works for."""

    firm = "firm"
    buyer = "buyer"
    any = "any"


class OutcomeStatus(StrEnum):
    """What happened to a scheduled meeting."""

    held = "held"
    no_show = "no_show"
    cancelled = "cancelled"


# ---------------------------------------------------------------- time


class TimeWindow(Model):
    """A stretch of time between two aware instants."""

    start: AwareDatetime = Field(description="First instant, with its zone.")
    end: AwareDatetime = Field(description="Instant it ends, with its zone; after start.")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end <= self.start:
            raise ValueError(f"end {self.end.isoformat()} is not after start {self.start.isoformat()}")
        return self

    def contains(self, start: datetime, end: datetime) -> bool:
        """True when [start, end) lies inside this window."""
        return self.start <= start and end <= self.end

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """True when [start, end) shares any time with this window."""
        return start < self.end and self.start < end


class DailyHours(Model):
    """A daily stretch of local wall-clock time, such as business hours 09:00-18:00."""

    start: time = Field(description="Local time it opens (HH:MM).")
    end: time = Field(description="Local time it closes (HH:MM); after start.")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end <= self.start:
            raise ValueError(f"end {self.end:%H:%M} is not after start {self.start:%H:%M}")
        return self


class Session(DailyHours):
    """A block of meeting time held on every date of a leg (morning, afternoon ...)."""

    label: str = Field("", description="Name shown on agendas, e.g. 'morning' or '오전'.")


# ---------------------------------------------------------------- places


class Venue(Model):
    """A place of the mission with a number of identical units (tables, booths, video rooms)."""

    id: Id
    name: Text = Field(description="Name shown on agendas.")
    address: Text = Field("", description="Street address, for agendas and calendar entries.")
    resource: ResourceKind = Field(ResourceKind.table, description="The unit a meeting occupies.")
    capacity: PositiveInt = Field(description="How many units, i.e. meetings at the same time.")


class Site(Model):
    """A buyer's own premises, for meetings held there (site visits)."""

    id: Id
    buyer_id: Id = Field(description="The buyer whose site this is.")
    name: Text = Field("", description="Name shown on agendas (plant, office ...).")
    address: Text = Field(description="Street address.")
    city: Text = Field(description="City, which places the site in a leg.")


class TravelTime(Model):
    """Minutes needed to get from one place (venue or site id) to another."""

    origin: Id = Field(description="Venue or site id.")
    destination: Id = Field(description="Venue or site id.")
    minutes: NonNegativeInt = Field(description="Door-to-door travel time in minutes.")
    symmetric: bool = Field(True, description="Also holds in the other direction.")


class Leg(Model):
    """One city of the mission: its dates, daily sessions, venues and travel times."""

    id: Id
    city: Text = Field(description="City where the meetings of this leg take place.")
    country: CountryCode = Field(description="ISO 3166 alpha-2 country code.")
    timezone: TimeZoneName = Field(description="IANA time zone of the city, e.g. America/Detroit.")
    dates: list[date] = Field(min_length=1, description="Meeting dates of the leg, local calendar.")
    sessions: list[Session] = Field(min_length=1, description="Daily sessions, local wall-clock time.")
    venues: list[Venue] = Field(min_length=1, description="Venues of the leg with their capacity.")
    travel_times: list[TravelTime] = Field(default_factory=list, description="Travel between places.")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if len(set(self.dates)) != len(self.dates):
            raise ValueError("a date is listed twice")
        ordered = sorted(self.sessions, key=lambda s: s.start)
        for before, after in zip(ordered, ordered[1:]):
            if after.start < before.end:
                raise ValueError(f"sessions {before.start:%H:%M}-{before.end:%H:%M} and "
                                 f"{after.start:%H:%M}-{after.end:%H:%M} overlap")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Mission(Model):
    """The programme: who organises it, its format, its legs and its slot length."""

    id: Id
    name: Text = Field(description="Name in English.")
    name_ko: Text = Field("", description="Name in Korean.")
    organiser: Text = Field("", description="City office or agency running the programme.")
    format: MissionFormat = Field(description="trade_mission, delegation, buyer_fair, online_rooms, "
                                              "exhibition or follow_up.")
    home_timezone: TimeZoneName = Field("Asia/Seoul", description="Zone of the firms' home office.")
    slot_minutes: int = Field(ge=5, le=240, description="Length of one meeting slot in minutes.")
    buffer_minutes: NonNegativeInt = Field(0, le=120, description="Gap between consecutive slots.")
    buyer_business_hours: DailyHours = Field(
        default_factory=lambda: DailyHours(start=time(9), end=time(18)),
        description="Default business hours of buyers in their own zone (online formats).",
    )
    legs: list[Leg] = Field(min_length=1, description="Cities in visiting order.")

    @property
    def online(self) -> bool:
        """True for formats whose meetings are video calls."""
        return self.format in (MissionFormat.online_rooms, MissionFormat.follow_up)

    def zone_on(self, day: date) -> str:
        """Zone of local times on a date: the leg holding that date, else the home zone."""
        return next((leg.timezone for leg in self.legs if day in leg.dates), self.home_timezone)

    def leg_for(self, city: str, leg_id: str | None = None) -> Leg | None:
        """The leg named by id, else the leg held in the city (None when neither matches)."""
        if leg_id is not None:
            return next((leg for leg in self.legs if leg.id == leg_id), None)
        folded = city.casefold()
        return next((leg for leg in self.legs if leg.city.casefold() == folded), None)


class Pair(Model):
    """A firm and a buyer, for must-meet and never-meet lists."""

    firm: Id
    buyer: Id


class MustMeet(Pair):
    """A must-meet (requested) pair, optionally held only in the morning or the afternoon."""

    when: DayPart = Field(DayPart.any, description="morning (starts before 12:00 local time), afternoon "
                                                   "(from 12:00) or any.")


class Precedence(Model):
    """Two requested meetings in order: ``before`` ends before ``after`` starts."""

    before: Pair = Field(description="The meeting that comes first (a must-meet pair).")
    after: Pair = Field(description="The meeting that comes later (a must-meet pair).")


class Rules(Model):
    """How many meetings each participant gets, and which pairs must or must not meet."""

    min_meetings_per_firm: NonNegativeInt = Field(0, description="Hard floor per firm.")
    target_meetings_per_firm: NonNegativeInt | None = Field(None, description="What fairness aims for.")
    max_meetings_per_firm: PositiveInt | None = Field(None, description="Hard ceiling per firm.")
    min_meetings_per_buyer: NonNegativeInt = Field(0, description="Hard floor per buyer.")
    max_meetings_per_buyer: PositiveInt | None = Field(None, description="Ceiling per buyer "
                                                       "(a buyer's own max_meetings overrides it).")
    candidates_per_firm: PositiveInt = Field(10, description="Candidate buyers proposed per firm.")
    min_score: float = Field(0.0, ge=0, le=100, description="Pairs scoring below are not candidates.")
    must_meet: list[MustMeet] = Field(default_factory=list, description="Pairs that must be scheduled, each "
                                     "optionally only in the morning or the afternoon.")
    precedences: list[Precedence] = Field(default_factory=list, description="Must-meet pairs that must be held "
                                          "in this order.")
    only_requested: bool = Field(False, description="Place requested meetings: the must-meet pairs are the only "
                                 "meetings, and every one is placed or the plan fails with the reason "
                                 "(buyer fairs and forums whose meetings were requested in advance).")
    never_meet: list[Pair] = Field(default_factory=list, description="Pairs that must not meet.")
    met_before_policy: MetBeforePolicy = Field(
        MetBeforePolicy.allow, description="allow, avoid (veto) or only (follow-up rounds)."
    )

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        lo, target, hi = self.min_meetings_per_firm, self.target_meetings_per_firm, self.max_meetings_per_firm
        if hi is not None and lo > hi:
            raise ValueError(f"min_meetings_per_firm {lo} exceeds max_meetings_per_firm {hi}")
        if target is not None and (target < lo or (hi is not None and target > hi)):
            raise ValueError(f"target_meetings_per_firm {target} is outside [{lo}, {hi}]")
        b_hi = self.max_meetings_per_buyer
        if b_hi is not None and self.min_meetings_per_buyer > b_hi:
            raise ValueError(f"min_meetings_per_buyer {self.min_meetings_per_buyer} exceeds "
                             f"max_meetings_per_buyer {b_hi}")
        return self


class Weights(Model):
    """Weight of each score block in the match score (normalised when used)."""

    industry: NonNegativeFloat = Field(0.35, description="HS codes: subheading, heading, chapter, section.")
    market: NonNegativeFloat = Field(0.15, description="Buyer's country against the firm's target markets.")
    products: NonNegativeFloat = Field(0.25, description="Product texts (TF-IDF within a language).")
    requirements: NonNegativeFloat = Field(0.15, description="Certifications required and held.")
    fit: NonNegativeFloat = Field(0.10, description="Buyer type against export stage and size.")

    @model_validator(mode="after")
    def _positive(self) -> Self:
        if sum(self.model_dump().values()) <= 0:
            raise ValueError("at least one weight must be positive")
        return self


# ---------------------------------------------------------------- participants


class Firm(Model):
    """A Korean exporter taking part in the programme."""

    id: Id
    name_ko: Text = Field("", description="Company name in Korean.")
    name_en: Text = Field("", description="Company name in English.")
    city: Text = Field("", description="Home city in Korea.")
    hs_codes: list[HsCode] = Field(default_factory=list, description="HS chapters, headings or "
                                   "subheadings of its products (strings, e.g. 8708 or 870830).")
    products_ko: Text = Field("", description="Products, in Korean.")
    products_en: Text = Field("", description="Products, English summary.")
    target_markets: list[CountryCode] = Field(default_factory=list, description="ISO country codes.")
    export_stage: ExportStage = Field(ExportStage.growing, description="beginner, growing or established.")
    annual_exports_usd: NonNegativeFloat | None = Field(None, description="Exports last year, USD.")
    employees: NonNegativeInt | None = Field(None, description="Head count.")
    certifications: list[Certification] = Field(default_factory=list, description="Certifications held.")
    languages: list[LanguageCode] = Field(default_factory=lambda: ["ko"], description="Languages spoken.")
    needs_interpreter: bool | None = Field(None, description="Forces (true) or waives (false) an "
                                           "interpreter; empty: decided from languages.")
    representatives: PositiveInt = Field(1, description="People attending; parallel meetings possible.")
    unavailable: list[TimeWindow] = Field(default_factory=list, description="Times it cannot meet.")
    must_meet: list[Id] = Field(default_factory=list, description="Buyer ids it must meet.")
    never_meet: list[Id] = Field(default_factory=list, description="Buyer ids it must not meet.")
    met_before: list[Id] = Field(default_factory=list, description="Buyer ids met in earlier rounds.")
    booth: Text = Field("", description="Its booth at an exhibition, e.g. B-07.")
    notes: Text = Field("", description="Free text, not used for matching.")

    @model_validator(mode="after")
    def _named(self) -> Self:
        if not (self.name_ko or self.name_en):
            raise ValueError("a firm needs a Korean or an English name")
        return self

    @property
    def display_name(self) -> str:
        return self.name_ko or self.name_en


class Buyer(Model):
    """A foreign buyer the firms may meet."""

    id: Id
    company: Text = Field(min_length=1, description="Company name.")
    country: CountryCode = Field(description="ISO country code of the buyer.")
    city: Text = Field("", description="City of the buyer.")
    timezone: TimeZoneName = Field(description="The buyer's own zone; availability is read in it.")
    buyer_type: BuyerType = Field(BuyerType.distributor, description="oem, tier1, tier2, distributor, "
                                  "importer, retailer or ecommerce.")
    hs_codes: list[HsCode] = Field(default_factory=list, description="HS codes it sources.")
    products: Text = Field("", description="Products sought, usually English.")
    products_ko: Text = Field("", description="Products sought, in Korean (where translated).")
    sourcing_regions: list[str] = Field(default_factory=list, description="Regions or countries it "
                                        "sources from (KR, ASIA, ...).")
    certifications_required: list[Certification] = Field(default_factory=list, description="Required.")
    languages: list[LanguageCode] = Field(default_factory=lambda: ["en"], description="Languages spoken.")
    meets_at: MeetingPlace = Field(MeetingPlace.venue, description="venue, site or online.")
    site_id: Id | None = Field(None, description="Its site, when it meets at its site.")
    leg_id: Id | None = Field(None, description="Leg it meets in; empty: the leg in its city.")
    availability: list[TimeWindow] = Field(default_factory=list, description="When it can meet; "
                                           "empty: every session.")
    business_hours: DailyHours | None = Field(None, description="Its business hours, local time "
                                              "(online formats); empty: the mission default.")
    max_meetings: PositiveInt | None = Field(None, description="Most meetings it accepts.")
    preferred_stages: list[ExportStage] = Field(default_factory=list, description="Export stages it prefers.")
    notes: Text = Field("", description="Free text, not used for matching.")


class Interpreter(Model):
    """An interpreter with the language pairs they cover and when and where they work."""

    id: Id
    name: Text = Field(min_length=1, description="Name shown on agendas.")
    language_pairs: list[LanguagePair] = Field(min_length=1, description="Pairs such as ko-en, ko-vi.")
    side: InterpreterSide = Field(InterpreterSide.any, description="Works for firms, buyers or any.")
    legs: list[Id] = Field(default_factory=list, description="Legs served; empty: every leg.")
    availability: list[TimeWindow] = Field(default_factory=list, description="When available; "
                                           "empty: every session.")
    notes: Text = Field("", description="Free text.")


# ---------------------------------------------------------------- results


class Reason(Model):
    """One plain-language reason behind a score, in Korean and English."""

    block: str = Field(description="Score block the reason comes from.")
    text_en: str = Field(description="Reason in English.")
    text_ko: str = Field(description="Reason in Korean.")
    contribution: float = Field(description="Points of the score this reason accounts for.")


class Candidate(Model):
    """A proposed firm-buyer pair with its score, per block, and the reasons."""

    firm_id: Id
    buyer_id: Id
    score: float = Field(ge=0, le=100, description="Weighted match score, 0-100.")
    blocks: dict[str, float] = Field(default_factory=dict, description="Similarity per block, 0-1.")
    reasons: list[Reason] = Field(default_factory=list, description="Top reasons, strongest first.")
    must_meet: bool = Field(False, description="Kept whatever its score because a rule says so.")


class Meeting(Model):
    """One scheduled meeting of a firm and a buyer."""

    id: Id = Field(description="Deterministic id from the mission and the pair.")
    firm_id: Id
    buyer_id: Id
    leg_id: Id
    start: AwareDatetime = Field(description="Start, in the leg's zone (ISO 8601 with offset).")
    end: AwareDatetime = Field(description="End, in the leg's zone (ISO 8601 with offset).")
    timezone: TimeZoneName = Field(description="IANA zone of the leg the meeting is held in.")
    place: MeetingPlace = Field(description="venue, site or online.")
    venue_id: Id | None = Field(None, description="Venue, for venue and online meetings.")
    site_id: Id | None = Field(None, description="Buyer site, for site visits.")
    unit: str | None = Field(None, description="Table, booth or video room label.")
    interpreter_id: Id | None = Field(None, description="Interpreter assigned, or null when none is needed.")
    language: str | None = Field(None, description="Language the interpreter works into, when one is needed.")
    score: float = Field(0.0, ge=0, le=100, description="Match score of the pair.")
    locked: bool = Field(False, description="Kept as is by re-planning.")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end <= self.start:
            raise ValueError("meeting ends before it starts")
        return self


class Plan(Model):
    """A timetable for a scenario, with what the solver knows about its quality."""

    mission_id: Id
    scenario: str | None = Field(None, description="Scenario folder the plan was made from, as it was given.")
    meetings: list[Meeting] = Field(default_factory=list, description="Meetings, in time order.")
    objective: dict[str, float] = Field(default_factory=dict, description="Objective values by level.")
    bounds: dict[str, float] = Field(default_factory=dict, description="Best proved bound of each level.")
    kpis: dict[str, float] = Field(default_factory=dict, description="Meetings, worst-off firm, score, breaks ...")
    status: str = Field("", description="Solver status (OPTIMAL, FEASIBLE, ...).")
    seconds: float = Field(0.0, ge=0, description="Solver wall time.")
    seed: int = Field(0, description="Solver seed; the same scenario and seed give the same plan.")
    notes: list[str] = Field(default_factory=list, description="Why the plan is thin, if it is.")


class Outcome(Model):
    """What came of a meeting, as recorded by the officer afterwards."""

    firm_id: Id
    buyer_id: Id
    meeting_id: Id | None = None
    status: OutcomeStatus = Field(description="held, no_show or cancelled.")
    interest: int | None = Field(None, ge=1, le=5, description="Buyer interest, 1 (none) to 5 (strong).")
    consultation_usd: NonNegativeFloat = Field(0.0, description="Amount discussed, USD.")
    expected_contract_usd: NonNegativeFloat = Field(0.0, description="Expected contract amount, USD.")
    contract_signed: bool = Field(False, description="A contract was signed.")
    contract_usd: NonNegativeFloat = Field(0.0, description="Value of the signed contract, USD.")
    follow_up: bool = Field(False, description="Both sides want a follow-up round.")


# ---------------------------------------------------------------- the scenario


class ReferenceProblem(Model):
    """A problem spanning records, located by the record and field it sits in."""

    kind: str = Field(description="firm, buyer, interpreter, site, leg (venues, travel times) or rules.")
    index: int = Field(description="Position of the record in its list.")
    field: str = Field(description="Field holding the bad reference.")
    message: str
    ref: str | None = Field(None, description="The unknown id referred to, when that is the problem.")


def _duplicates(kind: str, ids: list[str], field: str = "id") -> list[ReferenceProblem]:
    seen: dict[str, int] = {}
    out = []
    for i, ident in enumerate(ids):
        if ident in seen:
            out.append(ReferenceProblem(kind=kind, index=i, field=field,
                                        message=f"duplicate id {ident!r} (first used by {kind} #{seen[ident] + 1})"))
        else:
            seen[ident] = i
    return out


def unknown_id(ident: str, known: set[str], what: str) -> str:
    close = difflib.get_close_matches(ident, sorted(known), n=1)
    hint = f"; did you mean {close[0]}?" if close else ""
    return f"unknown {what} id {ident!r}{hint}"


def buyer_leg(buyer: Buyer, mission: Mission) -> Leg | None:
    """The leg an in-person buyer is met in: its explicit leg, else the leg in its city."""
    return mission.leg_for(buyer.city, buyer.leg_id)


def reference_problems(
    mission: Mission,
    rules: Rules,
    firms: list[Firm],
    buyers: list[Buyer],
    interpreters: list[Interpreter],
    sites: list[Site],
) -> list[ReferenceProblem]:
    """Every problem that spans records: duplicates, unknown ids, buyers and sites without a leg."""
    P = ReferenceProblem  # noqa: N806 - a short alias keeps the many checks readable
    out: list[ReferenceProblem] = []
    out += _duplicates("firm", [f.id for f in firms])
    out += _duplicates("buyer", [b.id for b in buyers])
    out += _duplicates("interpreter", [i.id for i in interpreters])
    out += _duplicates("leg", [leg.id for leg in mission.legs])
    venues = [v for leg in mission.legs for v in leg.venues]
    first_leg: dict[str, str] = {}
    for leg_index, leg in enumerate(mission.legs):
        for j, venue in enumerate(leg.venues):
            if venue.id in first_leg:
                out.append(P(kind="leg", index=leg_index, field=f"venues[{j}].id",
                             message=f"duplicate venue id {venue.id!r} (first used in leg {first_leg[venue.id]!r})"))
            first_leg.setdefault(venue.id, leg.id)
    out += _duplicates("site", [s.id for s in sites])
    booths = [f.booth for f in firms]
    out += [p for p in _duplicates("firm", booths, "booth") if booths[p.index]]

    buyer_ids = {b.id for b in buyers}
    firm_ids = {f.id for f in firms}
    leg_ids = {leg.id for leg in mission.legs}
    site_by_id = {s.id: s for s in sites}
    places = {v.id for v in venues} | set(site_by_id)

    for i, firm in enumerate(firms):
        for field in ("must_meet", "never_meet", "met_before"):
            for ident in getattr(firm, field):
                if ident not in buyer_ids:
                    out.append(P(kind="firm", index=i, field=field, message=unknown_id(ident, buyer_ids, "buyer"),
                                 ref=ident))
        for ident in sorted(set(firm.must_meet) & set(firm.never_meet)):
            out.append(P(kind="firm", index=i, field="never_meet",
                         message=f"buyer {ident!r} is both must-meet and never-meet"))

    for field in ("must_meet", "never_meet"):
        for i, pair in enumerate(getattr(rules, field)):
            if pair.firm not in firm_ids:
                out.append(P(kind="rules", index=i, field=f"{field}.firm", message=unknown_id(pair.firm, firm_ids, "firm"),
                             ref=pair.firm))
            if pair.buyer not in buyer_ids:
                out.append(P(kind="rules", index=i, field=f"{field}.buyer",
                             message=unknown_id(pair.buyer, buyer_ids, "buyer"), ref=pair.buyer))
    requested = {(p.firm, p.buyer) for p in rules.must_meet} | {(f.id, b) for f in firms for b in f.must_meet}
    for i, precedence in enumerate(rules.precedences):
        for side in ("before", "after"):
            pair = getattr(precedence, side)
            if (pair.firm, pair.buyer) not in requested:
                out.append(P(kind="rules", index=i, field=f"precedences.{side}",
                             message=f"pair {pair.firm}-{pair.buyer} is not a must-meet pair; only requested "
                                     "meetings can be ordered"))
        if precedence.before == precedence.after:
            out.append(P(kind="rules", index=i, field="precedences",
                         message=f"pair {precedence.before.firm}-{precedence.before.buyer} cannot come before itself"))
    clash = {(p.firm, p.buyer) for p in rules.must_meet} & {(p.firm, p.buyer) for p in rules.never_meet}
    for i, pair in enumerate(rules.never_meet):
        if (pair.firm, pair.buyer) in clash:
            out.append(P(kind="rules", index=i, field="never_meet",
                         message=f"pair {pair.firm}-{pair.buyer} is both must-meet and never-meet"))

    for i, site in enumerate(sites):
        if site.buyer_id not in buyer_ids:
            out.append(P(kind="site", index=i, field="buyer_id", message=unknown_id(site.buyer_id, buyer_ids, "buyer"),
                         ref=site.buyer_id))

    for i, buyer in enumerate(buyers):
        if buyer.leg_id is not None and buyer.leg_id not in leg_ids:
            out.append(P(kind="buyer", index=i, field="leg_id", message=unknown_id(buyer.leg_id, leg_ids, "leg"),
                         ref=buyer.leg_id))
            continue
        if buyer.meets_at is MeetingPlace.site:
            if buyer.site_id is None:
                out.append(P(kind="buyer", index=i, field="site_id",
                             message="meets at its site but names no site (add a site id or meet at the venue)"))
            elif buyer.site_id not in site_by_id:
                out.append(P(kind="buyer", index=i, field="site_id",
                             message=unknown_id(buyer.site_id, set(site_by_id), "site"), ref=buyer.site_id))
            elif site_by_id[buyer.site_id].buyer_id != buyer.id:
                out.append(P(kind="buyer", index=i, field="site_id",
                             message=f"site {buyer.site_id!r} belongs to buyer {site_by_id[buyer.site_id].buyer_id!r}"))
        if buyer.meets_at is MeetingPlace.online and not mission.online:
            continue
        if buyer.meets_at is not MeetingPlace.online and mission.online:
            out.append(P(kind="buyer", index=i, field="meets_at",
                         message=f"this {mission.format.value} programme meets online only (set meets_at to online)"))
            continue
        if not mission.online and buyer_leg(buyer, mission) is None:
            cities = ", ".join(leg.city for leg in mission.legs)
            out.append(P(kind="buyer", index=i, field="city",
                         message=f"no leg is in {buyer.city or '(no city)'!r}; legs are in {cities} "
                                 f"(set the buyer's leg, or let it meet online)"))

    for i, interp in enumerate(interpreters):
        for ident in interp.legs:
            if ident not in leg_ids:
                out.append(P(kind="interpreter", index=i, field="legs", message=unknown_id(ident, leg_ids, "leg"),
                             ref=ident))

    for leg_index, leg in enumerate(mission.legs):
        for i, travel in enumerate(leg.travel_times):
            for field in ("origin", "destination"):
                ident = getattr(travel, field)
                if ident not in places:
                    out.append(P(kind="leg", index=leg_index, field=f"travel_times[{i}].{field}",
                                 message=unknown_id(ident, places, "place"), ref=ident))
    return out


class Scenario(Model):
    """A complete, cross-checked programme: mission, rules, weights and participants."""

    mission: Mission
    rules: Rules = Field(default_factory=Rules)
    weights: Weights = Field(default_factory=Weights)
    firms: list[Firm] = Field(min_length=1)
    buyers: list[Buyer] = Field(min_length=1)
    interpreters: list[Interpreter] = Field(default_factory=list)
    sites: list[Site] = Field(default_factory=list)
    synthetic: bool = Field(False, description="True when the participants are fictional.")

    @model_validator(mode="after")
    def _references(self) -> Self:
        problems = reference_problems(self.mission, self.rules, self.firms, self.buyers,
                                      self.interpreters, self.sites)
        if problems:
            raise ValueError("; ".join(f"{p.kind} #{p.index + 1} {p.field}: {p.message}" for p in problems))
        return self

    def firm(self, firm_id: str) -> Firm:
        return next(f for f in self.firms if f.id == firm_id)

    def buyer(self, buyer_id: str) -> Buyer:
        return next(b for b in self.buyers if b.id == buyer_id)

    def leg(self, leg_id: str) -> Leg:
        return next(leg for leg in self.mission.legs if leg.id == leg_id)
