"""The results report for city hall: what the meetings produced, in total and broken down (no I/O).

Consultations held, consultation amount, expected and signed contracts with their value, by firm,
by buyer country and by industry (the firm's first HS chapter), from the outcomes an officer
recorded. Positive outcomes (held, and a contract, a follow-up wish or interest 4-5) seed the
follow-up round: :func:`follow_up_scenario`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from pydantic import Field

from matching.domain import (
    MetBeforePolicy,
    MissionFormat,
    Model,
    Outcome,
    OutcomeStatus,
    Plan,
    Scenario,
)
from matching.taxonomy.hs import hs_entry
from matching.taxonomy.places import country_name

POSITIVE_INTEREST = 4


class Tally(Model):
    """Counts and amounts over a group of outcomes."""

    key: str = Field(description="Firm id, country code or HS chapter; 'total' for everything.")
    label: str = Field(description="Name shown in the report.")
    planned: int = Field(0, description="Meetings in the plan.")
    held: int = Field(0, description="Consultations held.")
    no_show: int = Field(0)
    cancelled: int = Field(0)
    consultation_usd: float = Field(0.0, description="Amount discussed, USD.")
    expected_contract_usd: float = Field(0.0, description="Expected contract amount, USD.")
    contracts: int = Field(0, description="Contracts signed.")
    contract_usd: float = Field(0.0, description="Value of the signed contracts, USD.")
    follow_ups: int = Field(0, description="Pairs wanting a follow-up round.")


class ResultsReport(Model):
    """The whole report: totals and the three breakdowns, largest consultation amount first."""

    mission_id: str
    title: str
    title_ko: str
    synthetic: bool
    recorded: int = Field(description="Outcome rows recorded.")
    unrecorded: int = Field(0, description="Rows left blank in the outcomes sheet.")
    total: Tally
    by_firm: list[Tally]
    by_country: list[Tally]
    by_industry: list[Tally]


def is_positive(outcome: Outcome) -> bool:
    """A meeting worth following up: held, and a contract, a follow-up wish or strong interest."""
    return outcome.status is OutcomeStatus.held and (
        outcome.contract_signed or outcome.follow_up or (outcome.interest or 0) >= POSITIVE_INTEREST)


def _sums(outcome: Outcome) -> dict[str, float]:
    """One outcome's contribution to a tally."""
    return {"held": outcome.status is OutcomeStatus.held, "no_show": outcome.status is OutcomeStatus.no_show,
            "cancelled": outcome.status is OutcomeStatus.cancelled, "consultation_usd": outcome.consultation_usd,
            "expected_contract_usd": outcome.expected_contract_usd, "contracts": outcome.contract_signed,
            "contract_usd": outcome.contract_usd, "follow_ups": outcome.follow_up}


def industry_of(hs_codes: list[str]) -> tuple[str, str]:
    """The HS chapter of a firm's first code and its description, or ('', 'not classified')."""
    if not hs_codes:
        return "", "not classified"
    chapter = hs_codes[0][:2]
    try:
        return chapter, f"HS {chapter} {hs_entry(chapter).description}"
    except KeyError:
        return chapter, f"HS {chapter}"


def _tallies(keys: Iterable[tuple[str, str]], key_of: Callable[[str, str], str], plan: Plan,
             outcomes: list[Outcome]) -> list[Tally]:
    labels = dict(keys)
    sums: dict[str, Counter[str]] = {key: Counter() for key in labels}
    for meeting in plan.meetings:
        sums[key_of(meeting.firm_id, meeting.buyer_id)]["planned"] += 1
    for outcome in outcomes:
        sums[key_of(outcome.firm_id, outcome.buyer_id)].update(_sums(outcome))
    groups = [Tally(key=key, label=labels[key], **counts)
              for key, counts in sums.items() if counts]
    return sorted(groups, key=lambda g: (-g.consultation_usd, -g.contract_usd, -g.held, g.key))


def results_report(scenario: Scenario, plan: Plan, outcomes: list[Outcome], unrecorded: int = 0) -> ResultsReport:
    """Totals and breakdowns by firm, buyer country and industry."""
    buyers = {b.id: b for b in scenario.buyers}
    industries = {f.id: industry_of(f.hs_codes) for f in scenario.firms}
    total = _tallies([("total", "all meetings")], lambda _f, _b: "total", plan, outcomes)
    by_firm = _tallies([(f.id, f"{f.name_ko or f.name_en} ({f.id})") for f in scenario.firms],
                       lambda f, _b: f, plan, outcomes)
    by_country = _tallies(sorted({(b.country, country_name(b.country)) for b in scenario.buyers}),
                          lambda _f, b: buyers[b].country, plan, outcomes)
    by_industry = _tallies(sorted(set(industries.values())), lambda f, _b: industries[f][0], plan, outcomes)
    mission = scenario.mission
    return ResultsReport(mission_id=mission.id, title=mission.name, title_ko=mission.name_ko or mission.name,
                         synthetic=scenario.synthetic, recorded=len(outcomes), unrecorded=unrecorded,
                         total=total[0] if total else Tally(key="total", label="all meetings"),
                         by_firm=by_firm, by_country=by_country, by_industry=by_industry)


def follow_up_scenario(scenario: Scenario, outcomes: list[Outcome]) -> Scenario:
    """The next round: only the firms and buyers of positive outcomes, each firm meeting only the
    buyers it met with a positive outcome (met-before policy 'only'); mission and legs are kept for
    the officer to change (a follow-up is usually online)."""
    positive: dict[str, set[str]] = defaultdict(set)
    for outcome in outcomes:
        if is_positive(outcome):
            positive[outcome.firm_id].add(outcome.buyer_id)
    if not positive:
        raise ValueError("no positive outcome (held, with a contract, a follow-up wish or interest 4-5) to follow up")
    wanted_buyers = set().union(*positive.values())
    firms = [f.model_copy(update={"met_before": sorted(positive[f.id]), "must_meet": [], "never_meet": []})
             for f in scenario.firms if f.id in positive]
    buyers = [b for b in scenario.buyers if b.id in wanted_buyers]
    rules = scenario.rules.model_copy(update={
        "met_before_policy": MetBeforePolicy.only, "must_meet": [], "never_meet": [],
        "min_meetings_per_firm": 0, "target_meetings_per_firm": None, "min_meetings_per_buyer": 0})
    mission = scenario.mission.model_copy(update={
        "id": f"{scenario.mission.id}-follow-up", "name": f"{scenario.mission.name}: follow-up",
        "name_ko": f"{scenario.mission.name_ko} 후속상담" if scenario.mission.name_ko else "",
        "format": MissionFormat.follow_up if scenario.mission.online else scenario.mission.format})
    sites = [s for s in scenario.sites if s.buyer_id in wanted_buyers]
    gone = {s.id for s in scenario.sites} - {s.id for s in sites}
    legs = [leg.model_copy(update={"travel_times": [t for t in leg.travel_times
                                                    if t.origin not in gone and t.destination not in gone]})
            for leg in mission.legs]
    return Scenario.model_validate(scenario.model_copy(update={
        "mission": mission.model_copy(update={"legs": legs}), "rules": rules, "firms": firms, "buyers": buyers,
        "sites": sites}).model_dump())
